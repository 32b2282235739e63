// Keel's hold and rest timer. Vanilla JS, no dependencies, works offline.
//
// A set page has <section id="timer" data-ready="5" data-hold="30"
// data-sides="right,left">: Start runs a get-ready countdown, then the hold
// (once per side, with a switch-sides countdown between), and beeps,
// vibrates and moves to the log form at the end. "Stop early" ends the hold
// and fills the form with the seconds done and an early-termination fault,
// as `keel go` does. Without data-hold (reps, carries) it counts in, then
// says GO. A rest page has data-rest="90": the rest starts at once.
//
// The screen is kept awake while a timer runs (Wake Lock API, re-acquired
// when the page becomes visible again). Space or Enter starts and pauses.
// Without JavaScript the page still works: the log form is a plain form.
(function () {
  "use strict";
  var box = document.getElementById("timer");
  if (!box) return;
  var clockEl = document.getElementById("timer-clock");
  var phaseEl = document.getElementById("timer-phase");
  var startBtn = document.getElementById("timer-start");
  var stopBtn = document.getElementById("timer-stop");

  function num(name) {
    var v = parseInt(box.getAttribute("data-" + name), 10);
    return isNaN(v) || v < 0 ? null : v;
  }

  var ready = num("ready") || 0;
  var hold = num("hold");
  var rest = num("rest");
  var sidesAttr = box.getAttribute("data-sides") || "";
  var sides = sidesAttr ? sidesAttr.split(",") : [null];

  // The phases to run, in order: {label, seconds, kind}.
  var phases = [];
  if (rest !== null) {
    phases.push({ label: "Rest", seconds: rest, kind: "rest" });
  } else {
    sides.forEach(function (side, i) {
      var on = side ? " - " + side + " side" : "";
      var readyLabel = (i === 0 ? "Get ready" : "Switch sides") + on;
      if (ready > 0) phases.push({ label: readyLabel, seconds: ready, kind: "ready" });
      if (hold !== null) phases.push({ label: "Hold" + on, seconds: hold, kind: "hold" });
    });
  }

  var index = -1; // current phase
  var running = false;
  var startedAt = 0; // performance.now() when the phase (re)started
  var doneBefore = 0; // ms of the phase done before the last pause
  var lastShown = -1;
  var frame = 0;

  // ---- sound, vibration, wake lock (each optional) ----
  var audio = null;
  function beep(times) {
    try {
      var Ctx = window.AudioContext || window.webkitAudioContext;
      if (!Ctx) return;
      if (!audio) audio = new Ctx();
      if (audio.state === "suspended") audio.resume();
      for (var i = 0; i < times; i++) {
        var osc = audio.createOscillator();
        var gain = audio.createGain();
        var at = audio.currentTime + i * 0.3;
        osc.frequency.value = 880;
        gain.gain.setValueAtTime(0.0001, at);
        gain.gain.exponentialRampToValueAtTime(0.4, at + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.25);
        osc.connect(gain).connect(audio.destination);
        osc.start(at);
        osc.stop(at + 0.26);
      }
    } catch (e) {
      /* no sound: the screen still says it */
    }
  }
  function buzz(pattern) {
    if (navigator.vibrate) {
      try { navigator.vibrate(pattern); } catch (e) { /* unsupported */ }
    }
  }
  var wakeLock = null;
  function keepAwake() {
    if (!("wakeLock" in navigator) || wakeLock) return;
    navigator.wakeLock.request("screen").then(function (lock) {
      wakeLock = lock;
      lock.addEventListener("release", function () { wakeLock = null; });
    }).catch(function () { /* denied or unsupported */ });
  }
  function letSleep() {
    if (wakeLock) { wakeLock.release().catch(function () {}); wakeLock = null; }
  }
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible" && running) keepAwake();
  });

  // ---- display ----
  function clock(s) {
    var m = Math.floor(s / 60);
    var r = s % 60;
    return m + ":" + (r < 10 ? "0" : "") + r;
  }
  function show(remaining) {
    if (remaining === lastShown) return;
    lastShown = remaining;
    clockEl.textContent = clock(remaining);
    if (remaining > 0 && remaining <= 3 && phases[index].kind === "ready") beep(1);
  }
  function setPhase(text) {
    phaseEl.textContent = text;
  }

  // ---- the countdown ----
  function elapsedMs() {
    return doneBefore + (running ? performance.now() - startedAt : 0);
  }
  function tick() {
    if (!running) return;
    var p = phases[index];
    var left = Math.max(0, Math.ceil(p.seconds - elapsedMs() / 1000));
    show(left);
    if (left <= 0) {
      next();
      return;
    }
    frame = requestAnimationFrame(tick);
  }
  function begin(i) {
    index = i;
    doneBefore = 0;
    startedAt = performance.now();
    lastShown = -1;
    var p = phases[i];
    setPhase(p.label);
    box.setAttribute("data-phase", p.kind);
    if (stopBtn) stopBtn.hidden = p.kind !== "hold";
    if (p.kind === "hold") { beep(1); buzz(100); }
    frame = requestAnimationFrame(tick);
  }
  function next() {
    if (index + 1 < phases.length) {
      begin(index + 1);
    } else {
      finish(false);
    }
  }
  function finish(early) {
    running = false;
    cancelAnimationFrame(frame);
    letSleep();
    if (stopBtn) stopBtn.hidden = true;
    if (startBtn) startBtn.hidden = true;
    box.setAttribute("data-phase", "done");
    if (rest !== null) {
      setPhase("Rest over: next set");
      clockEl.textContent = "0:00";
      beep(2);
      buzz([200, 100, 200]);
      var go = document.getElementById("next");
      if (go) go.focus();
      return;
    }
    if (!early) {
      beep(3);
      buzz([300, 100, 300]);
    }
    if (hold === null) {
      setPhase("GO: do the set, then log it");
      clockEl.textContent = "GO";
    } else {
      setPhase(early ? "Stopped early: check the form below" : "Done: log the set");
    }
    var form = document.getElementById("log");
    if (form) {
      form.scrollIntoView({ behavior: "smooth", block: "start" });
      var save = form.querySelector("button[type=submit]");
      if (save) save.focus({ preventScroll: true });
    }
  }
  function start() {
    if (index >= phases.length) return;
    if (phases.length === 0) { finish(false); return; }
    beep(0); // unlock audio within the user's gesture
    running = true;
    keepAwake();
    if (startBtn) startBtn.textContent = "Pause";
    if (index < 0) {
      begin(0);
    } else {
      startedAt = performance.now();
      setPhase(phases[index].label);
      frame = requestAnimationFrame(tick);
    }
  }
  function pause() {
    doneBefore = elapsedMs();
    running = false;
    cancelAnimationFrame(frame);
    letSleep();
    if (startBtn) startBtn.textContent = "Resume";
    setPhase("Paused: " + phases[index].label);
  }
  function toggle() {
    if (box.getAttribute("data-phase") === "done") return;
    if (running) pause(); else start();
  }

  // A hold stopped early is logged with the seconds done and an early termination.
  function stopEarly() {
    var p = phases[index];
    if (!p || p.kind !== "hold") return;
    var secs = Math.floor(elapsedMs() / 1000);
    var actual = document.getElementById("actual");
    if (actual) actual.value = String(Math.min(secs, p.seconds));
    var early = document.querySelector("input[name=fault][value=early-termination]");
    if (early) early.checked = true;
    finish(true);
  }

  if (startBtn) startBtn.addEventListener("click", toggle);
  if (stopBtn) stopBtn.addEventListener("click", stopEarly);
  document.addEventListener("keydown", function (e) {
    if (e.key !== " " && e.key !== "Enter") return;
    var t = e.target;
    var tag = t && t.tagName ? t.tagName.toLowerCase() : "";
    // Controls keep their own Space and Enter.
    if (tag === "input" || tag === "select" || tag === "textarea" || tag === "button" || tag === "a") return;
    e.preventDefault();
    toggle();
  });

  // The rest starts by itself: the user just saved a set.
  if (rest !== null) start();
})();

// Keel's hold and rest timer. Vanilla JS, no dependencies, works offline.
//
// A set page has <section id="timer" data-ready="5" data-hold="30"
// data-sides="right,left">: Start runs a get-ready countdown, then the hold,
// once per side, each side with its own get-ready and GO. Without data-hold
// (reps, carries) each side counts in and says GO; on a per-side set the
// main button then reads "Next side" and starts the next side's get-ready;
// the last side's GO leads to the log form. "Stop early" ends a hold and
// fills the form with the seconds done and an early-termination fault, as
// `keel go` does. A rest page has data-rest="90": the rest starts at once;
// -15 s and +15 s shorten and lengthen it (kept over a reload), and Skip
// ends it (then goes to data-skip-to, the next set, where there is one).
//
// Cues, each with its own tone and vibration pattern: the get-ready 3-2-1
// ticks, GO, the end of a side's hold, the end of the set, the end of the
// rest. Audio is unlocked by the first tap anywhere on the page.
//
// The screen is kept awake from Start until the rest after the set ends
// (Wake Lock API, re-acquired when the page becomes visible again); it is
// released only on Pause, at the end of the rest, or when the page goes.
//
// A running timer survives a reload: the phase and when it started are kept
// in sessionStorage under the page's address, and a reload resumes the
// clock where it is now. Space or Enter starts and pauses. Without
// JavaScript the page still works: the log form is a plain form.
(function () {
  "use strict";
  var box = document.getElementById("timer");
  if (!box) return;
  var clockEl = document.getElementById("timer-clock");
  var phaseEl = document.getElementById("timer-phase");
  var startBtn = document.getElementById("timer-start");
  var stopBtn = document.getElementById("timer-stop");
  var minusBtn = document.getElementById("rest-minus");
  var plusBtn = document.getElementById("rest-plus");
  var skipBtn = document.getElementById("rest-skip");
  // The list's rest is told apart by its address's query (?rest=ID).
  var storeKey = "keel-timer:" + location.pathname + location.search;

  function num(name) {
    var v = parseInt(box.getAttribute("data-" + name), 10);
    return isNaN(v) || v < 0 ? null : v;
  }

  var ready = num("ready") || 0;
  var hold = num("hold");
  var rest = num("rest");
  var sidesAttr = box.getAttribute("data-sides") || "";
  var sides = sidesAttr ? sidesAttr.split(",") : [null];

  // The phases to run, in order: {label, seconds, kind, side}. A "work"
  // phase (a side of a per-side rep set) has no clock: it waits for a tap.
  var phases = [];
  if (rest !== null) {
    phases.push({ label: "Rest", seconds: rest, kind: "rest" });
  } else {
    sides.forEach(function (side, i) {
      var on = side ? " - " + side + " side" : "";
      var readyLabel = (i === 0 ? "Get ready" : "Switch sides") + on;
      if (ready > 0) phases.push({ label: readyLabel, seconds: ready, kind: "ready" });
      if (hold !== null) {
        phases.push({ label: "Hold" + on, seconds: hold, kind: "hold" });
      } else if (i + 1 < sides.length) {
        phases.push({ label: "GO" + on + ": do the reps, then tap Next side", seconds: null, kind: "work" });
      }
    });
  }

  var index = -1; // current phase
  var running = false;
  var startedAt = 0; // Date.now() when the phase (re)started
  var doneBefore = 0; // ms of the phase done before the last pause
  var lastShown = -1;
  var timerId = 0;
  var extra = 0; // seconds the rest was lengthened (negative: shortened)

  // ---- sound, vibration, wake lock (each optional) ----
  var audio = null;
  function audioContext() {
    var Ctx = window.AudioContext || window.webkitAudioContext;
    if (!Ctx) return null;
    if (!audio) audio = new Ctx();
    return audio;
  }
  // Within the first tap: resume the context and play a silent buffer, so
  // later cues (outside any gesture) are allowed to sound.
  function unlockAudio() {
    try {
      var ctx = audioContext();
      if (!ctx) return;
      if (ctx.state === "suspended" && ctx.resume) ctx.resume();
      if (ctx.createBuffer && ctx.createBufferSource) {
        var src = ctx.createBufferSource();
        src.buffer = ctx.createBuffer(1, 1, 22050);
        src.connect(ctx.destination);
        src.start(0);
      }
    } catch (e) {
      /* no sound: the screen still says it */
    }
  }
  ["pointerdown", "touchstart", "keydown", "click"].forEach(function (type) {
    document.addEventListener(type, function unlock() {
      unlockAudio();
      document.removeEventListener(type, unlock, true);
    }, true);
  });
  // tones: [[hertz, seconds], ...] played one after the other.
  function sound(tones) {
    try {
      var ctx = audioContext();
      if (!ctx) return;
      if (ctx.state === "suspended" && ctx.resume) ctx.resume();
      var at = ctx.currentTime;
      tones.forEach(function (t) {
        var osc = ctx.createOscillator();
        var gain = ctx.createGain();
        osc.frequency.value = t[0];
        gain.gain.setValueAtTime(0.0001, at);
        gain.gain.exponentialRampToValueAtTime(0.4, at + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, at + t[1]);
        osc.connect(gain).connect(ctx.destination);
        osc.start(at);
        osc.stop(at + t[1] + 0.01);
        at += t[1] + 0.08;
      });
    } catch (e) {
      /* no sound: the screen still says it */
    }
  }
  function buzz(pattern) {
    if (navigator.vibrate) {
      try { navigator.vibrate(pattern); } catch (e) { /* unsupported */ }
    }
  }
  // Each cue sounds and feels different from the others.
  var CUES = {
    tick: { tones: [[660, 0.12]], vibrate: 60 },
    go: { tones: [[1320, 0.45]], vibrate: 250 },
    sideEnd: { tones: [[440, 0.2], [440, 0.2]], vibrate: [150, 100, 150] },
    setEnd: { tones: [[523, 0.2], [659, 0.2], [784, 0.5]], vibrate: [400, 150, 400, 150, 400] },
    restEnd: { tones: [[880, 0.2], [1175, 0.4]], vibrate: [200, 100, 200, 100, 200] }
  };
  function cue(name) {
    sound(CUES[name].tones);
    buzz(CUES[name].vibrate);
  }

  var wakeLock = null;
  var wantAwake = false;
  function keepAwake() {
    wantAwake = true;
    if (!("wakeLock" in navigator) || wakeLock) return;
    wakeLock = navigator.wakeLock.request("screen");
    wakeLock.then(function (lock) {
      if (!wantAwake) { lock.release(); wakeLock = null; return; }
      wakeLock = lock;
      lock.addEventListener("release", function () { if (wakeLock === lock) wakeLock = null; });
    }).catch(function () { wakeLock = null; /* denied or unsupported */ });
  }
  function letSleep() {
    wantAwake = false;
    if (wakeLock && wakeLock.release) { wakeLock.release().catch(function () {}); }
    wakeLock = null;
  }
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible" && wantAwake) keepAwake();
  });

  // ---- what survives a reload ----
  function save() {
    try {
      sessionStorage.setItem(storeKey, JSON.stringify({
        index: index, running: running, startedAt: startedAt, doneBefore: doneBefore, extra: extra
      }));
    } catch (e) { /* private mode: no resume */ }
  }
  function forget() {
    try { sessionStorage.removeItem(storeKey); } catch (e) { /* nothing kept */ }
  }
  function saved() {
    try {
      var s = JSON.parse(sessionStorage.getItem(storeKey) || "null");
      // A timer left running more than an hour ago is not this set's.
      if (s && typeof s.index === "number" && s.index >= 0 && s.index < phases.length &&
          Date.now() - s.startedAt < 3600000) return s;
    } catch (e) { /* nothing usable */ }
    return null;
  }

  // ---- display ----
  function clock(s) {
    var m = Math.floor(s / 60);
    var r = s % 60;
    return m + ":" + (r < 10 ? "0" : "") + r;
  }
  function show(remaining) {
    if (remaining === lastShown) return;
    var first = lastShown < 0;
    lastShown = remaining;
    clockEl.textContent = clock(remaining);
    if (!first && remaining > 0 && remaining <= 3 && phases[index].kind === "ready") cue("tick");
  }
  function setPhase(text) {
    phaseEl.textContent = text;
  }
  function mainButton() {
    if (!startBtn) return;
    var p = phases[index];
    if (p && p.kind === "work") startBtn.textContent = "Next side";
    else startBtn.textContent = running ? "Pause" : (index < 0 ? "Start" : "Resume");
  }

  // ---- the countdown ----
  function elapsedMs() {
    return doneBefore + (running ? Date.now() - startedAt : 0);
  }
  function tick() {
    if (!running) return;
    var p = phases[index];
    if (p.seconds === null) return;
    var left = Math.max(0, Math.ceil(p.seconds - elapsedMs() / 1000));
    show(left);
    if (left <= 0) next(true);
  }
  // Shows phase i as begun at `at` (ms), with or without its cue.
  function enter(i, at, withCue) {
    index = i;
    doneBefore = 0;
    startedAt = at;
    lastShown = -1;
    var p = phases[i];
    setPhase(p.label);
    box.setAttribute("data-phase", p.kind);
    if (stopBtn) stopBtn.hidden = p.kind !== "hold";
    if (p.kind === "work") clockEl.textContent = "GO";
    if (withCue && (p.kind === "hold" || p.kind === "work")) cue("go");
    mainButton();
    save();
    tick();
  }
  function next(withCue) {
    var ended = phases[index];
    var more = index + 1 < phases.length;
    if (withCue && ended.kind === "hold") cue(more ? "sideEnd" : "setEnd");
    if (more) {
      enter(index + 1, Date.now(), withCue);
    } else {
      finish(false, withCue);
    }
  }
  function finish(early, withCue) {
    running = false;
    clearInterval(timerId);
    forget();
    if (stopBtn) stopBtn.hidden = true;
    if (startBtn) startBtn.hidden = true;
    [minusBtn, plusBtn, skipBtn].forEach(function (b) { if (b) b.hidden = true; });
    box.setAttribute("data-phase", "done");
    if (rest !== null) {
      setPhase("Rest over: next set");
      clockEl.textContent = "0:00";
      if (withCue) cue("restEnd");
      letSleep();
      var go = document.getElementById("next");
      if (go) go.focus();
      return;
    }
    // The screen stays awake through the reps and the log form; the rest
    // page holds it until the rest ends.
    if (hold === null) {
      if (withCue) cue("go");
      setPhase("GO" + (sides[sides.length - 1] ? " - " + sides[sides.length - 1] + " side" : "") + ": do the set, then log it");
      clockEl.textContent = "GO";
    } else {
      setPhase(early ? "Stopped early: check the form below" : "Done: log the set");
    }
    var form = document.getElementById("log");
    if (form && hold !== null) {
      form.scrollIntoView({ behavior: "smooth", block: "start" });
      var submit = form.querySelector("button[type=submit]");
      if (submit) submit.focus({ preventScroll: true });
    }
  }
  function run() {
    running = true;
    clearInterval(timerId);
    timerId = setInterval(tick, 50);
  }
  function start() {
    if (index >= phases.length) return;
    if (phases.length === 0) { finish(false, true); return; }
    unlockAudio();
    keepAwake();
    if (index < 0) {
      run();
      enter(0, Date.now(), true);
    } else {
      startedAt = Date.now();
      run();
      setPhase(phases[index].label);
      mainButton();
      save();
    }
  }
  function pause() {
    doneBefore = elapsedMs();
    running = false;
    clearInterval(timerId);
    letSleep();
    mainButton();
    setPhase("Paused: " + phases[index].label);
    save();
  }
  function toggle() {
    if (box.getAttribute("data-phase") === "done") return;
    var p = phases[index];
    if (p && p.kind === "work") { next(true); return; }
    if (running) pause(); else start();
  }

  // A hold stopped early is logged with the seconds done and an early termination.
  function stopEarly() {
    var p = phases[index];
    if (!p || p.kind !== "hold") return;
    var secs = Math.floor(elapsedMs() / 1000);
    // A per-side set's form has a field per side, named by the side.
    var actual = document.getElementById("actual") || (p.side ? document.getElementById(p.side) : null);
    if (actual) actual.value = String(Math.min(secs, p.seconds));
    var early = document.querySelector("input[name=fault][value=early-termination]");
    if (early) early.checked = true;
    finish(true, false);
  }

  // -15 s / +15 s on the rest: the rest's length moves, the time already
  // rested stays; a rest shortened past what was rested ends at once.
  function adjustRest(delta) {
    var p = phases[index];
    if (!p || p.kind !== "rest" || box.getAttribute("data-phase") === "done") return;
    var seconds = Math.max(0, Math.min(3600, p.seconds + delta));
    extra += seconds - p.seconds;
    p.seconds = seconds;
    lastShown = -1;
    save();
    if (running) {
      tick();
    } else {
      show(Math.max(0, Math.ceil(p.seconds - doneBefore / 1000)));
      if (p.seconds * 1000 <= doneBefore) finish(false, false);
    }
  }
  function skipRest() {
    if (box.getAttribute("data-phase") === "done") return;
    finish(false, false);
    setPhase("Rest skipped: next set");
    var to = box.getAttribute("data-skip-to");
    if (to) location.assign(to);
  }

  // After a reload: the phase that is running now, silently past the ones
  // that ended while the page was gone.
  function resume(s) {
    if (typeof s.extra === "number" && rest !== null) {
      extra = s.extra;
      phases[0].seconds = Math.max(0, rest + extra);
    }
    if (!s.running && phases[s.index].seconds !== null) {
      enter(s.index, Date.now(), false);
      doneBefore = s.doneBefore;
      running = false;
      show(Math.max(0, Math.ceil(phases[index].seconds - doneBefore / 1000)));
      mainButton();
      setPhase("Paused: " + phases[index].label);
      save();
      return;
    }
    var i = s.index;
    var at = s.startedAt - s.doneBefore;
    var now = Date.now();
    while (i < phases.length && phases[i].seconds !== null && now - at >= phases[i].seconds * 1000) {
      at += phases[i].seconds * 1000;
      i += 1;
    }
    keepAwake();
    if (i >= phases.length) { finish(false, false); return; }
    run();
    enter(i, at, false);
  }

  if (startBtn) startBtn.addEventListener("click", toggle);
  if (stopBtn) stopBtn.addEventListener("click", stopEarly);
  if (rest !== null) {
    if (minusBtn) minusBtn.addEventListener("click", function () { adjustRest(-15); });
    if (plusBtn) plusBtn.addEventListener("click", function () { adjustRest(15); });
    if (skipBtn) skipBtn.addEventListener("click", skipRest);
    [minusBtn, plusBtn, skipBtn].forEach(function (b) { if (b) b.hidden = false; });
  }
  // A logged set needs no clock any more.
  var logForm = document.getElementById("log");
  if (logForm) logForm.addEventListener("submit", forget);
  document.addEventListener("keydown", function (e) {
    if (e.key !== " " && e.key !== "Enter") return;
    var t = e.target;
    var tag = t && t.tagName ? t.tagName.toLowerCase() : "";
    // Controls keep their own Space and Enter.
    if (tag === "input" || tag === "select" || tag === "textarea" || tag === "button" || tag === "a" || tag === "summary") return;
    e.preventDefault();
    toggle();
  });

  var kept = saved();
  if (kept) {
    resume(kept);
  } else if (rest !== null) {
    // The rest starts by itself: the user just saved a set.
    start();
  }
})();

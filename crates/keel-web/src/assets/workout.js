// The session clock of the workout pages: how long today's session has
// run, from when it started on this phone. The start is kept in
// localStorage under the day (so a reload, a closed tab or the next page
// goes on counting) and is never later than the day's first set as the
// server recorded it (data-first-set, ms), which covers another phone or a
// cleared storage. The session summary's minutes are prefilled from it
// (data-elapsed-fill) until minutes are logged; saving the summary ends it.
"use strict";
(function () {
  const KEY = "keel-session-start";
  const el = document.getElementById("elapsed");
  if (!el) return;
  const clockEl = document.getElementById("elapsed-clock");
  const day = el.getAttribute("data-date");
  const fill = document.querySelector("[data-elapsed-fill]");
  const summary = document.getElementById("summary");

  function kept() {
    try {
      const k = JSON.parse(localStorage.getItem(KEY) || "null");
      if (k && k.day === day && typeof k.start === "number") return k.start;
    } catch (e) {
      /* nothing usable */
    }
    return null;
  }
  function keep(start) {
    try {
      localStorage.setItem(KEY, JSON.stringify({ day: day, start: start }));
    } catch (e) {
      /* private mode: the clock counts from this page only */
    }
  }

  let start = kept();
  const first = parseInt(el.getAttribute("data-first-set"), 10);
  if (!isNaN(first) && (start === null || first < start)) start = first;
  // A set, rest or list page starts the session; the summary only reads it.
  if (start === null && !summary) start = Date.now();
  if (start === null) return;
  keep(start);

  function minutes() {
    return Math.min(600, Math.max(1, Math.round((Date.now() - start) / 60000)));
  }
  function text(ms) {
    const s = Math.max(0, Math.floor(ms / 1000));
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    const r = s % 60;
    const two = (n) => (n < 10 ? "0" : "") + n;
    return h > 0 ? h + ":" + two(m) + ":" + two(r) : m + ":" + two(r);
  }
  function show() {
    clockEl.textContent = text(Date.now() - start);
  }
  el.hidden = false;
  show();
  setInterval(show, 1000);

  if (fill) {
    fill.value = String(minutes());
    const why = document.getElementById("minutes-from");
    if (why) why.textContent = "From the session clock.";
  }
  if (summary) {
    summary.addEventListener("submit", () => {
      try {
        localStorage.removeItem(KEY);
      } catch (e) {
        /* nothing kept */
      }
    });
  }
})();

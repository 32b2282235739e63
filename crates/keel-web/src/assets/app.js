// On every page: registers the service worker (sw.js) and keeps sets
// logged without a connection on this phone (IndexedDB), each with its
// idempotency key, until the server has them. The queue is sent in order
// when the connection returns; the server answers a retry with the same
// key with its first answer, so a set is never stored twice.
"use strict";
(function () {
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/assets/sw.js", { scope: "/" }).catch(() => {});
  }
  if (!("indexedDB" in window)) return;

  const DB = "keel-offline";
  const STORE = "sets";

  function open() {
    return new Promise((resolve, reject) => {
      const req = indexedDB.open(DB, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: "seq", autoIncrement: true });
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  }

  function run(mode, work) {
    return open().then(
      (db) =>
        new Promise((resolve, reject) => {
          const tx = db.transaction(STORE, mode);
          const result = work(tx.objectStore(STORE));
          tx.oncomplete = () => resolve(result && "result" in result ? result.result : undefined);
          tx.onerror = () => reject(tx.error);
        })
    );
  }

  const all = () => run("readonly", (s) => s.getAll());
  const add = (entry) => run("readwrite", (s) => s.add(entry));
  const remove = (seq) => run("readwrite", (s) => s.delete(seq));

  // The status line, under the page's heading, read out when it changes.
  function status() {
    let el = document.getElementById("offline-status");
    if (!el) {
      el = document.createElement("p");
      el.id = "offline-status";
      el.className = "notice";
      el.setAttribute("role", "status");
      // Beside the button on a set page, else at the top of the page.
      const button = document.querySelector("#log button[type=submit]");
      const main = document.querySelector("main") || document.body;
      if (button) button.parentNode.insertBefore(el, button);
      else main.insertBefore(el, main.firstChild);
    }
    return el;
  }

  function show() {
    return all().then((queued) => {
      const el = document.getElementById("offline-status");
      if (queued.length > 0) {
        status().textContent = "Saved on this phone, not yet on the server (" + queued.length + ")";
      } else if (el) {
        el.remove();
      }
      return queued.length;
    });
  }

  function post(body) {
    return fetch("/session/log", {
      method: "POST",
      body: body,
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      credentials: "same-origin",
    });
  }

  // Sends the queue oldest first; stops at the first failure so the order
  // holds, and keeps whatever was not acknowledged.
  let sending = false;
  function flush() {
    if (sending) return Promise.resolve();
    sending = true;
    let sent = 0;
    const next = () =>
      all().then((queued) => {
        if (queued.length === 0) return;
        const first = queued[0];
        return post(first.body).then((response) => {
          if (!response.ok) throw new Error("refused " + response.status);
          sent += 1;
          return remove(first.seq).then(next);
        });
      });
    return next()
      .catch(() => {})
      .then(() => {
        sending = false;
        return show();
      })
      .then((left) => {
        // The set page shown was the one before the queued sets: move on.
        if (sent > 0 && left === 0 && location.pathname.startsWith("/session")) location.reload();
      });
  }

  // A fresh idempotency key for a form made here: 128 random bits in hex.
  function freshKey() {
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  // Offline on the list: the ticked row says it is kept on the phone, and
  // its form moves to the exercise's next row (that set's number, a fresh
  // key), so the session can go on being ticked off; the queue sends them
  // in order, and the server takes each as that exercise's next set.
  function advance(form) {
    const row = form.closest("li[data-set]");
    if (!row) return;
    const step = row.getAttribute("data-step") || "";
    const next = row.nextElementSibling;
    row.classList.remove("next");
    row.classList.add("queued");
    row.textContent = step.charAt(0).toUpperCase() + step.slice(1) + ": saved on this phone, not yet on the server";
    if (!next || !next.hasAttribute("data-set")) return;
    const set = next.getAttribute("data-set");
    const nextStep = next.getAttribute("data-step") || "";
    const exercise = form.getAttribute("data-exercise") || "";
    form.querySelector("[name=set]").value = set;
    const key = form.querySelector("[name=idempotency_key]");
    if (key) key.value = freshKey();
    const note = form.querySelector("[name=note]");
    if (note) note.value = "";
    const label = form.querySelector("label[for^=actual]");
    if (label) label.textContent = nextStep.charAt(0).toUpperCase() + nextStep.slice(1) + ", " + form.getAttribute("data-unit");
    const done = form.querySelector("button[type=submit]");
    if (done) done.setAttribute("aria-label", "Done: " + exercise + ", " + nextStep);
    const guided = form.querySelector("a.button");
    if (guided) {
      guided.href = guided.getAttribute("href").replace(/\/\d+$/, "/" + set);
      guided.setAttribute("aria-label", "Guided: " + exercise + ", " + nextStep);
    }
    next.textContent = "";
    next.className = "next";
    next.appendChild(form);
  }

  // The set page's form and each row of the list (data-queue).
  document.querySelectorAll("form[data-queue]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const data = new FormData(form);
      const body = new URLSearchParams(data).toString();
      const pain = data.get("pain");
      post(body).then(
        // The server has it: submit for real, and it answers with its first
        // answer (same idempotency key), which the browser then shows.
        () => form.submit(),
        () => {
          if ((pain !== null && pain !== "0") || data.get("sharp")) {
            // Pain needs the red-flag questions, which need the server.
            status().textContent =
              "No connection. With pain, stop this exercise: the red-flag questions need the server; " +
              "this set was not saved.";
            return;
          }
          // A second tap on the same form is the same set (same key).
          const key = data.get("idempotency_key");
          return all()
            .then((queued) =>
              queued.some((q) => q.key === key) ? false : add({ key: key, body: body }).then(() => true)
            )
            .then((added) =>
              show().then(() => {
                if (added && !form.id) advance(form);
              })
            );
        }
      );
    });
  });

  window.addEventListener("online", flush);
  show().then((n) => {
    if (n > 0 && navigator.onLine) flush();
  });
})();

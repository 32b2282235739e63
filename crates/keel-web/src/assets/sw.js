// Keel's service worker: keeps the app shell (stylesheet, scripts, icons)
// and the pages of today's session as they are visited, and answers from
// them when the network is gone. Served from /assets/sw.js with
// Service-Worker-Allowed: / so its scope is the whole app. Posts are never
// touched here: a set logged offline is queued by app.js (IndexedDB).
"use strict";

const SHELL = "keel-shell-v2";
const PAGES = "keel-pages-v1";
const SHELL_FILES = [
  "/assets/style.css",
  "/assets/timer.js",
  "/assets/app.js",
  "/assets/workout.js",
  "/assets/manifest.webmanifest",
  "/assets/icon-192.png",
  "/assets/icon-512.png",
  "/assets/icon-maskable-512.png",
  "/favicon.ico",
];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(SHELL).then((c) => c.addAll(SHELL_FILES)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== SHELL && k !== PAGES).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

// The pages kept for offline use: today, the list of its sets and the
// guided session.
function keptPage(url) {
  return url.pathname === "/" || url.pathname === "/session" || url.pathname.startsWith("/session/");
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST") {
    // Signing out forgets the kept pages: a shared phone shows nobody's day.
    if (url.pathname === "/logout") event.waitUntil(caches.delete(PAGES));
    return;
  }
  if (request.method !== "GET") return;
  if (url.pathname.startsWith("/assets/") || url.pathname === "/favicon.ico") {
    // The shell: the network when there is one (fresh after an upgrade),
    // the kept copy when not.
    event.respondWith(
      fetch(request)
        .then((response) => {
          if (response.ok) {
            const copy = response.clone();
            caches.open(SHELL).then((c) => c.put(request, copy));
          }
          return response;
        })
        .catch(() => caches.match(request).then((hit) => hit || Response.error()))
    );
    return;
  }
  if (request.mode === "navigate") {
    // Any page: the network first; offline, the kept copy of a page of
    // today's session, else a page saying there is no connection.
    event.respondWith(
      fetch(request)
        .then((response) => {
          if (keptPage(url) && response.ok && !response.redirected) {
            const copy = response.clone();
            caches.open(PAGES).then((c) => c.put(request, copy));
          }
          return response;
        })
        .catch(() =>
          caches.match(request, { cacheName: PAGES }).then(
            (hit) =>
              hit ||
              new Response(
                "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Offline - Keel</title>" +
                  "<link rel=\"stylesheet\" href=\"/assets/style.css\"></head><body><main>" +
                  "<h1>No connection</h1><p>This page was not kept on this phone. " +
                  "Today's session pages you opened are kept; try again when the connection returns.</p>" +
                  "<p><a href=\"/\">Today</a></p></main></body></html>",
                { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } }
              )
          )
        )
    );
  }
});

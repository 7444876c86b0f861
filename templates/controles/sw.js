// Service worker of the controles app (scope /controles/): keeps today's controls and their
// visit forms usable without a connection. Network first, so online users always see fresh
// data; the cache is only the fallback. Unsent visits live in IndexedDB (see controles.js),
// never here. Served by a view so its scope may cover /controles/.
//
// Copies are kept and found by URL alone (ignoreVary): the server answers with
// "Vary: Accept-Language, Cookie", and a browser that sends Accept-Language would otherwise
// never find its offline copy. One URL is one page for one logged-in user here, and logging
// out (static/js/uitloggen.js, from any page) deletes this cache.
const CACHE = "controles-offline-v{{ versie }}";
const ZOEK = { ignoreVary: true };

self.addEventListener("install", (event) => {
  self.skipWaiting();
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys().then((namen) => Promise.all(namen.filter((n) => n.startsWith("controles-offline-") && n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim())
  );
});

async function bewaar(urls) {
  const cache = await caches.open(CACHE);
  for (const url of new Set(urls)) {
    try {
      const antwoord = await fetch(url, { credentials: "same-origin", redirect: "manual" });
      if (antwoord.ok && antwoord.type === "basic") await cache.put(new URL(url, self.location.href).href, antwoord);
    } catch (e) {
      // offline while caching: keep what we have
    }
  }
}

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "bewaar" && Array.isArray(data.urls)) event.waitUntil(bewaar(data.urls));
});

self.addEventListener("fetch", (event) => {
  const verzoek = event.request;
  if (verzoek.method !== "GET" || new URL(verzoek.url).origin !== self.location.origin) return;
  // Data requests of the queue (a fresh CSRF token) go straight to the network, never to a copy.
  if ((verzoek.headers.get("Accept") || "").includes("application/json")) return;
  event.respondWith(
    (async () => {
      try {
        const antwoord = await fetch(verzoek);
        // Keep the copy of a page we already keep offline up to date.
        if (antwoord.ok && antwoord.type === "basic") {
          const cache = await caches.open(CACHE);
          if (await cache.match(verzoek.url, ZOEK)) await cache.put(verzoek.url, antwoord.clone());
        }
        return antwoord;
      } catch (e) {
        const cache = await caches.open(CACHE);
        const bewaard =
          (await cache.match(verzoek.url, ZOEK)) || (await cache.match(verzoek.url, { ...ZOEK, ignoreSearch: true }));
        if (bewaard) return bewaard;
        throw e;
      }
    })()
  );
});

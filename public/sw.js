/*
 * Xietong's service worker. Pages are fetched from the network first; offline, a saved meeting pack
 * or the offline page is shown. It keeps only public things (the offline page, icons, Next's hashed
 * static files, the catalogue scripts) and meeting packs the server vouched for (GET /api/meetings/<id>/offline answers
 * `X-Xietong-Offline: ok` only to someone who may read that meeting). API answers (/api/…, the tRPC
 * calls and sockets included) are never stored. Signing out deletes the saved packs.
 */
const SHELL_CACHE = "xietong-shell-v1";
const PACK_CACHE = "xietong-packs-v1";
const SHELL_URLS = ["/offline", "/icons/icon-192.png", "/icons/icon-512.png"];

/**
 * What to do with one request: a pure rule (unit-tested in server/testing/service-worker.test.ts).
 * "bypass": the network only, never stored. "static": cache first (the files never change).
 * "pack": network first, stored after the server's check. "page": network, else the offline page.
 * "sign-out": let it through, and forget the saved packs.
 */
function offlineRoute(request, origin) {
  const url = new URL(request.url);
  if (url.origin !== origin) return "bypass";
  const path = url.pathname;
  if (request.method === "POST" && path === "/api/auth/signout") return "sign-out";
  if (request.method !== "GET") return "bypass";
  if (path.startsWith("/api/") || path.startsWith("/socket.io/")) return "bypass";
  // /catalogue/<locale>.<hash>.js: the message catalogue the pages run before hydrating, named by its content.
  if (path.startsWith("/_next/static/") || path.startsWith("/icons/") || path.startsWith("/catalogue/"))
    return "static";
  if (/^\/meetings\/[1-9][0-9]{0,9}\/pack\/?$/.test(path) && request.mode === "navigate") return "pack";
  if (request.mode === "navigate") return "page";
  return "bypass";
}

/** The check URL of a pack page. */
function packCheckUrl(path) {
  const id = /^\/meetings\/([1-9][0-9]{0,9})\/pack\/?$/.exec(path)[1];
  return `/api/meetings/${id}/offline`;
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(SHELL_CACHE)
      .then((cache) => cache.addAll(SHELL_URLS))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  const keep = [SHELL_CACHE, PACK_CACHE];
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => !keep.includes(name)).map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "forget-packs") event.waitUntil(caches.delete(PACK_CACHE));
});

async function offlinePage() {
  return (await caches.match("/offline")) || new Response("offline", { status: 503 });
}

async function staticFirst(request) {
  const cached = await caches.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) {
    const cache = await caches.open(SHELL_CACHE);
    await cache.put(request, response.clone());
  }
  return response;
}

async function pack(request) {
  const cache = await caches.open(PACK_CACHE);
  let response;
  try {
    response = await fetch(request);
  } catch {
    return (await cache.match(request)) || offlinePage();
  }
  try {
    const check = response.ok
      ? await fetch(packCheckUrl(new URL(request.url).pathname), { credentials: "same-origin", cache: "no-store" })
      : null;
    if (check && check.ok && check.headers.get("X-Xietong-Offline") === "ok")
      await cache.put(request, response.clone());
    else await cache.delete(request);
  } catch {
    // The check failed: nothing new is stored, what the network gave is still shown.
  }
  return response;
}

async function page(request) {
  try {
    return await fetch(request);
  } catch {
    return offlinePage();
  }
}

self.addEventListener("fetch", (event) => {
  const route = offlineRoute(event.request, self.location.origin);
  if (route === "static") event.respondWith(staticFirst(event.request));
  else if (route === "pack") event.respondWith(pack(event.request));
  else if (route === "page") event.respondWith(page(event.request));
  else if (route === "sign-out") event.waitUntil(caches.delete(PACK_CACHE));
});

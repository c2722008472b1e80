import { readFileSync } from "node:fs";
import path from "node:path";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";

/** public/sw.js run as a browser would load it, with a stand-in `self`; its routing rule is then read off the context. */
function loadWorker() {
  const listeners = new Map<string, unknown>();
  const context: Record<string, unknown> = {
    self: { addEventListener: (type: string, listener: unknown) => listeners.set(type, listener) },
    URL,
  };
  runInNewContext(readFileSync(path.resolve("public/sw.js"), "utf8"), context);
  return {
    listeners,
    route: context.offlineRoute as (request: { url: string; method: string; mode: string }, origin: string) => string,
    check: context.packCheckUrl as (path: string) => string,
  };
}

const origin = "https://xietong.example.cn";
const request = (url: string, over: { method?: string; mode?: string } = {}) => ({
  url: url.startsWith("http") ? url : `${origin}${url}`,
  method: over.method ?? "GET",
  mode: over.mode ?? "navigate",
});

describe("the service worker's routing rule", () => {
  const { route, check, listeners } = loadWorker();

  it("listens for install, activate, fetch and messages", () => {
    expect([...listeners.keys()].sort()).toEqual(["activate", "fetch", "install", "message"]);
  });

  it("never stores API answers: tRPC, attachments, the pack check, auth, sockets", () => {
    for (const url of [
      "/api/trpc/meetings.get?input=%7B%7D",
      "/api/attachments/3",
      "/api/meetings/4/offline",
      "/api/auth/session",
      "/socket.io/?EIO=4",
    ]) {
      expect(route(request(url, { mode: "cors" }), origin)).toBe("bypass");
      expect(route(request(url), origin)).toBe("bypass");
    }
  });

  it("keeps meeting packs only (after the server's check), and shows other pages from the network", () => {
    expect(route(request("/meetings/12/pack"), origin)).toBe("pack");
    expect(route(request("/meetings/12/pack/"), origin)).toBe("pack");
    expect(check("/meetings/12/pack")).toBe("/api/meetings/12/offline");
    // The live meeting page, drafts' edit pages and everyone's dashboard are not stored.
    for (const url of ["/meetings/12", "/meetings/12/edit", "/", "/projects/3", "/meetings/0/pack", "/meetings/x/pack"])
      expect(route(request(url), origin)).toBe("page");
    // A pack fetched by a script (not a navigation) is not stored either.
    expect(route(request("/meetings/12/pack", { mode: "cors" }), origin)).toBe("bypass");
  });

  it("caches Next's hashed static files and the icons, nothing from other origins, and no writes", () => {
    expect(route(request("/_next/static/chunks/app.js", { mode: "no-cors" }), origin)).toBe("static");
    expect(route(request("/icons/icon-192.png", { mode: "no-cors" }), origin)).toBe("static");
    expect(route(request("/catalogue/en.lH5fL2FR6DtZU9_e.js", { mode: "no-cors" }), origin)).toBe("static");
    expect(route(request("https://cdn.example.com/_next/static/x.js", { mode: "no-cors" }), origin)).toBe("bypass");
    expect(route(request("/meetings/12/pack", { method: "POST" }), origin)).toBe("bypass");
  });

  it("forgets the saved packs on sign-out", () => {
    expect(route(request("/api/auth/signout", { method: "POST", mode: "cors" }), origin)).toBe("sign-out");
  });
});

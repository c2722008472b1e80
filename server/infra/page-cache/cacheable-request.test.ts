import { describe, expect, it } from "vitest";
import { acceptsGzip, cacheablePageKey } from "./cacheable-request";

const get = (url: string, headers: Record<string, string> = {}) => cacheablePageKey({ method: "GET", url, headers });

describe("which page requests the signed-out page cache answers", () => {
  it("keys the public reading pages by locale and URL, query included", () => {
    expect(get("/topics/12")).toBe("zh-CN /topics/12");
    expect(get("/projects/3?tab=ballots", { "accept-language": "en-GB,en;q=0.9" })).toBe("en /projects/3?tab=ballots");
    expect(get("/forums/yrd-ai", { cookie: "NEXT_LOCALE=en" })).toBe("en /forums/yrd-ai");
    expect(get("/", { cookie: "NEXT_LOCALE=zh-CN", "accept-language": "en" })).toBe("zh-CN /");
    for (const url of ["/fund/4", "/meetings", "/people/9", "/alliances/clusters/ev", "/open-data", "/regions/yrd"])
      expect(get(url)).not.toBeNull();
  });

  it("renders for anyone with a session, or a cookie it does not know", () => {
    expect(get("/topics/1", { cookie: "next-auth.session-token=abc" })).toBeNull();
    expect(get("/topics/1", { cookie: "__Secure-next-auth.session-token.0=abc" })).toBeNull();
    expect(get("/topics/1", { cookie: "NEXT_LOCALE=en; tracking=1" })).toBeNull();
    // Sign-in bookkeeping and the locale change nothing a page shows.
    expect(get("/topics/1", { cookie: "next-auth.csrf-token=x; next-auth.callback-url=%2F; NEXT_LOCALE=en" })).toBe(
      "en /topics/1",
    );
  });

  it("renders navigations, prefetches and anything not a whole-document GET", () => {
    expect(get("/topics/1", { rsc: "1" })).toBeNull();
    expect(get("/topics/1", { "next-router-prefetch": "1" })).toBeNull();
    expect(get("/topics/1?_rsc=abc")).toBeNull();
    expect(cacheablePageKey({ method: "POST", url: "/topics/1", headers: {} })).toBeNull();
    expect(cacheablePageKey({ method: "HEAD", url: "/topics/1", headers: {} })).toBeNull();
  });

  it("renders pages that are personal, forms, or not pages", () => {
    for (const url of [
      "/me",
      "/notifications",
      "/sign-in",
      "/admin",
      "/moderation",
      "/topics/1/edit",
      "/projects/new",
      "/unsubscribe?token=x",
      "/invite/abc",
      "/api/trpc/reference.regions",
      "/_next/static/chunks/a.js",
      "/topics/abc",
    ])
      expect(get(url), url).toBeNull();
  });
});

describe("whether a client takes gzip", () => {
  it("reads Accept-Encoding with its q-values", () => {
    expect(acceptsGzip("gzip, deflate, br")).toBe(true);
    expect(acceptsGzip("br;q=1.0, gzip;q=0.8")).toBe(true);
    expect(acceptsGzip("*")).toBe(true);
    expect(acceptsGzip("gzip;q=0, *")).toBe(false);
    expect(acceptsGzip("br")).toBe(false);
    expect(acceptsGzip("identity")).toBe(false);
    expect(acceptsGzip(undefined)).toBe(false);
  });
});

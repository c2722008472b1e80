import { describe, expect, it } from "vitest";
import {
  checkApiMutation,
  checkRequestBody,
  checkSameSite,
  contentSecurityPolicy,
  isServedFileRoute,
  isUploadRoute,
  securityHeaders,
  socketOriginAllowed,
} from "./http-security";

const base = {
  method: "POST",
  host: "localhost:3000",
  origin: "http://localhost:3000",
  secFetchSite: "same-origin",
  contentType: "application/json",
};

describe("checkApiMutation", () => {
  it("accepts same-origin JSON writes and every read", () => {
    expect(checkApiMutation(base)).toEqual({ ok: true });
    expect(checkApiMutation({ ...base, origin: undefined, secFetchSite: undefined })).toEqual({ ok: true });
    expect(
      checkApiMutation({ ...base, method: "GET", origin: "https://evil.example", contentType: undefined }),
    ).toEqual({ ok: true });
  });

  it("refuses writes from another origin, an opaque origin, or a browser that says cross-site", () => {
    expect(checkApiMutation({ ...base, origin: "https://evil.example" })).toMatchObject({ ok: false, status: 403 });
    expect(checkApiMutation({ ...base, origin: "http://localhost:3001" })).toMatchObject({ ok: false, status: 403 });
    expect(checkApiMutation({ ...base, origin: "null" })).toMatchObject({ ok: false, status: 403 });
    expect(checkApiMutation({ ...base, origin: undefined, secFetchSite: "cross-site" })).toMatchObject({
      ok: false,
      status: 403,
    });
    expect(checkApiMutation({ ...base, origin: "::not a url" })).toMatchObject({ ok: false, status: 403 });
  });

  it("refuses non-JSON bodies, which is all a cross-site form can send", () => {
    for (const contentType of [
      undefined,
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
      "text/plain",
    ]) {
      expect(checkApiMutation({ ...base, contentType })).toMatchObject({ ok: false, status: 415 });
    }
  });
});

describe("security headers", () => {
  it("carry a nonce-based CSP that forbids framing, and HSTS only in production", () => {
    const csp = contentSecurityPolicy("abc123", false);
    expect(csp).toContain("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(contentSecurityPolicy("n", true)).toContain("'unsafe-eval'");
    expect(securityHeaders({ nonce: "n", production: true, development: false })).toMatchObject({
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "strict-origin-when-cross-origin",
      "Strict-Transport-Security": expect.stringContaining("max-age="),
    });
    expect(securityHeaders({ nonce: "n", production: false, development: true })).not.toHaveProperty(
      "Strict-Transport-Security",
    );
  });

  it("allow socket handshakes without an Origin (non-browser) or from this host only", () => {
    expect(socketOriginAllowed(undefined, "localhost:3000")).toBe(true);
    expect(socketOriginAllowed("http://localhost:3000", "localhost:3000")).toBe(true);
    expect(socketOriginAllowed("https://evil.example", "localhost:3000")).toBe(false);
    expect(socketOriginAllowed("garbage", "localhost:3000")).toBe(false);
  });
});

describe("the upload route", () => {
  it("is POST /api/attachments however the path is spelt, and nothing else", () => {
    expect(isUploadRoute("/api/attachments?kind=project&id=1&name=a.pdf")).toBe(true);
    expect(isUploadRoute("/api/./attachments?x=1")).toBe(true);
    expect(isUploadRoute("//api/%61ttachments")).toBe(true);
    expect(isUploadRoute("/api/attachments/3")).toBe(false);
    expect(isUploadRoute("/api/trpc/attachments.list")).toBe(false);
  });

  it("serves files under their own CSP, and only files", () => {
    expect(isServedFileRoute("/api/attachments/12?version=2")).toBe(true);
    expect(isServedFileRoute("/api/%61ttachments/12")).toBe(true);
    expect(isServedFileRoute("/api/attachments")).toBe(false);
    expect(isServedFileRoute("/api/attachments/12/../../../projects/1")).toBe(false);
    expect(isServedFileRoute("/projects/1")).toBe(false);
  });

  it("takes one attachment's size there, and refuses cross-site uploads like any cookie write", () => {
    const twentyMb = 20 * 1024 * 1024;
    expect(checkRequestBody({ contentLength: String(twentyMb), transferEncoding: undefined }, twentyMb).ok).toBe(true);
    expect(
      checkRequestBody({ contentLength: String(twentyMb + 1), transferEncoding: undefined }, twentyMb),
    ).toMatchObject({
      ok: false,
      status: 413,
    });
    expect(checkSameSite({ host: "a.cn", origin: "https://evil.example", secFetchSite: "cross-site" })).toMatchObject({
      ok: false,
      status: 403,
    });
    expect(checkSameSite({ host: "a.cn", origin: "https://a.cn", secFetchSite: "same-origin" }).ok).toBe(true);
  });
});

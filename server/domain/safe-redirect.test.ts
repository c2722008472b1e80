import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { safeRedirectPath, safeRedirectUrl } from "./safe-redirect";

const base = "http://xietong.test:3000";
const origin = new URL(base).origin;

/** How a browser would read the location we send: relative to the page it is on. */
const landsOn = (location: string) => new URL(location, `${base}/sign-in?x=1`).origin;

describe("safeRedirectPath", () => {
  it("keeps same-site paths with their query and fragment", () => {
    expect(safeRedirectPath("/projects/4?tab=ballot#result", base)).toBe("/projects/4?tab=ballot#result");
    expect(safeRedirectPath(`${base}/me`, base)).toBe("/me");
    expect(safeRedirectPath("me", base)).toBe("/me");
  });

  it.each([
    "/\\evil.example/",
    "\\\\evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "\t//evil.example",
    "//evil.example",
    "///evil.example",
    "/.//evil.example",
    "https://evil.example/",
    "http://xietong.test:3000@evil.example/",
    "http://user:pass@xietong.test:3000/",
    "javascript:alert(1)",
    "data:text/html,hi",
    "http://xietong.test:3001/",
    "",
  ])("sends %j home", (target) => {
    expect(safeRedirectPath(target, base)).toBe("/");
  });

  it("refuses what is not a string", () => {
    expect(safeRedirectPath(["/me"], base)).toBe("/");
    expect(safeRedirectPath(undefined, base)).toBe("/");
  });

  it("gives next-auth an absolute URL on our origin", () => {
    expect(safeRedirectUrl("/\\evil.example/", base)).toBe(`${base}/`);
    expect(safeRedirectUrl("/forums", base)).toBe(`${base}/forums`);
  });

  // Fragments that have been used to escape redirect checks, mixed with arbitrary text.
  const pieces = fc.constantFrom(
    "/",
    "//",
    "\\",
    "\t",
    "\n",
    "\r",
    ".",
    "..",
    "@",
    ":",
    "%2f",
    "%5c",
    "%09",
    "evil.example",
    "http:",
    "https:",
    "javascript:",
    "?",
    "#",
    " ",
    "\u3000",
    "\uff0f",
    "xietong.test:3000",
  );
  const hostile = fc.array(fc.oneof(pieces, fc.string()), { maxLength: 8 }).map((parts) => parts.join(""));

  it("never yields another origin, whatever the target (property)", () => {
    fc.assert(
      fc.property(fc.oneof(hostile, fc.string(), fc.webUrl()), (target) => {
        const location = safeRedirectPath(target, base);
        expect(location.startsWith("/")).toBe(true);
        expect(location.startsWith("//")).toBe(false);
        expect(/[\u0000-\u001f\\]/.test(location)).toBe(false);
        expect(landsOn(location)).toBe(origin);
        expect(new URL(safeRedirectUrl(target, base)).origin).toBe(origin);
      }),
      { numRuns: 5000 },
    );
  });

  it("is stable: a safe path passes through unchanged (property)", () => {
    fc.assert(
      fc.property(hostile, (target) => {
        const once = safeRedirectPath(target, base);
        expect(safeRedirectPath(once, base)).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });
});

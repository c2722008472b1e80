import { describe, expect, it } from "vitest";
import { containsUnstorableText } from "./input-text";

describe("containsUnstorableText", () => {
  it("finds U+0000 and lone surrogates in strings, nested values and keys", () => {
    expect(containsUnstorableText("a\u0000b")).toBe(true);
    expect(containsUnstorableText({ body: ["ok", { note: "\u0000" }] })).toBe(true);
    expect(containsUnstorableText({ "k\u0000": 1 })).toBe(true);
    expect(containsUnstorableText({ nameEn: "\ud800" })).toBe(true);
    expect(containsUnstorableText(["x\udc00y"])).toBe(true);
  });

  it("passes everything else, including control characters and characters outside the BMP", () => {
    expect(containsUnstorableText({ body: "line\nbreak\u0001\u202E𠜎👩‍👩‍👧", n: 0, list: [null, true, 2] })).toBe(false);
    expect(containsUnstorableText(undefined)).toBe(false);
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cleanDisplayName } from "./display-name";

describe("cleanDisplayName", () => {
  it.each([
    ["Ａｄｍｉｎ", "Admin"],
    ["\u202eevil\u202c name", "evil name"],
    ["a\u2066b\u2069c", "abc"],
    ["zero\u200bwidth\u200d\ufeff", "zerowidth"],
    ["tab\there\nnewline", "tab here newline"],
    ["  李\u3000明  ", "李 明"],
    ["\u3164", ""],
    ["e\u0301cole", "\u00e9cole"],
  ])("%j becomes %j", (input, expected) => {
    expect(cleanDisplayName(input)).toBe(expected);
  });

  it("leaves no control, format or bidi character and is idempotent (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (input) => {
        const once = cleanDisplayName(input);
        expect(/[\p{Cc}\p{Cf}]/u.test(once)).toBe(false);
        expect(once).toBe(once.trim());
        expect(cleanDisplayName(once)).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });
});

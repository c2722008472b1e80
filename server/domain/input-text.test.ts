import { describe, expect, it } from "vitest";
import { containsNulCharacter } from "./input-text";

describe("containsNulCharacter", () => {
  it("finds U+0000 in strings, nested values and keys", () => {
    expect(containsNulCharacter("a\u0000b")).toBe(true);
    expect(containsNulCharacter({ body: ["ok", { note: "\u0000" }] })).toBe(true);
    expect(containsNulCharacter({ "k\u0000": 1 })).toBe(true);
  });

  it("passes everything else, including other control and unusual characters", () => {
    expect(containsNulCharacter({ body: "line\nbreak\u0001\u202E𠜎", n: 0, list: [null, true, 2] })).toBe(false);
    expect(containsNulCharacter(undefined)).toBe(false);
  });
});

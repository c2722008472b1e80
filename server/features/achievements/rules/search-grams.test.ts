import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { queryGrams, searchGrams } from "./search-grams";

describe("searchGrams", () => {
  it("gives Chinese characters and neighbouring pairs, Latin pairs without spaces", () => {
    expect(searchGrams("碳化硅").sort()).toEqual(["化", "化硅", "硅", "碳", "碳化"].sort());
    expect(searchGrams("SiC die")).toEqual(["si", "ic", "di", "ie"]);
    expect(searchGrams("a\nb")).toEqual([]);
  });

  it("normalises width and case as the search text does", () => {
    expect(searchGrams("ＳＩＣ")).toEqual(["si", "ic"]);
  });

  it("caps a long query's grams, spread over it, all from the query", () => {
    const q = "silicon carbide power module packaging";
    const grams = queryGrams(q, 8);
    expect(grams).toHaveLength(8);
    for (const g of grams) expect(searchGrams(q)).toContain(g);
    expect(grams).toContain("si");
    expect(grams.some((g) => searchGrams("packaging").includes(g))).toBe(true);
  });

  it("any substring's grams are a subset of the text's (the index never loses a match)", () => {
    const alphabet = fc.constantFrom(..."碳化硅功率 器件abcAB\n１２");
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 40 }), fc.nat(), fc.nat(), (chars, a, b) => {
        const text = chars.join("");
        const from = chars.length ? a % chars.length : 0;
        const q = chars.slice(from, from + (b % 12)).join("");
        const textGrams = new Set(searchGrams(text));
        for (const g of queryGrams(q)) expect(textGrams.has(g)).toBe(true);
      }),
    );
  });
});

import { describe, expect, it } from "vitest";
import { buildSearchText, containsPattern, parseSearchTerms, searchLimits } from "./project-search";

describe("project search text", () => {
  it("joins the searchable fields, lower-cased and NFKC-folded", () => {
    const text = buildSearchText({
      title: "Marine Science Platform",
      summary: "青岛与烟台",
      body: "开展**海洋科学**研究，ＡＩ辅助",
      expectedOutcomes: "Three Patents",
      tags: ["海洋科学", "ai"],
    });
    // NFKC also folds full-width punctuation (，→ ,); queries are folded the same way, so they still meet.
    expect(text).toBe("marine science platform\n青岛与烟台\n开展**海洋科学**研究,ai辅助\nthree patents\n海洋科学 ai");
  });
});

describe("parseSearchTerms", () => {
  it("splits on ASCII and ideographic spaces, normalises and dedupes", () => {
    expect(parseSearchTerms("  Marine  海洋\u3000MARINE ")).toEqual(["marine", "海洋"]);
    expect(parseSearchTerms("ＡＩ 芯片")).toEqual(["ai", "芯片"]);
  });

  it("is empty for a blank query", () => {
    expect(parseSearchTerms("")).toEqual([]);
    expect(parseSearchTerms(" \t\u3000 ")).toEqual([]);
  });

  it(`keeps at most ${searchLimits.termsMax} terms`, () => {
    expect(parseSearchTerms("a b c d e f g h i j")).toHaveLength(searchLimits.termsMax);
  });
});

describe("containsPattern", () => {
  it("wraps the term in wildcards", () => {
    expect(containsPattern("海洋")).toBe("%海洋%");
  });

  it("takes LIKE's wildcards and escape character literally", () => {
    expect(containsPattern("100%")).toBe("%100\\%%");
    expect(containsPattern("snake_case")).toBe("%snake\\_case%");
    expect(containsPattern("a\\b")).toBe("%a\\\\b%");
  });
});

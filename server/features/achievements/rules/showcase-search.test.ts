import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { showcaseMatches, type ShowcaseEntry } from "./showcase-search";

const entry = (id: number, over: Partial<ShowcaseEntry> = {}): ShowcaseEntry => ({
  id,
  kind: "patent",
  trl: 5,
  sectors: ["半导体"],
  transferModes: ["licence"],
  ownerRegionIds: [1],
  searchText: "碳化硅功率器件\nsilicon carbide",
  ...over,
});

describe("showcase search in memory", () => {
  it("applies each filter as its SQL does, keeps the order given and stops at upTo", () => {
    const entries = [
      entry(9, { kind: "software", searchText: "视觉检测 vision" }),
      entry(8, { trl: 3 }),
      entry(7, { sectors: ["海洋"], ownerRegionIds: [2, 3] }),
      entry(6, { transferModes: ["service", "licence"] }),
      entry(5, { searchText: "50%_off" }),
    ];
    expect(showcaseMatches(entries, {}, 10)).toEqual([9, 8, 7, 6, 5]);
    expect(showcaseMatches(entries, {}, 2)).toEqual([9, 8]);
    expect(showcaseMatches(entries, { kind: "software" }, 10)).toEqual([9]);
    expect(showcaseMatches(entries, { minTrl: 4 }, 10)).toEqual([9, 7, 6, 5]);
    // The sector is normalised as the SQL path normalises it (NFKC, trimmed, lower case).
    expect(showcaseMatches(entries, { sector: " 海洋 " }, 10)).toEqual([7]);
    expect(showcaseMatches(entries, { mode: "service" }, 10)).toEqual([6]);
    expect(showcaseMatches(entries, { regionId: 3 }, 10)).toEqual([7]);
    // A substring, with LIKE's wildcards taken literally (the SQL escapes them).
    expect(showcaseMatches(entries, { q: "碳化硅" }, 10)).toEqual([8, 7, 6]);
    expect(showcaseMatches(entries, { q: "%_" }, 10)).toEqual([5]);
    expect(showcaseMatches(entries, { q: "vision", kind: "patent" }, 10)).toEqual([]);
  });

  it("returns exactly the first upTo of the entries that pass, whatever the filters", () => {
    const arbEntry = fc.record({
      kind: fc.constantFrom("patent", "software"),
      trl: fc.integer({ min: 1, max: 9 }),
      sectors: fc.subarray(["a", "b", "c"]),
      transferModes: fc.subarray(["licence", "service"]),
      ownerRegionIds: fc.subarray([1, 2, 3]),
      searchText: fc.string({ unit: fc.constantFrom("a", "b", "碳", "%"), maxLength: 8 }),
    });
    fc.assert(
      fc.property(
        fc.array(arbEntry, { maxLength: 30 }),
        fc.record({
          q: fc.option(fc.string({ unit: fc.constantFrom("a", "b", "碳", "%"), minLength: 1, maxLength: 2 }), {
            nil: undefined,
          }),
          kind: fc.option(fc.constantFrom("patent", "software")),
          minTrl: fc.option(fc.integer({ min: 1, max: 9 })),
          sector: fc.option(fc.constantFrom("a", "b", "c")),
          mode: fc.option(fc.constantFrom("licence", "service")),
          regionId: fc.option(fc.integer({ min: 1, max: 3 })),
        }),
        fc.integer({ min: 1, max: 40 }),
        (raw, filters, upTo) => {
          const entries = raw.map((e, i) => ({ ...e, id: i + 1 }));
          const passes = (e: ShowcaseEntry) =>
            (!filters.kind || e.kind === filters.kind) &&
            (!filters.minTrl || e.trl >= filters.minTrl) &&
            (!filters.sector || e.sectors.includes(filters.sector)) &&
            (!filters.mode || e.transferModes.includes(filters.mode)) &&
            (!filters.regionId || e.ownerRegionIds.includes(filters.regionId)) &&
            (!filters.q || e.searchText.includes(filters.q));
          expect(showcaseMatches(entries, filters, upTo)).toEqual(
            entries
              .filter(passes)
              .slice(0, upTo)
              .map((e) => e.id),
          );
        },
      ),
    );
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { RegionStrength } from "@/shared/achievement-vocabulary";
import { MatchIndex, regionRule, type AchievementDoc, type NeedDoc } from "./matching";
import { terms } from "./text";
import { isTrl, trlFit } from "./trl";

// Region ids as the demo has them: Shenzhen and Shanghai strong in R&D, Dongguan and Suzhou in manufacturing.
const SH = 1;
const SZ = 2;
const DG = 3;
const SU = 4;
const HZ = 5;
const strengths = new Map<number, RegionStrength>([
  [SH, "rnd"],
  [SZ, "rnd"],
  [DG, "manufacturing"],
  [SU, "manufacturing"],
  [HZ, "balanced"],
]);

const achievements: AchievementDoc[] = [
  {
    id: 1,
    text: "碳化硅功率器件封装工艺 Silicon carbide power device packaging process",
    sectors: ["半导体"],
    trl: 6,
    ownerRegionIds: [SZ, SH],
  },
  { id: 2, text: "深远海观测浮标 Deep-sea observation buoy", sectors: ["海洋"], trl: 5, ownerRegionIds: [DG] },
  {
    id: 3,
    text: "Federated learning toolkit for medical imaging datasets",
    sectors: ["ai"],
    trl: 7,
    ownerRegionIds: [HZ],
  },
];

const need = (over: Partial<NeedDoc>): NeedDoc => ({ id: 10, text: "", sectors: [], minTrl: 1, regionId: DG, ...over });

describe("terms", () => {
  it("gives Chinese character bigrams and English words, lower-cased and stemmed", () => {
    expect(terms("功率器件")).toEqual(["功率", "率器", "器件"]);
    expect(terms("Power Devices and the buoys")).toEqual(["power", "device", "buoy"]);
    expect(terms("碳化硅SiC器件")).toEqual(["碳化", "化硅", "sic", "器件"]);
    expect(terms("器件的封装")).toEqual(["器件", "封装"]);
  });

  it("never throws and gives only non-empty terms, for any text", () => {
    fc.assert(fc.property(fc.string(), (s) => terms(s).every((t) => t.length > 0)));
  });
});

describe("TRL", () => {
  it("accepts whole levels 1 to 9 only", () => {
    expect([0, 1, 9, 10, 4.5].map(isTrl)).toEqual([false, true, true, false, false]);
  });

  it("fits fully at or above the wanted level and loses a quarter per missing level", () => {
    expect(trlFit(7, 6)).toBe(1);
    expect(trlFit(5, 6)).toBe(0.75);
    expect(trlFit(2, 6)).toBe(0);
  });

  it("never rises as the achievement falls further below the wanted level", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 }), (trl, wanted) => {
        const fit = trlFit(trl, wanted);
        expect(fit).toBeGreaterThanOrEqual(0);
        expect(fit).toBeLessThanOrEqual(1);
        if (trl > 1) expect(trlFit(trl - 1, wanted)).toBeLessThanOrEqual(fit);
      }),
    );
  });
});

describe("region rule", () => {
  it("pairs an R&D-strong owner with a manufacturing-strong firm as complementary", () => {
    expect(regionRule([SZ], DG, strengths).rule).toBe("complementary");
    expect(regionRule([DG], SH, strengths).rule).toBe("complementary");
  });

  it("takes the best of several owner regions and says which one", () => {
    const rule = regionRule([DG, SH], SU, strengths);
    expect(rule).toMatchObject({ rule: "complementary", ownerRegionId: SH, ownerStrength: "rnd" });
  });

  it("gives less to a balanced partner, a plain cross-region pair and nothing inside one region", () => {
    expect(regionRule([HZ], DG, strengths).rule).toBe("balanced_partner");
    expect(regionRule([SH], SZ, strengths).rule).toBe("cross_region");
    expect(regionRule([DG], DG, strengths).rule).toBe("same_region");
    expect(regionRule([99], DG, strengths).rule).toBe("cross_region");
  });
});

describe("matching", () => {
  const index = new MatchIndex(achievements, [], strengths);

  it("ranks a Chinese need against bilingual achievements and explains the terms", () => {
    const [best] = index.forNeed(need({ text: "需要碳化硅功率器件的封装工艺，用于新能源汽车" }));
    expect(best?.achievementId).toBe(1);
    expect(best?.explanation.terms).toEqual(["碳化硅功率器件", "封装工艺"]);
    expect(best?.explanation.region.rule).toBe("complementary");
  });

  it("ranks an English need the same way", () => {
    const [best] = index.forNeed(need({ text: "We look for silicon carbide packaging for power modules" }));
    expect(best?.achievementId).toBe(1);
    expect(best?.explanation.terms).toEqual(expect.arrayContaining(["silicon", "carbide", "packaging"]));
  });

  it("matches on a shared sector tag alone, and names the tag", () => {
    const matches = index.forNeed(need({ text: "完全无关的描述", sectors: ["海洋"] }));
    expect(matches.map((m) => m.achievementId)).toEqual([2]);
    expect(matches[0]?.explanation.sectors).toEqual(["海洋"]);
    expect(matches[0]?.explanation.parts.text).toBe(0);
  });

  it("gives no match for text and sectors that share nothing", () => {
    expect(index.forNeed(need({ text: "zzz qqq", sectors: ["无"] }))).toEqual([]);
  });

  it("scores the complementary region above the same text from a same-region owner", () => {
    const twins = new MatchIndex(
      [
        { id: 1, text: "激光焊接 laser welding", sectors: [], trl: 6, ownerRegionIds: [DG] },
        { id: 2, text: "激光焊接 laser welding", sectors: [], trl: 6, ownerRegionIds: [SZ] },
      ],
      [],
      strengths,
    );
    const [first, second] = twins.forNeed(need({ text: "laser welding 激光焊接", regionId: DG }));
    expect(first?.achievementId).toBe(2);
    expect(first!.score).toBeGreaterThan(second!.score);
    expect(second?.explanation.region.rule).toBe("same_region");
  });

  it("ranks needs for an achievement", () => {
    const needs: NeedDoc[] = [
      need({ id: 20, text: "浮标 观测 海上", sectors: ["海洋"], regionId: SH }),
      need({ id: 21, text: "power device packaging", sectors: ["半导体"] }),
    ];
    const both = new MatchIndex(achievements, needs, strengths);
    expect(both.forAchievement(achievements[0]!).map((m) => m.needId)).toEqual([21]);
    expect(both.forAchievement(achievements[1]!)[0]?.needId).toBe(20);
  });

  it("keeps every score in 0–100, sorted, each part in [0, 1], and an explanation that matches it", () => {
    const word = fc.constantFrom("碳化硅", "封装", "浮标", "laser", "buoy", "dataset", "医学", "imaging", "器件");
    const doc = fc.record({
      text: fc.array(word, { maxLength: 6 }).map((w) => w.join(" ")),
      sectors: fc.uniqueArray(fc.constantFrom("半导体", "海洋", "ai"), { maxLength: 2 }),
      trl: fc.integer({ min: 1, max: 9 }),
      regions: fc.uniqueArray(fc.constantFrom(SH, SZ, DG, SU, HZ), { minLength: 1, maxLength: 2 }),
    });
    fc.assert(
      fc.property(fc.array(doc, { minLength: 1, maxLength: 12 }), doc, (docs, n) => {
        const built = new MatchIndex(
          docs.map((d, i) => ({ id: i + 1, text: d.text, sectors: d.sectors, trl: d.trl, ownerRegionIds: d.regions })),
          [],
          strengths,
        );
        const matches = built.forNeed(
          { id: 1, text: n.text, sectors: n.sectors, minTrl: n.trl, regionId: n.regions[0]! },
          50,
        );
        for (const [i, m] of matches.entries()) {
          expect(m.score).toBeGreaterThanOrEqual(0);
          expect(m.score).toBeLessThanOrEqual(100);
          if (i > 0) expect(m.score).toBeLessThanOrEqual(matches[i - 1]!.score);
          for (const part of Object.values(m.explanation.parts)) expect(part).toBeGreaterThanOrEqual(0);
          for (const part of Object.values(m.explanation.parts)) expect(part).toBeLessThanOrEqual(1);
          // A match always has a reason in its text or its sectors.
          expect(m.explanation.terms.length + m.explanation.sectors.length).toBeGreaterThan(0);
        }
      }),
    );
  });
});

describe("ranking keeps the best k of every candidate", () => {
  const words = ["碳化硅", "封装", "浮标", "silicon", "buoy", "learning", "power", "ocean"];
  const sectorNames = ["半导体", "海洋", "ai"];
  const doc = fc.record({
    words: fc.array(fc.constantFrom(...words), { minLength: 0, maxLength: 5 }),
    sectors: fc.array(fc.constantFrom(...sectorNames), { maxLength: 2 }),
    trl: fc.integer({ min: 1, max: 9 }),
    regions: fc.array(fc.constantFrom(SH, SZ, DG, SU, HZ), { minLength: 1, maxLength: 2 }),
  });

  it("gives the first k of the whole ranking, each scored from its parts, best first and ties by id", () => {
    fc.assert(
      fc.property(fc.array(doc, { minLength: 1, maxLength: 40 }), doc, fc.integer({ min: 1, max: 8 }), (docs, n, k) => {
        const index = new MatchIndex(
          docs.map((d, i) => ({
            id: i + 1,
            text: d.words.join(" "),
            sectors: d.sectors,
            trl: d.trl,
            ownerRegionIds: [...new Set(d.regions)],
          })),
          [],
          strengths,
        );
        const wanted = need({ text: n.words.join(" "), sectors: n.sectors, minTrl: n.trl, regionId: n.regions[0]! });
        const all = index.forNeed(wanted, docs.length);
        for (const m of all) {
          const p = m.explanation.parts;
          expect(m.score).toBe(Math.round((0.5 * p.text + 0.2 * p.sector + 0.15 * p.trl + 0.15 * p.region) * 100));
        }
        for (let i = 1; i < all.length; i += 1) {
          const [a, b] = [all[i - 1]!, all[i]!];
          expect(a.score > b.score || (a.score === b.score && a.achievementId < b.achievementId)).toBe(true);
        }
        expect(index.forNeed(wanted, k)).toEqual(all.slice(0, k));
      }),
      { numRuns: 200 },
    );
  });

  it("scores the same from the flat per-need tables as from quickScore, whatever the corpus", () => {
    const unique = fc.record({
      words: fc.array(fc.constantFrom(...words), { maxLength: 5 }),
      sectors: fc.uniqueArray(fc.constantFrom(...sectorNames), { maxLength: 3 }),
      trl: fc.integer({ min: 1, max: 9 }),
      regions: fc.uniqueArray(fc.constantFrom(SH, SZ, DG, SU, HZ, 99), { minLength: 1, maxLength: 3 }),
    });
    fc.assert(
      fc.property(
        fc.array(unique, { minLength: 1, maxLength: 40 }),
        unique,
        fc.integer({ min: 1, max: 8 }),
        (docs, n, k) => {
          const corpus = docs.map((d, i) => ({
            id: i + 1,
            text: d.words.join(" "),
            sectors: d.sectors,
            trl: d.trl,
            ownerRegionIds: d.regions,
          }));
          const flat = new MatchIndex(corpus, [], strengths);
          const plain = new MatchIndex(corpus, [], strengths, { flat: false });
          const wanted = need({
            text: n.words.join(" "),
            sectors: [...n.sectors, "未知"],
            minTrl: n.trl,
            regionId: n.regions[0]!,
          });
          expect(flat.forNeed(wanted, k)).toEqual(plain.forNeed(wanted, k));
          expect(flat.forNeed(wanted, docs.length)).toEqual(plain.forNeed(wanted, docs.length));
        },
      ),
      { numRuns: 200 },
    );
  });
});

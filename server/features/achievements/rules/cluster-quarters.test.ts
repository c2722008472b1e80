import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  chinaQuarter,
  clusterMeasures,
  clusterQuarterSeries,
  quartersBetween,
  type ClusterFact,
} from "./cluster-quarters";

describe("cluster figures per China quarter", () => {
  it("maps China days to quarters and fills quiet quarters", () => {
    expect(chinaQuarter("2026-01-01")).toBe("2026-Q1");
    expect(chinaQuarter("2026-03-31")).toBe("2026-Q1");
    expect(chinaQuarter("2026-04-01")).toBe("2026-Q2");
    expect(chinaQuarter("2026-12-31")).toBe("2026-Q4");
    expect(quartersBetween("2025-Q4", "2026-Q2")).toEqual(["2025-Q4", "2026-Q1", "2026-Q2"]);
  });

  it("counts a fact once per distinct cluster, in its quarter", () => {
    const series = clusterQuarterSeries({
      achievements: [
        { day: "2026-02-10", clusterIds: [2, 1, 2] },
        { day: "2026-08-01", clusterIds: [1] },
      ],
      dealsSold: [{ day: "2026-08-02", clusterIds: [1] }],
      dealsBought: [{ day: "2026-08-02", clusterIds: [3] }],
    });
    expect(series.quarters).toEqual(["2026-Q1", "2026-Q2", "2026-Q3"]);
    expect(series.clusters).toEqual([
      { clusterId: 1, achievements: [1, 0, 1], dealsSold: [0, 0, 1], dealsBought: [0, 0, 0] },
      { clusterId: 2, achievements: [1, 0, 0], dealsSold: [0, 0, 0], dealsBought: [0, 0, 0] },
      { clusterId: 3, achievements: [0, 0, 0], dealsSold: [0, 0, 0], dealsBought: [0, 0, 1] },
    ]);
    expect(clusterQuarterSeries({ achievements: [], dealsSold: [], dealsBought: [] })).toEqual({
      quarters: [],
      clusters: [],
    });
  });

  const day = fc
    .record({
      y: fc.integer({ min: 2020, max: 2027 }),
      m: fc.integer({ min: 1, max: 12 }),
      d: fc.integer({ min: 1, max: 28 }),
    })
    .map(({ y, m, d }) => `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`);
  const fact = fc.record({ day, clusterIds: fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 4 }) });
  const facts = fc.record({
    achievements: fc.array(fact, { maxLength: 20 }),
    dealsSold: fc.array(fact, { maxLength: 20 }),
    dealsBought: fc.array(fact, { maxLength: 20 }),
  });

  it("preserves totals: every cell sums to the facts' distinct clusters", () => {
    fc.assert(
      fc.property(facts, (input) => {
        const series = clusterQuarterSeries(input);
        for (const measure of clusterMeasures) {
          const expected = input[measure].reduce((n: number, f: ClusterFact) => n + new Set(f.clusterIds).size, 0);
          const counted = series.clusters.reduce((n, c) => n + c[measure].reduce((a, b) => a + b, 0), 0);
          expect(counted).toBe(expected);
          for (const c of series.clusters) expect(c[measure]).toHaveLength(series.quarters.length);
        }
      }),
    );
  });

  it("does not depend on the order of the facts", () => {
    fc.assert(
      fc.property(facts, fc.integer(), (input, seed) => {
        const shuffle = <T>(xs: readonly T[]) =>
          xs
            .map((x, i) => ({ x, k: Math.imul(i + 1, seed | 1) ^ (seed >>> 3) }))
            .sort((a, b) => a.k - b.k)
            .map((e) => e.x);
        const shuffled = {
          achievements: shuffle(input.achievements),
          dealsSold: shuffle(input.dealsSold),
          dealsBought: shuffle(input.dealsBought).map((f) => ({ ...f, clusterIds: [...f.clusterIds].reverse() })),
        };
        expect(clusterQuarterSeries(shuffled)).toEqual(clusterQuarterSeries(input));
      }),
    );
  });
});

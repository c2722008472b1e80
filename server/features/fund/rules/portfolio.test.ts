import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { centralFunder, splitCost } from "./cost-split";
import {
  equalSharesPortfolio,
  exactPortfolio,
  greedyPortfolio,
  withinCaps,
  type Candidate,
  type Funder,
} from "./portfolio";

/** Cost shares in basis points in proportion to `weights` (one per region), summing to 10 000. */
function sharesOf(regionIds: readonly number[], weights: readonly number[]) {
  const w = regionIds.map((_, r) => weights[r]!);
  const sum = w.reduce((a, b) => a + b, 0);
  const bps = w.map((x) => Math.floor((x * 10_000) / sum));
  bps[0] = bps[0]! + 10_000 - bps.reduce((a, b) => a + b, 0);
  return regionIds.map((regionId, r) => ({ regionId, costBp: bps[r]! }));
}

/** A random call: 1–4 regions plus the centre, up to `maxProjects` proposals with random shares. */
const callArb = (maxProjects: number) =>
  fc
    .record({
      regions: fc.integer({ min: 1, max: 4 }),
      centralBp: fc.integer({ min: 0, max: 5000 }),
      caps: fc.array(fc.integer({ min: 0, max: 2_000 }), { minLength: 5, maxLength: 5 }),
      projects: fc.array(
        fc.record({
          cost: fc.integer({ min: 1, max: 1_500 }),
          score: fc.integer({ min: 0, max: 500 }),
          weights: fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 4, maxLength: 4 }),
        }),
        { maxLength: maxProjects },
      ),
    })
    .map(({ regions, centralBp, caps, projects }) => {
      const funders: Funder[] = [
        { id: centralFunder, capYuan: caps[0]! },
        ...Array.from({ length: regions }, (_, r) => ({ id: r + 1, capYuan: caps[r + 1]! })),
      ];
      const candidates: Candidate[] = projects.map((project, i) => {
        const regionIds = Array.from({ length: regions }, (_, r) => r + 1);
        const shares = sharesOf(
          regionIds,
          project.weights.map((x) => x + 1),
        );
        return { id: i + 1, score: project.score, parts: splitCost(project.cost, centralBp, shares) };
      });
      return { funders, candidates };
    });

/**
 * Calls shaped like real ones: six regions, each project shared by one to three of them, so each
 * funder's row is sparse and several caps bind at once (the per-node bounds' hard case).
 */
const sparseCallArb = fc
  .record({
    centralBp: fc.integer({ min: 0, max: 5000 }),
    caps: fc.array(fc.integer({ min: 0, max: 3_000 }), { minLength: 7, maxLength: 7 }),
    projects: fc.array(
      fc.record({
        cost: fc.integer({ min: 1, max: 1_500 }),
        score: fc.integer({ min: 0, max: 500 }),
        regions: fc.uniqueArray(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 3 }),
        weights: fc.array(fc.integer({ min: 1, max: 10 }), { minLength: 3, maxLength: 3 }),
      }),
      { maxLength: 13 },
    ),
  })
  .map(({ centralBp, caps, projects }) => {
    const funders: Funder[] = [centralFunder, 1, 2, 3, 4, 5, 6].map((id, d) => ({ id, capYuan: caps[d]! }));
    const candidates: Candidate[] = projects.map((project, i) => {
      const shares = sharesOf(project.regions, project.weights);
      return { id: i + 1, score: project.score, parts: splitCost(project.cost, centralBp, shares) };
    });
    return { funders, candidates };
  });

/** Every subset, for the small cases: the true optimum. */
function bruteForce(funders: Funder[], candidates: Candidate[]): number {
  let best = 0;
  for (let mask = 0; mask < 1 << candidates.length; mask += 1) {
    const ids = candidates.filter((_, i) => mask & (1 << i)).map((c) => c.id);
    if (!withinCaps(funders, candidates, ids).ok) continue;
    const score = candidates.filter((c) => ids.includes(c.id)).reduce((s, c) => s + c.score, 0);
    best = Math.max(best, score);
  }
  return best;
}

describe("cost split", () => {
  it("adds up to the cost exactly and gives the centre its share", () => {
    expect(
      splitCost(1_000_001, 3000, [
        { regionId: 4, costBp: 5000 },
        { regionId: 9, costBp: 5000 },
      ]),
    ).toEqual([
      { funderId: centralFunder, yuan: 300_000 },
      { funderId: 4, yuan: 350_001 },
      { funderId: 9, yuan: 350_000 },
    ]);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 ** 12 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        (cost, centralBp, firstBp) => {
          const parts = splitCost(cost, centralBp, [
            { regionId: 1, costBp: firstBp },
            { regionId: 2, costBp: 10_000 - firstBp },
          ]);
          const central = parts.find((p) => p.funderId === centralFunder)?.yuan ?? 0;
          return parts.reduce((s, p) => s + p.yuan, 0) === cost && Math.abs(central - (cost * centralBp) / 10_000) <= 1;
        },
      ),
    );
  });
});

describe("portfolio methods", () => {
  it("never put any funder over its contribution", () => {
    fc.assert(
      fc.property(callArb(12), ({ funders, candidates }) => {
        for (const method of [exactPortfolio, greedyPortfolio, equalSharesPortfolio]) {
          const portfolio = method(funders, candidates);
          expect(withinCaps(funders, candidates, portfolio.selected).ok).toBe(true);
          for (const spent of portfolio.spent)
            expect(spent.yuan).toBeLessThanOrEqual(funders.find((f) => f.id === spent.funderId)!.capYuan);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("exact finds the brute-force optimum and is never below greedy or equal shares", () => {
    fc.assert(
      fc.property(callArb(10), ({ funders, candidates }) => {
        const exact = exactPortfolio(funders, candidates);
        expect(exact.optimal).toBe(true);
        expect(exact.totalScore).toBe(bruteForce(funders, candidates));
        expect(exact.totalScore).toBeGreaterThanOrEqual(greedyPortfolio(funders, candidates).totalScore);
        expect(exact.totalScore).toBeGreaterThanOrEqual(equalSharesPortfolio(funders, candidates).totalScore);
      }),
      { numRuns: 300 },
    );
  });

  it("exact finds the brute-force optimum when many caps bind on sparse shares", () => {
    fc.assert(
      fc.property(sparseCallArb, ({ funders, candidates }) => {
        const optimum = bruteForce(funders, candidates);
        // Unseeded as well: the heuristic seed is often already optimal, and would hide a wrong bound.
        for (const exact of [
          exactPortfolio(funders, candidates),
          exactPortfolio(funders, candidates, { unseeded: true }),
        ]) {
          expect(exact.optimal).toBe(true);
          expect(withinCaps(funders, candidates, exact.selected).ok).toBe(true);
          expect(exact.totalScore).toBe(optimum);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("stops at its node limit within every cap, and says whether what it found is proven", () => {
    fc.assert(
      fc.property(sparseCallArb, fc.integer({ min: 1, max: 3 }), ({ funders, candidates }, nodeLimit) => {
        const stopped = exactPortfolio(funders, candidates, { nodeLimit, unseeded: true });
        expect(withinCaps(funders, candidates, stopped.selected).ok).toBe(true);
        if (stopped.optimal) expect(stopped.totalScore).toBe(bruteForce(funders, candidates));
      }),
      { numRuns: 200 },
    );
  });

  it("gives identical output for identical input, whatever the order the proposals come in", () => {
    fc.assert(
      fc.property(callArb(12), fc.integer(), ({ funders, candidates }, seed) => {
        const shuffled = [...candidates].sort((a, b) => ((a.id * 7919 + seed) % 101) - ((b.id * 7919 + seed) % 101));
        for (const method of [exactPortfolio, greedyPortfolio, equalSharesPortfolio])
          expect(method(funders, shuffled)).toEqual(method(funders, candidates));
      }),
      { numRuns: 200 },
    );
  });

  it("refuses a project asking money of a funder who put none in", () => {
    const funders: Funder[] = [{ id: 1, capYuan: 100 }];
    const candidates: Candidate[] = [{ id: 1, score: 500, parts: [{ funderId: 2, yuan: 1 }] }];
    for (const method of [exactPortfolio, greedyPortfolio, equalSharesPortfolio])
      expect(method(funders, candidates).selected).toEqual([]);
  });

  it("beats greedy where greedy's best-first choice crowds out two good ones", () => {
    const funders: Funder[] = [{ id: 1, capYuan: 100 }];
    const candidates: Candidate[] = [
      { id: 1, score: 500, parts: [{ funderId: 1, yuan: 100 }] },
      { id: 2, score: 400, parts: [{ funderId: 1, yuan: 50 }] },
      { id: 3, score: 400, parts: [{ funderId: 1, yuan: 50 }] },
    ];
    expect(greedyPortfolio(funders, candidates).selected).toEqual([1]);
    expect(exactPortfolio(funders, candidates).selected).toEqual([2, 3]);
    expect(equalSharesPortfolio(funders, candidates).selected).toEqual([2, 3]);
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BoundedLp } from "./bounded-lp";

/** The fractional knapsack with one capacity: whole items by score per unit of weight, then a fraction of the next. */
function fractionalOptimum(score: readonly number[], weight: readonly number[], cap: number): number {
  const order = score.map((_, j) => j).sort((a, b) => score[b]! * weight[a]! - score[a]! * weight[b]!);
  let room = cap;
  let total = 0;
  for (const j of order) {
    const w = weight[j]!;
    if (w <= room) {
      room -= w;
      total += score[j]!;
    } else {
      total += (score[j]! * room) / w;
      break;
    }
  }
  return total;
}

const itemsArb = fc.array(
  fc.record({ score: fc.integer({ min: 1, max: 500 }), weight: fc.integer({ min: 1, max: 100 }) }),
  {
    minLength: 1,
    maxLength: 20,
  },
);

describe("bounded dual simplex", () => {
  it("reaches the fractional knapsack optimum on one capacity, its duals pricing it exactly", () => {
    fc.assert(
      fc.property(itemsArb, fc.integer({ min: 0, max: 1_000 }), (items, cap) => {
        const score = items.map((i) => i.score);
        const weight = items.map((i) => i.weight);
        const lp = new BoundedLp(1, items.length);
        lp.load([weight], [cap], score);
        expect(lp.solve(100)).toBe(true);
        const y = new Float64Array(1);
        lp.duals(y);
        const dual = y[0]! * cap + score.reduce((sum, s, j) => sum + Math.max(0, s - y[0]! * weight[j]!), 0);
        const primal = score.reduce((sum, s, j) => sum + s * lp.value(j), 0);
        const optimum = fractionalOptimum(score, weight, cap);
        expect(dual).toBeCloseTo(optimum, 6);
        expect(primal).toBeCloseTo(optimum, 6);
        expect(weight.reduce((sum, w, j) => sum + w * lp.value(j), 0)).toBeLessThanOrEqual(cap + 1e-6);
      }),
      { numRuns: 300 },
    );
  });

  it("re-optimises after a column is fixed, as if it had been solved with the column gone", () => {
    fc.assert(
      fc.property(itemsArb, fc.integer({ min: 0, max: 1_000 }), fc.nat(), fc.boolean(), (items, cap, pick, take) => {
        const score = items.map((i) => i.score);
        const weight = items.map((i) => i.weight);
        const j = pick % items.length;
        const lp = new BoundedLp(1, items.length);
        lp.load([weight], [cap], score);
        lp.solve(100);
        const left = cap - (take ? weight[j]! : 0);
        fc.pre(left >= 0);
        lp.fix(j, take ? 1 : 0);
        expect(lp.solve(100)).toBe(true);
        const others = score.map((_, k) => k).filter((k) => k !== j);
        const optimum =
          (take ? score[j]! : 0) +
          fractionalOptimum(
            others.map((k) => score[k]!),
            others.map((k) => weight[k]!),
            left,
          );
        expect(score.reduce((sum, s, k) => sum + s * lp.value(k), 0)).toBeCloseTo(optimum, 6);
        expect(lp.value(j)).toBe(take ? 1 : 0);
      }),
      { numRuns: 300 },
    );
  });
});

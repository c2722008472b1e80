import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { actualShares, costDrift } from "./cost-drift";

const plan = [
  { regionId: 1, costBp: 6000 },
  { regionId: 2, costBp: 4000 },
];

describe("cost drift", () => {
  it("measures each region's drift in basis points of share against the plan", () => {
    const drift = costDrift(
      plan,
      [
        { regionId: 1, yuan: 3_000_000 },
        { regionId: 2, yuan: 7_000_000 },
      ],
      500,
    );
    expect(drift.regions).toEqual([
      { regionId: 1, plannedBp: 6000, actualBp: 3000, driftBp: -3000 },
      { regionId: 2, plannedBp: 4000, actualBp: 7000, driftBp: 3000 },
    ]);
    expect(drift).toMatchObject({ paidYuan: 10_000_000, maxDriftBp: 3000, revisionDue: true });
  });

  it("is due only past the threshold, not at it", () => {
    // 65 % / 35 %: exactly 5 points off the 60/40 plan.
    const atFive = [
      { regionId: 1, yuan: 650 },
      { regionId: 2, yuan: 350 },
    ];
    expect(costDrift(plan, atFive, 500)).toMatchObject({ maxDriftBp: 500, revisionDue: false });
    expect(costDrift(plan, atFive, 499).revisionDue).toBe(true);
  });

  it("sees no drift before anything is paid, and counts a region paid outside the plan", () => {
    expect(costDrift(plan, [], 500)).toMatchObject({ paidYuan: 0, maxDriftBp: 0, revisionDue: false });
    const outside = costDrift(plan, [{ regionId: 9, yuan: 100 }], 500);
    expect(outside.regions.find((r) => r.regionId === 9)).toEqual({
      regionId: 9,
      plannedBp: 0,
      actualBp: 10_000,
      driftBp: 10_000,
    });
  });

  it("rounds a thirds split to whole basis points that still add up", () => {
    expect(
      actualShares(
        [1, 2, 3],
        [
          { regionId: 1, yuan: 1 },
          { regionId: 2, yuan: 1 },
          { regionId: 3, yuan: 1 },
        ],
      ).map((s) => s.costBp),
    ).toEqual([3334, 3333, 3333]);
  });
});

const paymentsArb = fc.array(
  fc.record({ regionId: fc.integer({ min: 1, max: 4 }), yuan: fc.integer({ min: 1, max: 1_000_000_000 }) }),
  { maxLength: 12 },
);
const planArb = fc
  .array(fc.integer({ min: 0, max: 100 }), { minLength: 4, maxLength: 4 })
  .filter((w) => w.some((x) => x > 0))
  .map((weights) => {
    const total = weights.reduce((s, w) => s + w, 0);
    const shares = weights.map((w, i) => ({ regionId: i + 1, costBp: Math.floor((w * 10_000) / total) }));
    shares[0]!.costBp += 10_000 - shares.reduce((s, x) => s + x.costBp, 0);
    return shares;
  });

describe("cost drift properties", () => {
  it("actual shares add up to 10 000 whenever anything was paid, and drifts cancel out", () => {
    fc.assert(
      fc.property(planArb, paymentsArb, (planned, paid) => {
        const drift = costDrift(planned, paid, 500);
        const actualSum = drift.regions.reduce((s, r) => s + r.actualBp, 0);
        expect(actualSum).toBe(10_000);
        if (paid.length > 0) expect(drift.regions.reduce((s, r) => s + r.driftBp, 0)).toBe(0);
      }),
    );
  });

  it("a revision is due exactly when money was paid and some region drifts past the threshold", () => {
    fc.assert(
      fc.property(planArb, paymentsArb, fc.integer({ min: 1, max: 10_000 }), (planned, paid, threshold) => {
        const drift = costDrift(planned, paid, threshold);
        const over = drift.regions.some((r) => Math.abs(r.driftBp) > threshold);
        expect(drift.revisionDue).toBe(paid.length > 0 && over);
      }),
    );
  });

  it("paying exactly in the plan's proportions drifts at most a basis point of rounding", () => {
    fc.assert(
      fc.property(planArb, fc.integer({ min: 1, max: 1_000_000 }), (planned, scale) => {
        const paid = planned.filter((s) => s.costBp > 0).map((s) => ({ regionId: s.regionId, yuan: s.costBp * scale }));
        expect(costDrift(planned, paid, 1).maxDriftBp).toBe(0);
      }),
    );
  });

  it("each share is the region's money over the total, to within a basis point", () => {
    fc.assert(
      fc.property(paymentsArb, (paid) => {
        const total = paid.reduce((s, p) => s + p.yuan, 0);
        fc.pre(total > 0);
        for (const share of actualShares([1, 2, 3, 4], paid)) {
          const exact =
            (paid.filter((p) => p.regionId === share.regionId).reduce((s, p) => s + p.yuan, 0) * 10_000) / total;
          expect(Math.abs(share.costBp - exact)).toBeLessThan(1);
        }
      }),
    );
  });
});

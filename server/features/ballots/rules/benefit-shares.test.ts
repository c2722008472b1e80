import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { proportionalBasisPoints, shareViolations, startingShares, totalBasisPoints } from "./benefit-shares";

const regions = [4, 5, 9];

describe("benefit shares", () => {
  it("accepts a plan with every region once and both columns at 100 %", () => {
    expect(
      shareViolations(regions, [
        { regionId: 4, costBp: 5000, benefitBp: 4000 },
        { regionId: 5, costBp: 3000, benefitBp: 3000 },
        { regionId: 9, costBp: 2000, benefitBp: 3000 },
      ]),
    ).toEqual([]);
  });

  it("names the actual sum when a column is not 100 %", () => {
    const messages = shareViolations(regions, [
      { regionId: 4, costBp: 5000, benefitBp: 4000 },
      { regionId: 5, costBp: 3000, benefitBp: 3000 },
      { regionId: 9, costBp: 1950, benefitBp: 3001 },
    ]).map((v) => v.message);
    expect(messages).toEqual([
      "Cost shares must add up to exactly 100 % (10000 basis points); they add up to 99.5 % (9950 basis points)",
      "Benefit shares must add up to exactly 100 % (10000 basis points); they add up to 100.01 % (10001 basis points)",
    ]);
  });

  it("refuses a missing region, an outside region, a region twice and fractional points", () => {
    const text = (shares: Parameters<typeof shareViolations>[1]) =>
      shareViolations(regions, shares)
        .map((v) => v.message)
        .join(" | ");
    expect(text([{ regionId: 4, costBp: 10000, benefitBp: 10000 }])).toContain("region 5, 9 has none");
    expect(
      text([
        ...regions.map((regionId) => ({ regionId, costBp: 0, benefitBp: 0 })),
        { regionId: 77, costBp: 10000, benefitBp: 10000 },
      ]),
    ).toContain("Region 77 does not take part");
    expect(
      text([
        { regionId: 4, costBp: 5000, benefitBp: 5000 },
        { regionId: 4, costBp: 5000, benefitBp: 5000 },
      ]),
    ).toContain("only once");
    expect(text(regions.map((regionId) => ({ regionId, costBp: 3333.5, benefitBp: 3334 })))).toContain(
      "whole basis points",
    );
  });

  it("[PROPERTY] a proportional split always sums to exactly 100 % and stays within one point of the exact share", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1_000_000_000_000 }), { minLength: 1, maxLength: 12 }),
        (weights) => {
          const bp = proportionalBasisPoints(weights);
          expect(bp.reduce((a, b) => a + b, 0)).toBe(totalBasisPoints);
          const total = weights.reduce((a, b) => a + b, 0);
          weights.forEach((w, i) => {
            const exact = total === 0 ? totalBasisPoints / weights.length : (w * totalBasisPoints) / total;
            expect(Math.abs((bp[i] ?? 0) - exact)).toBeLessThan(1 + 1e-6);
          });
        },
      ),
    );
  });

  it("[PROPERTY] the starting plan is always a valid plan, with benefits in proportion to costs", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 500 }), { minLength: 2, maxLength: 8 }),
        fc.option(fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 8, maxLength: 8 })),
        (ids, yuan) => {
          const contributions = yuan ? new Map(ids.map((id, i) => [id, yuan[i] ?? 0])) : undefined;
          const shares = startingShares(ids, contributions);
          expect(shareViolations(ids, shares)).toEqual([]);
          for (const s of shares) expect(s.benefitBp).toBe(s.costBp);
        },
      ),
    );
  });

  it("splits equally with the leftover points to the earliest regions (the lead first)", () => {
    expect(startingShares([7, 3, 9]).map((s) => s.costBp)).toEqual([3334, 3333, 3333]);
    expect(proportionalBasisPoints([1, 1, 1, 1, 1, 1])).toEqual([1667, 1667, 1667, 1667, 1666, 1666]);
  });
});

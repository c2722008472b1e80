import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stances } from "@/shared/vocabulary";
import { sharesInBasisPoints, summariseStances } from "./stance-picture";

describe("summariseStances", () => {
  it("groups by region, totals, and orders by participation", () => {
    const result = summariseStances([
      { regionId: 2, stance: "support", count: 1 },
      { regionId: 1, stance: "support", count: 2 },
      { regionId: 1, stance: "concern", count: 1 },
      { regionId: 3, stance: "question", count: 0 },
    ]);
    expect(result.map((r) => r.regionId)).toEqual([1, 2]);
    expect(result[0]).toMatchObject({ total: 3, counts: { support: 2, concern: 1, question: 0, amendment: 0 } });
    expect(result[0]!.shares).toEqual({ support: 6667, concern: 3333, question: 0, amendment: 0 });
  });
});

describe("sharesInBasisPoints", () => {
  it("always sums to exactly 10 000 when anyone took part, and never rounds a zero up", () => {
    fc.assert(
      fc.property(
        fc.tuple(fc.nat(1000), fc.nat(1000), fc.nat(1000), fc.nat(1000)),
        ([support, concern, question, amendment]) => {
          const counts = { support, concern, question, amendment };
          const shares = sharesInBasisPoints(counts);
          const total = support + concern + question + amendment;
          const sum = stances.reduce((s, k) => s + shares[k], 0);
          expect(sum).toBe(total === 0 ? 0 : 10_000);
          for (const k of stances) if (counts[k] === 0) expect(shares[k]).toBe(0);
        },
      ),
    );
  });

  it("splits three equal stances 3334/3333/3333", () => {
    const shares = sharesInBasisPoints({ support: 1, concern: 1, question: 1, amendment: 0 });
    expect(Object.values(shares).sort()).toEqual([0, 3333, 3333, 3334]);
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dealTermsStatuses, negotiationSides } from "@/shared/achievement-vocabulary";
import {
  dealRegionIds,
  equalRevenueShares,
  revenueShareViolations,
  revenueSplit,
  sideOf,
  supersededBy,
  termsTransition,
  totalBasisPoints,
} from "./deal-terms";

describe("deal terms: revenue shares", () => {
  it("the regions party are the owners' and the buyer's, each once", () => {
    expect(dealRegionIds([5, 3, 5], 3)).toEqual([3, 5]);
    expect(dealRegionIds([5], 9)).toEqual([5, 9]);
  });

  it("accepts shares of every region party summing to 100 %, and says what is wrong otherwise", () => {
    expect(
      revenueShareViolations(
        [3, 5],
        [
          { regionId: 3, revenueBp: 6000 },
          { regionId: 5, revenueBp: 4000 },
        ],
      ),
    ).toEqual([]);
    expect(
      revenueShareViolations(
        [3, 5],
        [
          { regionId: 3, revenueBp: 6000 },
          { regionId: 5, revenueBp: 3000 },
        ],
      ).map((v) => v.message),
    ).toEqual([
      "Revenue shares must add up to exactly 100 % (10000 basis points); they add up to 90 % (9000 basis points)",
    ]);
    const text = revenueShareViolations([3, 5], [{ regionId: 3, revenueBp: 10000 }])
      .map((v) => v.message)
      .join(" | ");
    expect(text).toContain("region 5 has none");
    expect(text).not.toContain("Cost");
  });

  it("an equal split always validates and sums to exactly 10 000", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 500 }), { minLength: 1, maxLength: 12 }), (ids) => {
        const shares = equalRevenueShares(ids);
        expect(shares.reduce((a, s) => a + s.revenueBp, 0)).toBe(totalBasisPoints);
        expect(revenueShareViolations(ids, shares)).toEqual([]);
      }),
    );
  });

  it("splitting a value by shares hands out every yuan, none negative", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000_000 }),
        fc.uniqueArray(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 6 }),
        (value, ids) => {
          const split = revenueSplit(value, equalRevenueShares(ids));
          expect(split.reduce((a, s) => a + s.yuan, 0)).toBe(value);
          expect(split.every((s) => s.yuan >= 0)).toBe(true);
        },
      ),
    );
    expect(
      revenueSplit(100, [
        { regionId: 1, revenueBp: 6667 },
        { regionId: 2, revenueBp: 3333 },
      ]),
    ).toEqual([
      { regionId: 1, yuan: 67 },
      { regionId: 2, yuan: 33 },
    ]);
  });
});

describe("deal terms: the state machine", () => {
  const facts = { askerId: 10, editorIds: [20, 21] };

  it("knows the sides: editors are the owners, the asker is the asker, an admin is neither", () => {
    expect(sideOf(facts, 20)).toBe("owner");
    expect(sideOf(facts, 10)).toBe("asker");
    expect(sideOf(facts, 99)).toBeNull();
  });

  it("only the other side answers an open proposal", () => {
    const proposed = { status: "proposed" as const, side: "owner" as const };
    expect(termsTransition(proposed, "accept", { side: "asker", isAdmin: false })).toEqual({ status: "accepted" });
    expect(termsTransition(proposed, "decline", { side: "asker", isAdmin: false })).toEqual({ status: "declined" });
    expect(termsTransition(proposed, "accept", { side: "owner", isAdmin: false })).toEqual({ refused: "OWN_PROPOSAL" });
    expect(termsTransition(proposed, "accept", { side: null, isAdmin: true })).toEqual({ refused: "NOT_A_PARTY" });
  });

  it("records only accepted terms, by the owners' side or an admin", () => {
    const accepted = { status: "accepted" as const, side: "asker" as const };
    expect(termsTransition(accepted, "record", { side: "owner", isAdmin: false })).toEqual({ status: "recorded" });
    expect(termsTransition(accepted, "record", { side: null, isAdmin: true })).toEqual({ status: "recorded" });
    expect(termsTransition(accepted, "record", { side: "asker", isAdmin: false })).toEqual({
      refused: "OWNERS_RECORD",
    });
    expect(termsTransition({ ...accepted, status: "proposed" }, "record", { side: "owner", isAdmin: false })).toEqual({
      refused: "TERMS_NOT_ACCEPTED",
    });
  });

  it("never moves terms that are no longer open, and never lets a side accept its own proposal", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...dealTermsStatuses),
        fc.constantFrom(...negotiationSides),
        fc.constantFrom("accept" as const, "decline" as const),
        fc.constantFrom(...negotiationSides, null),
        (status, side, action, actorSide) => {
          const result = termsTransition({ status, side }, action, { side: actorSide, isAdmin: false });
          if ("status" in result) {
            expect(status).toBe("proposed");
            expect(actorSide).not.toBe(side);
            expect(actorSide).not.toBeNull();
          }
        },
      ),
    );
  });

  it("a counter-proposal replaces open and accepted terms, never recorded, declined or superseded ones", () => {
    expect(dealTermsStatuses.filter(supersededBy)).toEqual(["proposed", "accepted"]);
  });
});

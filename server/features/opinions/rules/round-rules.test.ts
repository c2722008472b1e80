import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { isConsensus, nextStatement, statementKey } from "./round-rules";

describe("voting order", () => {
  it("offers an unseen statement with the fewest votes", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ id: fc.integer({ min: 1, max: 500 }), voteCount: fc.nat(30) }), {
          selector: (c) => c.id,
          maxLength: 30,
        }),
        fc.array(fc.integer({ min: 1, max: 500 })),
        fc.integer({ min: 1, max: 10_000 }),
        (candidates, seenIds, voter) => {
          const seen = new Set(seenIds);
          const chosen = nextStatement(candidates, seen, voter);
          const unseen = candidates.filter((c) => !seen.has(c.id));
          if (unseen.length === 0) {
            expect(chosen).toBeNull();
            return;
          }
          const pick = candidates.find((c) => c.id === chosen)!;
          expect(seen.has(pick.id)).toBe(false);
          expect(pick.voteCount).toBe(Math.min(...unseen.map((c) => c.voteCount)));
        },
      ),
    );
  });

  it("spreads voters over statements tied on votes", () => {
    const candidates = Array.from({ length: 10 }, (_, i) => ({ id: i + 1, voteCount: 0 }));
    const firsts = new Set(Array.from({ length: 50 }, (_, v) => nextStatement(candidates, new Set(), v + 1)));
    expect(firsts.size).toBeGreaterThan(5);
  });
});

describe("statements", () => {
  it("treat case, spacing and punctuation as the same statement", () => {
    expect(statementKey("Share the  lab time!")).toBe(statementKey("share the lab time"));
    expect(statementKey("共享实验设施。")).toBe(statementKey("共享实验设施"));
  });

  it("call a statement consensus only when every group and region leans to agree", () => {
    const agree = { agree: 8, n: 10 };
    const split = { agree: 2, n: 10 };
    expect(isConsensus({ groups: [agree, agree], regions: [agree], minRegionAgree: 0.8 })).toBe(true);
    expect(isConsensus({ groups: [agree, split], regions: [agree], minRegionAgree: 0.8 })).toBe(false);
    expect(isConsensus({ groups: [agree], regions: [agree, split], minRegionAgree: 0.2 })).toBe(false);
    expect(isConsensus({ groups: [], regions: [], minRegionAgree: null })).toBe(false);
  });
});

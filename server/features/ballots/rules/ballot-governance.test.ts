import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  baselineCostShares,
  changesCostShare,
  earlyCloseCheck,
  mayChairBallots,
  minQuorumBp,
  minVotingMs,
  openingViolations,
  type OpeningTerms,
} from "./ballot-governance";
import { startingShares } from "./benefit-shares";
import { roles } from "@/shared/vocabulary";

const now = new Date("2026-03-01T08:00:00Z");
const terms = (overrides: Partial<OpeningTerms> = {}): OpeningTerms => ({
  now,
  closesAt: new Date(now.getTime() + minVotingMs),
  quorumBp: minQuorumBp,
  rule: "regional_consent",
  regionIds: [1, 2],
  costSharesChange: false,
  consentingRegionIds: [],
  ...overrides,
});

describe("who chairs ballots", () => {
  it("is an admin, or a member holding the chair; the flag means nothing on other roles", () => {
    for (const role of roles) {
      expect(mayChairBallots({ role, chair: false })).toBe(role === "admin");
      expect(mayChairBallots({ role, chair: true })).toBe(role === "admin" || role === "member");
    }
  });
});

describe("opening terms", () => {
  it("accepts the minimum quorum and the minimum window exactly", () => {
    expect(openingViolations(terms())).toEqual([]);
  });

  it("refuses a quorum below the minimum, quorum 0 included, at the quorum field", () => {
    expect(openingViolations(terms({ quorumBp: 0 }))).toEqual([{ reason: "QUORUM_TOO_LOW", field: "quorumBp" }]);
    expect(openingViolations(terms({ quorumBp: minQuorumBp - 1 }))).toEqual([
      { reason: "QUORUM_TOO_LOW", field: "quorumBp" },
    ]);
  });

  it("refuses a window a millisecond shorter than the minimum", () => {
    expect(openingViolations(terms({ closesAt: new Date(now.getTime() + minVotingMs - 1) }))).toEqual([
      { reason: "VOTING_TOO_SHORT", field: "closesAt" },
    ]);
  });

  it("refuses simple majority on changed cost shares until every region consented, naming the rest", () => {
    const changed = terms({
      rule: "simple_majority",
      regionIds: [1, 2, 3],
      costSharesChange: true,
      consentingRegionIds: [2],
    });
    expect(openingViolations(changed)).toEqual([
      { reason: "SIMPLE_MAJORITY_NEEDS_CONSENT", field: "rule", regionIds: [1, 3] },
    ]);
    expect(openingViolations({ ...changed, consentingRegionIds: [1, 2, 3] })).toEqual([]);
  });

  it("lets simple majority decide plans that keep every cost share, and other rules decide anything", () => {
    expect(openingViolations(terms({ rule: "simple_majority", costSharesChange: false }))).toEqual([]);
    expect(openingViolations(terms({ rule: "double_majority", costSharesChange: true }))).toEqual([]);
    expect(openingViolations(terms({ rule: "regional_consent", costSharesChange: true }))).toEqual([]);
  });

  it("property: terms pass exactly when quorum and window reach the minimums and consent covers changed shares", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: -minVotingMs, max: 3 * minVotingMs }),
        fc.constantFrom("regional_consent", "double_majority", "simple_majority" as const),
        fc.boolean(),
        fc.subarray([1, 2, 3, 4]),
        (quorumBp, windowMs, rule, costSharesChange, consentingRegionIds) => {
          const found = openingViolations(
            terms({
              quorumBp,
              closesAt: new Date(now.getTime() + windowMs),
              rule,
              regionIds: [1, 2, 3, 4],
              costSharesChange,
              consentingRegionIds,
            }),
          );
          const consentMissing = rule === "simple_majority" && costSharesChange && consentingRegionIds.length < 4;
          expect(found.length === 0).toBe(quorumBp >= minQuorumBp && windowMs >= minVotingMs && !consentMissing);
        },
      ),
    );
  });
});

describe("cost shares against the baseline", () => {
  it("the baseline is the generated starting plan's equal split", () => {
    for (const n of [2, 3, 7]) {
      const ids = Array.from({ length: n }, (_, i) => i + 10);
      const starting = startingShares(ids);
      expect(changesCostShare([{ shares: starting }], baselineCostShares(ids))).toBe(false);
    }
  });

  it("a plan moving one basis point of cost changes the shares; benefits alone do not", () => {
    const baseline = baselineCostShares([1, 2]);
    expect(
      changesCostShare(
        [
          {
            shares: [
              { regionId: 1, costBp: 5_001 },
              { regionId: 2, costBp: 4_999 },
            ],
          },
        ],
        baseline,
      ),
    ).toBe(true);
    expect(
      changesCostShare(
        [
          {
            shares: [
              { regionId: 1, costBp: 5_000 },
              { regionId: 2, costBp: 5_000 },
            ],
          },
        ],
        baseline,
      ),
    ).toBe(false);
    // One changed plan among unchanged ones is enough.
    expect(
      changesCostShare(
        [
          {
            shares: [
              { regionId: 1, costBp: 5_000 },
              { regionId: 2, costBp: 5_000 },
            ],
          },
          {
            shares: [
              { regionId: 1, costBp: 0 },
              { regionId: 2, costBp: 10_000 },
            ],
          },
        ],
        baseline,
      ),
    ).toBe(true);
  });
});

describe("early close", () => {
  const before = new Date(now.getTime() + 3_600_000);
  const turnout = [
    { regionId: 1, voted: 2, quorum: 2 },
    { regionId: 2, voted: 1, quorum: 2 },
  ];

  it("refuses a chair while a region is short of quorum, naming it", () => {
    expect(earlyCloseCheck({ now, closesAt: before, turnout, actorRole: "member", confirm: false })).toEqual({
      allowed: false,
      reason: "EARLY_CLOSE_QUORUM_NOT_MET",
      regionIds: [2],
    });
  });

  it("allows it once every region met quorum", () => {
    const met = turnout.map((r) => ({ ...r, voted: r.quorum }));
    expect(earlyCloseCheck({ now, closesAt: before, turnout: met, actorRole: "member", confirm: false })).toEqual({
      allowed: true,
      confirmed: false,
    });
  });

  it("lets an admin override only with the explicit confirmation", () => {
    expect(earlyCloseCheck({ now, closesAt: before, turnout, actorRole: "admin", confirm: false })).toMatchObject({
      allowed: false,
      reason: "EARLY_CLOSE_QUORUM_NOT_MET",
    });
    expect(earlyCloseCheck({ now, closesAt: before, turnout, actorRole: "admin", confirm: true })).toEqual({
      allowed: true,
      confirmed: true,
    });
  });

  it("refuses the confirmation from anyone but an admin", () => {
    expect(earlyCloseCheck({ now, closesAt: before, turnout, actorRole: "member", confirm: true })).toEqual({
      allowed: false,
      reason: "EARLY_CLOSE_CONFIRM_ADMIN_ONLY",
    });
  });

  it("is no early close at or after the closing time", () => {
    expect(earlyCloseCheck({ now, closesAt: now, turnout, actorRole: "member", confirm: false })).toEqual({
      allowed: true,
      confirmed: false,
    });
  });
});

import { describe, expect, it } from "vitest";
import { decide, tallyVotes, type CastVote } from "./ballot-rules";
import {
  canonicalVoteSet,
  cellsToHide,
  formatReceipt,
  normaliseReceipt,
  publicPlanOutcomes,
  publicTallyRows,
  receiptList,
} from "./ballot-secrecy";
import { voteSetDigest } from "./ballot-digest";

const votes = [
  { planId: 1, receipt: "bb", choice: "approve" as const },
  { planId: 1, receipt: "aa", choice: "reject" as const },
];

describe("ballot secrecy", () => {
  it("[SECRET] the digest is keyed: another key gives another digest, the same votes in any order the same", () => {
    const key = "k".repeat(64);
    expect(voteSetDigest(key, 7, votes)).toBe(voteSetDigest(key, 7, [...votes].reverse()));
    expect(voteSetDigest(key, 7, votes)).not.toBe(voteSetDigest("x".repeat(64), 7, votes));
    expect(voteSetDigest(key, 7, votes)).toMatch(/^[0-9a-f]{64}$/);
    // The text hashed names receipts, never voters.
    expect(canonicalVoteSet(7, votes)).toBe("ballot 7\n1,aa,reject\n1,bb,approve\n");
  });

  it("[SECRET] receipts are listed sorted and read back however they were typed", () => {
    expect(receiptList([{ receipt: "b1" }, { receipt: "a2" }])).toEqual(["a2", "b1"]);
    const hex = "0123456789abcdef0123456789abcdef";
    expect(formatReceipt(hex)).toBe("0123-4567-89ab-cdef-0123-4567-89ab-cdef");
    expect(normaliseReceipt(` ${formatReceipt(hex).toUpperCase()} `)).toBe(hex);
  });

  it("[SECRET] a cell under the minimum hides every count of its plan", () => {
    expect(cellsToHide([5, 4, 0])).toEqual({ hidden: [false, false, false], overall: true });
    // One voter alone: the overall, or the other cells with the verdict, would give them away.
    expect(cellsToHide([1, 4, 6])).toEqual({ hidden: [true, true, true], overall: false });
    expect(cellsToHide([2, 3])).toEqual({ hidden: [true, true], overall: false });
    expect(cellsToHide([0, 0])).toEqual({ hidden: [false, false], overall: true });
  });

  it("[SECRET] under regional consent a region of three or more voters is still named as blocking", () => {
    const regions = [
      { regionId: 1, electorate: 3, quorum: 2 },
      { regionId: 2, electorate: 3, quorum: 2 },
    ];
    const cast: CastVote[] = [1, 2, 3].flatMap((v) => [
      { planId: 9, voterId: v, regionId: 1, choice: "approve" as const },
      { planId: 9, voterId: v + 10, regionId: 2, choice: "reject" as const },
    ]);
    const [secret] = publicPlanOutcomes(decide("regional_consent", 5_000, regions, [9], tallyVotes(cast)).plans, true);
    expect([secret!.blockedBy, secret!.blockedByHidden]).toEqual([[2], false]);
  });

  it("[SECRET] a secret ballot's published outcome hides small cells; a roll-call's is complete", () => {
    const regions = [
      { regionId: 1, electorate: 5, quorum: 1 },
      { regionId: 2, electorate: 1, quorum: 1 },
    ];
    const cast: CastVote[] = [
      ...[1, 2, 3, 4].map((v) => ({ planId: 9, voterId: v, regionId: 1, choice: "approve" as const })),
      { planId: 9, voterId: 5, regionId: 2, choice: "reject" },
    ];
    const decision = decide("double_majority", 5_000, regions, [9], tallyVotes(cast));
    const [secret] = publicPlanOutcomes(decision.plans, true);
    expect(secret!.regions.map((r) => [r.approve, r.reject, r.abstain, r.suppressed])).toEqual([
      [null, null, null, true],
      [null, null, null, true],
    ]);
    expect([
      secret!.approve,
      secret!.reject,
      secret!.approvalShareBp,
      secret!.lowestRegionalShareBp,
      secret!.failedOverall,
      secret!.suppressed,
    ]).toEqual([null, null, null, null, null, true]);
    // The verdict stays, but the one-voter region that blocked is not named: that would say how its voter voted.
    expect(decision.plans[0]!.blockedBy).toEqual([2]);
    expect([secret!.passes, secret!.blockedBy, secret!.blockedByHidden]).toEqual([false, [], true]);
    const [open] = publicPlanOutcomes(decision.plans, false);
    expect(open!.regions.map((r) => r.reject)).toEqual([0, 1]);
    expect([open!.blockedBy, open!.blockedByHidden]).toEqual([[2], false]);

    const rows = publicTallyRows(
      [
        {
          planId: 9,
          approve: 4,
          reject: 1,
          abstain: 0,
          byRegion: [
            { regionId: 1, approve: 4, reject: 0, abstain: 0 },
            { regionId: 2, approve: 0, reject: 1, abstain: 0 },
          ],
        },
      ],
      true,
    );
    expect(rows[0]!.byRegion.map((r) => r.suppressed)).toEqual([true, true]);
    expect([rows[0]!.approve, rows[0]!.suppressed]).toEqual([null, true]);
  });
});

import { describe, expect, it } from "vitest";
import { streamKey } from "@/server/domain/stream-access";
import type { LiveEvent } from "@/server/events/contract";
import type { DecidedRevisionState } from "@/server/features/ballots/events";
import { applyBallotEvent, applyBallotPageEvent, type LiveBallotPage, type LiveBallotView } from "./ballot-view";

const stream = streamKey({ kind: "ballot", id: 9 });
const at = "2026-01-01T00:00:00.000Z";
const turnout = (voted: number) => [{ regionId: 1, electorate: 3, quorum: 2, voted }];
const counted = (seq: number, voted: number, withTallies: boolean): LiveEvent => ({
  stream,
  seq,
  at,
  type: "vote:counted",
  payload: {
    ballotId: 9,
    turnout: turnout(voted),
    ...(withTallies
      ? {
          tallies: [
            {
              planId: 4,
              approve: voted,
              reject: 0,
              abstain: 0,
              byRegion: [{ regionId: 1, approve: voted, reject: 0, abstain: 0 }],
            },
          ],
        }
      : {}),
  },
});
/** A close as events were written before they carried the page's state. */
const legacyClose: LiveEvent = {
  stream,
  seq: 2,
  at,
  type: "ballot:closed",
  payload: { ballotId: 9, projectId: 1, outcome: "agreement", winnerPlanId: 4, digest: "d" },
};
const view = (over: Partial<LiveBallotView> = {}): LiveBallotView => ({
  status: "open",
  closesAt: new Date(at),
  turnout: turnout(0),
  tallies: null,
  headSeq: 1,
  ...over,
});

describe("applyBallotEvent", () => {
  it("applies a notice's turnout and tallies, and moves the view's head to its seq", () => {
    const { view: next, refetch } = applyBallotEvent(view({ tallies: [] }), counted(2, 2, true));
    expect(refetch).toBe(false);
    expect(next.headSeq).toBe(2);
    expect(next.turnout[0]?.voted).toBe(2);
    expect(next.tallies).toEqual([
      {
        planId: 4,
        approve: 2,
        reject: 0,
        abstain: 0,
        suppressed: false,
        byRegion: [{ regionId: 1, approve: 2, reject: 0, abstain: 0, suppressed: false }],
      },
    ]);
  });

  it("ignores an event the data already holds, so a replay after a read applies nothing twice", () => {
    const held = view({ headSeq: 5, turnout: turnout(3) });
    expect(applyBallotEvent(held, counted(4, 1, false)).view).toBe(held);
    expect(applyBallotEvent(held, counted(5, 1, false)).view).toBe(held);
  });

  it("keeps a secret ballot's tallies hidden: its notices carry turnout only", () => {
    const { view: next } = applyBallotEvent(view(), counted(2, 3, false));
    expect(next.tallies).toBeNull();
    expect(next.turnout[0]?.voted).toBe(3);
  });

  it("asks for one read on a close written before closes carried the page's state", () => {
    expect(applyBallotEvent(view(), legacyClose)).toMatchObject({ refetch: true, view: { headSeq: 2 } });
  });
});

describe("applyBallotPageEvent", () => {
  const decision = {
    rule: "simple_majority" as const,
    quorumBp: 5000,
    outcome: "agreement" as const,
    winnerPlanId: 4,
    plans: [],
  };
  const finalTallies = [
    {
      planId: 4,
      approve: null,
      reject: null,
      abstain: null,
      suppressed: true,
      byRegion: [{ regionId: 1, approve: null, reject: null, abstain: null, suppressed: true }],
    },
  ];
  const decidedAt = "2026-01-02T03:04:05.000Z";
  const awardedCall = {
    status: "awarded" as const,
    portfolio: { method: "exact" as const, decidedAt, reason: "Fits" },
  };
  const revision: DecidedRevisionState = {
    submissionId: 12,
    outcome: "revised",
    decidedAt,
    money: [{ funderId: 1, nameZh: "深圳", nameEn: "Shenzhen", plannedYuan: 900, paidYuan: 300 }],
    drift: {
      paidYuan: 300,
      maxDriftBp: 0,
      revisionDue: false,
      regions: [{ regionId: 1, nameZh: "深圳", nameEn: "Shenzhen", plannedBp: 10_000, actualBp: 10_000, driftBp: 0 }],
    },
  };
  const closedEvent = (
    seq: number,
    votes: boolean,
    call: typeof awardedCall | null | "absent" = awardedCall,
    decided?: DecidedRevisionState | null,
  ): LiveEvent => ({
    stream,
    seq,
    at,
    type: "ballot:closed",
    payload: {
      ballotId: 9,
      projectId: null,
      outcome: "agreement",
      winnerPlanId: 4,
      digest: "abc",
      closed: {
        closedAt: "2026-01-02T03:04:05.000Z",
        turnout: turnout(2),
        tallies: finalTallies,
        votes: votes
          ? [{ planId: 4, voterId: 7, voterName: "Li", regionId: 1, choice: "approve", updatedAt: at }]
          : null,
        result: decision,
        portfolioOutcome: "awarded",
        ...(call === "absent" ? {} : { call }),
        ...(decided === undefined ? {} : { revision: decided }),
      },
    },
  });
  type Page = LiveBallotPage & { viewer: { eligible: boolean; isChair: boolean } };
  const page = (over: Partial<Page> = {}): Page => ({
    ...view(),
    closedAt: null,
    votes: null,
    result: null,
    digest: null,
    portfolio: { outcome: null, call: { status: "selection", portfolio: null } },
    revision: null,
    viewer: { eligible: true, isChair: true },
    ...over,
  });

  it("applies the close's state: decision, final counts, digest, dates as dates, and no vote form", () => {
    const { view: next, refetch } = applyBallotPageEvent(page(), closedEvent(2, false));
    expect(refetch).toBe(false);
    expect(next).toEqual({
      status: "closed",
      closesAt: new Date(at),
      closedAt: new Date("2026-01-02T03:04:05.000Z"),
      turnout: turnout(2),
      tallies: finalTallies,
      votes: null,
      result: decision,
      digest: "abc",
      portfolio: {
        outcome: "awarded",
        call: { status: "awarded", portfolio: { method: "exact", decidedAt: new Date(decidedAt), reason: "Fits" } },
      },
      revision: null,
      viewer: { eligible: false, isChair: true },
      headSeq: 2,
    });
  });

  it("gives a roll-call's votes their dates, and leaves a project's ballot without a portfolio", () => {
    const { view: next } = applyBallotPageEvent(page({ portfolio: null }), closedEvent(3, true));
    expect(next.votes).toEqual([
      { planId: 4, voterId: 7, voterName: "Li", regionId: 1, choice: "approve", updatedAt: new Date(at) },
    ]);
    expect(next.portfolio).toBeNull();
  });

  it("takes a revision ballot's project as the call's results show it after the close, its date a date", () => {
    const { view: next, refetch } = applyBallotPageEvent(
      page({ portfolio: null }),
      closedEvent(3, false, null, revision),
    );
    expect(refetch).toBe(false);
    expect(next.revision).toEqual({ ...revision, decidedAt: new Date(decidedAt) });
    // Any other ballot's close carries none; one written before closes carried it leaves the page's (the call's page reads once).
    expect(applyBallotPageEvent(page({ portfolio: null }), closedEvent(3, false, null, null)).view.revision).toBeNull();
    expect(applyBallotPageEvent(page({ portfolio: null }), closedEvent(3, false, null)).view.revision).toBeNull();
  });

  it("changes nothing for a close the page already holds (read after it)", () => {
    const held = page({ headSeq: 4, status: "closed" });
    expect(applyBallotPageEvent(held, closedEvent(4, false)).view).toBe(held);
  });

  it("asks for a read when a portfolio ballot's close does not carry its call (written before it did)", () => {
    const applied = applyBallotPageEvent(page(), closedEvent(2, false, "absent"));
    expect(applied.refetch).toBe(true);
    expect(applied.view.portfolio).toEqual(page().portfolio);
    // A project's ballot has no call to carry.
    expect(applyBallotPageEvent(page({ portfolio: null }), closedEvent(2, false, null)).refetch).toBe(false);
  });

  it("still asks for a read when the close does not carry its state", () => {
    const applied = applyBallotPageEvent(page(), legacyClose);
    expect(applied.refetch).toBe(true);
    expect(applied.view.result).toBeNull();
  });
});

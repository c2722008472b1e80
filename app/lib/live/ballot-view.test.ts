import { describe, expect, it } from "vitest";
import { streamKey } from "@/server/domain/stream-access";
import type { LiveEvent } from "@/server/events/contract";
import { applyBallotEvent, type LiveBallotView } from "./ballot-view";

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

  it("asks for one read on the close, whose stored result the notice does not carry", () => {
    const closed: LiveEvent = {
      stream,
      seq: 2,
      at,
      type: "ballot:closed",
      payload: { ballotId: 9, projectId: 1, outcome: "winner", winnerPlanId: 4, digest: "d" },
    };
    expect(applyBallotEvent(view(), closed)).toMatchObject({ refetch: true, view: { headSeq: 2 } });
  });
});

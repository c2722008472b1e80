import { describe, expect, it } from "vitest";
import type { LiveEvent } from "@/server/events/contract";
import type { OpinionMap } from "@/server/features/opinions/rules/compute-map";
import { encodeMap } from "@/server/features/opinions/rules/map-codec";
import { applyRoundEvent, type LiveRoundView } from "./opinion-round";

const statement = (id: number, text: string | null, extra: object = {}) => ({
  id,
  roundId: 1,
  text,
  state: "visible" as const,
  hiddenReason: null,
  voteCount: 0,
  fromCommentId: null,
  createdAt: "2026-01-01T00:00:00.000Z",
  ...extra,
});
const emptyMap = (voters: number): OpinionMap =>
  ({
    voters,
    placed: 0,
    votes: 0,
    minVotes: 7,
    groups: [],
    points: [],
    statements: [
      {
        id: 1,
        total: { agree: 3, disagree: 0, pass: 0, n: 3 },
        groups: [],
        regions: [],
        groupConsensus: null,
        regionConsensus: null,
        minRegionAgree: null,
        regionsCounted: 0,
        groupSpread: null,
        regionSpread: null,
      },
    ],
    consensus: [],
    regionConsensus: [],
    divisiveGroups: [],
    divisiveRegions: [],
    crossTab: { regions: [], organisations: [], regionAssociation: 0, organisationAssociation: 0, split: "neither" },
  }) satisfies OpinionMap;
const event = (seq: number, type: string, payload: unknown) =>
  ({ stream: "round:1", seq, type, payload, at: "" }) as unknown as LiveEvent;
const view = (): LiveRoundView => ({
  round: { state: "open" },
  statements: [statement(1, "One", { mine: true })],
  map: null,
  headSeq: 4,
});

describe("a round's live view", () => {
  it("adds statements in order and ignores events already in the data", () => {
    const added = applyRoundEvent(
      view(),
      event(5, "statement:changed", { roundId: 1, statement: statement(3, "Three") }),
    );
    expect(added.statements.map((s) => s.id)).toEqual([1, 3]);
    expect(applyRoundEvent(added, event(5, "statement:changed", { roundId: 1, statement: statement(2, "Two") }))).toBe(
      added,
    );
  });

  it("keeps the author's own text when a moderator hides their statement", () => {
    const hidden = applyRoundEvent(
      view(),
      event(5, "statement:changed", { roundId: 1, statement: statement(1, null, { state: "hidden" }) }),
    );
    expect(hidden.statements[0]).toMatchObject({ text: "One", state: "hidden", mine: true });
  });

  it("takes a newer map only, and the counts that come with it", () => {
    const first = applyRoundEvent(
      view(),
      event(5, "opinionMap:updated", { roundId: 1, version: 2, computedAt: "", packed: encodeMap(emptyMap(9)) }),
    );
    expect(first.map?.map).toEqual(emptyMap(9));
    expect(first.statements[0]!.voteCount).toBe(3);
    const stale = applyRoundEvent(
      first,
      event(6, "opinionMap:updated", { roundId: 1, version: 1, computedAt: "", packed: encodeMap(emptyMap(4)) }),
    );
    expect(stale.map?.map.voters).toBe(9);
    expect(stale.headSeq).toBe(6);
    expect(applyRoundEvent(stale, event(7, "round:changed", { roundId: 1, state: "closed" })).round.state).toBe(
      "closed",
    );
  });
});

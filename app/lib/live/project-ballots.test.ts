import { describe, expect, it } from "vitest";
import { streamKey } from "@/server/domain/stream-access";
import type { LiveEvent } from "@/server/events/contract";
import type { PublishedBallotRow, PublishedPlan } from "@/server/features/ballots/events";
import { applyPlansEvent, applyProjectBallotsEvent, withPlans } from "./project-ballots";

const stream = streamKey({ kind: "project", id: 5 });
const at = "2026-03-01T08:00:00.000Z";
const event = (seq: number, rest: Pick<LiveEvent, "type" | "payload">) => ({ stream, seq, at, ...rest }) as LiveEvent;

const plan = (id: number, ballotId: number | null = null): PublishedPlan => ({
  id,
  ballotId,
  rationale: "Costs by contribution",
  terms: null,
  createdAt: at,
  author: { id: 3, displayName: "Proposer" },
  shares: [
    { regionId: 1, costBp: 10_000, benefitBp: 10_000, region: { id: 1, code: "r1", nameZh: "区", nameEn: "R" } },
  ],
});
const listed = (id: number, ballotId: number | null = null) => ({ ...plan(id, ballotId), createdAt: new Date(at) });

const row = (id: number, round: number, over: Partial<PublishedBallotRow> = {}): PublishedBallotRow => ({
  id,
  projectId: 5,
  round,
  rule: "regional_consent",
  quorumBp: 5000,
  visibility: "secret",
  showRunningTallies: false,
  status: "open",
  openedById: 2,
  openedAt: at,
  closesAt: "2026-03-04T08:00:00.000Z",
  closedAt: null,
  outcome: null,
  winnerPlanId: null,
  ...over,
});
const opened = (seq: number, ballot: PublishedBallotRow | undefined, plans: PublishedPlan[] | undefined) =>
  event(seq, {
    type: "ballot:opened",
    payload: { ballotId: ballot?.id ?? 9, projectId: 5, round: 1, closesAt: at, ballot, plans },
  });
const closed = (seq: number, ballot: PublishedBallotRow | undefined) =>
  event(seq, {
    type: "ballot:closed",
    payload: { ballotId: 9, projectId: 5, outcome: "agreement", winnerPlanId: 7, digest: "d", ballot },
  });

describe("the project's plans, live", () => {
  it("adds a proposed plan in id order, with its date as a Date, without a read", () => {
    const applied = applyPlansEvent(
      [listed(8)],
      event(5, { type: "plan:proposed", payload: { projectId: 5, planId: 7, plan: plan(7) } }),
    );
    expect(applied).toEqual({ view: [listed(7), listed(8)], refetch: false });
    // Already in the read: replaced by itself.
    expect(
      applyPlansEvent(
        applied.view,
        event(6, { type: "plan:proposed", payload: { projectId: 5, planId: 7, plan: plan(7) } }),
      ).view,
    ).toEqual(applied.view);
  });

  it("marks the plans an opened round put to the vote, and adds a new round's plans", () => {
    const applied = applyPlansEvent([listed(7), listed(8)], opened(6, row(9, 1), [plan(7, 9), plan(8, 9)]));
    expect(applied).toEqual({ view: [listed(7, 9), listed(8, 9)], refetch: false });
    const next = applyPlansEvent(applied.view, opened(9, row(10, 2), [plan(11, 10)]));
    expect(next.view.map((p) => [p.id, p.ballotId])).toEqual([
      [7, 9],
      [8, 9],
      [11, 10],
    ]);
  });

  it("keeps a plan with its ballot when an older proposal event arrives after the read", () => {
    const held = [listed(7, 9)];
    const late = applyPlansEvent(
      held,
      event(4, { type: "plan:proposed", payload: { projectId: 5, planId: 7, plan: plan(7) } }),
    );
    expect(late.view).toEqual(held);
  });

  it("reads again on an event written before it carried the plan, and ignores other events", () => {
    expect(applyPlansEvent([], event(5, { type: "plan:proposed", payload: { projectId: 5, planId: 7 } })).refetch).toBe(
      true,
    );
    expect(applyPlansEvent([], opened(5, row(9, 1), undefined)).refetch).toBe(true);
    const other = applyPlansEvent([listed(7)], closed(6, row(9, 1)));
    expect(other).toEqual({ view: [listed(7)], refetch: false });
  });
});

describe("the project's ballots, live", () => {
  it("adds an opened round first and replaces it with its outcome when it closes, without a read", () => {
    const first = applyProjectBallotsEvent([], opened(5, row(9, 1), []));
    expect(first.refetch).toBe(false);
    expect(first.view).toEqual([
      { ...row(9, 1), openedAt: new Date(at), closesAt: new Date("2026-03-04T08:00:00.000Z"), closedAt: null },
    ]);
    const done = row(9, 1, { status: "closed", closedAt: "2026-03-04T08:00:00.000Z", outcome: "no_agreement" });
    const closedView = applyProjectBallotsEvent(first.view, closed(6, done)).view;
    expect(closedView).toHaveLength(1);
    expect(closedView[0]).toMatchObject({
      status: "closed",
      outcome: "no_agreement",
      closedAt: new Date("2026-03-04T08:00:00.000Z"),
    });
    const second = applyProjectBallotsEvent(closedView, opened(7, row(10, 2), []));
    expect(second.view.map((b) => [b.id, b.round, b.status])).toEqual([
      [10, 2, "open"],
      [9, 1, "closed"],
    ]);
    // An opening older than the read's close changes nothing.
    expect(applyProjectBallotsEvent(second.view, opened(5, row(9, 1), [])).view).toEqual(second.view);
  });

  it("reads again on an event written before it carried the row, and ignores a proposed plan", () => {
    expect(applyProjectBallotsEvent([], closed(6, undefined)).refetch).toBe(true);
    const plain = applyProjectBallotsEvent(
      [],
      event(5, { type: "plan:proposed", payload: { projectId: 5, planId: 7, plan: plan(7) } }),
    );
    expect(plain).toEqual({ view: [], refetch: false });
  });
});

describe("withPlans", () => {
  it("adds the reader's own proposal at once; its event then changes nothing", () => {
    const mine = withPlans([listed(1)], [plan(2)]);
    expect(mine.map((p) => p.id)).toEqual([1, 2]);
    expect(mine[1]!.createdAt).toEqual(new Date(at));
    const afterEvent = applyPlansEvent(
      mine,
      event(6, { type: "plan:proposed", payload: { projectId: 5, planId: 2, plan: plan(2) } }),
    );
    expect(afterEvent).toEqual({ view: mine, refetch: false });
  });

  it("keeps a plan already put to a vote with its ballot", () => {
    expect(withPlans([listed(2, 9)], [plan(2)])[0]!.ballotId).toBe(9);
    const none: ReturnType<typeof listed>[] = [];
    expect(withPlans(none, [])).toBe(none);
  });
});

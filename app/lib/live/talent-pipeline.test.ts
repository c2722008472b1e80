import { describe, expect, it } from "vitest";
import type { LiveEvent } from "@/server/events/contract";
import type { ApplicationView } from "@/server/features/talent/contract";
import { asStreamKey } from "@/server/domain/stream-access";
import { applyPipelineEvent, withApplication, type PipelineRow } from "./talent-pipeline";

const application = (id: number, status: ApplicationView["status"]): ApplicationView => ({
  id,
  postingId: 4,
  applicant: { id: 10 + id, displayName: `A${id}`, organisation: "Org", regionId: 1 },
  statement: "…",
  status,
  createdAt: "2026-12-01T00:00:00.000Z",
  statusChangedAt: "2026-12-01T00:00:00.000Z",
});
const row = (id: number, status: ApplicationView["status"]): PipelineRow => ({
  ...application(id, status),
  actions: status === "applied" ? ["shortlist", "decline"] : [],
});

const changed = (seq: number, payload: ApplicationView): LiveEvent => ({
  stream: asStreamKey("posting:4"),
  seq,
  type: "application:changed",
  payload: {
    postingId: 4,
    application: payload,
    posting: { id: 4, title: "Sensors", kind: "secondment", hostRegionId: 1, hostOrganisation: "OUC" },
  },
  at: "2026-12-01T00:00:00.000Z",
});

describe("the host's live pipeline", () => {
  const view = { applications: [row(1, "applied")], headSeq: 5 };

  it("replaces a known application with the event's row and the host's next steps by the rule, without a read", () => {
    const applied = applyPipelineEvent(view, changed(6, application(1, "shortlisted")));
    expect(applied.refetch).toBe(false);
    expect(applied.view).toEqual({
      applications: [{ ...application(1, "shortlisted"), actions: ["offer", "decline"] }],
      headSeq: 6,
    });
    // The applicant's answer leaves the host nothing to do until it is accepted, then only completing it.
    const offered = applyPipelineEvent(applied.view, changed(7, application(1, "offered"))).view;
    expect(offered.applications[0]!.actions).toEqual([]);
    const accepted = applyPipelineEvent(offered, changed(8, application(1, "accepted"))).view;
    expect(accepted.applications[0]!.actions).toEqual(["complete"]);
  });

  it("appends a new application with the steps open on an applied one", () => {
    const applied = applyPipelineEvent(view, changed(6, application(2, "applied")));
    expect(applied.view.applications.map((a) => [a.id, a.actions])).toEqual([
      [1, ["shortlist", "decline"]],
      [2, ["shortlist", "decline"]],
    ]);
    expect(applied.refetch).toBe(false);
  });

  it("applies the host's own step from the mutation's answer as the stream would", () => {
    const mine = withApplication(view, application(1, "declined"));
    expect(mine).toEqual({ applications: [{ ...application(1, "declined"), actions: [] }], headSeq: 5 });
    expect(applyPipelineEvent(mine, changed(6, application(1, "declined"))).view.applications).toEqual(
      mine.applications,
    );
    // The host's answer arriving after the applicant's next step came on the stream changes nothing.
    const accepted = { ...application(1, "accepted"), statusChangedAt: "2026-12-02T00:00:00.000Z" };
    const live = applyPipelineEvent(view, changed(6, accepted)).view;
    expect(withApplication(live, { ...application(1, "offered"), statusChangedAt: "2026-12-01T12:00:00.000Z" })).toBe(
      live,
    );
  });

  it("ignores an event the data already includes", () => {
    const applied = applyPipelineEvent(view, changed(5, application(1, "offered")));
    expect(applied.view).toBe(view);
    expect(applied.refetch).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import type { LiveEvent } from "@/server/events/contract";
import type { ApplicationView } from "@/server/features/talent/contract";
import { asStreamKey } from "@/server/domain/stream-access";
import { applyPipelineEvent } from "./talent-pipeline";

type Row = ApplicationView & { actions: string[] };

const row = (id: number, status: ApplicationView["status"]): Row => ({
  id,
  postingId: 4,
  applicant: { id: 10 + id, displayName: `A${id}`, organisation: "Org", regionId: 1 },
  statement: "…",
  status,
  createdAt: "2026-12-01T00:00:00.000Z",
  statusChangedAt: "2026-12-01T00:00:00.000Z",
  actions: ["shortlist"],
});

const changed = (seq: number, application: ApplicationView): LiveEvent => ({
  stream: asStreamKey("posting:4"),
  seq,
  type: "application:changed",
  payload: { postingId: 4, application },
  at: "2026-12-01T00:00:00.000Z",
});

describe("the host's live pipeline", () => {
  const view = { applications: [row(1, "applied")], headSeq: 5 };

  it("replaces a known application with the event's row and asks for the new steps", () => {
    const { actions: _, ...next } = row(1, "shortlisted");
    const applied = applyPipelineEvent(view, changed(6, next));
    expect(applied.view.applications.map((a) => a.status)).toEqual(["shortlisted"]);
    expect(applied.view.headSeq).toBe(6);
    expect(applied.refetch).toBe(true);
  });

  it("appends a new application", () => {
    const applied = applyPipelineEvent(view, changed(6, row(2, "applied")));
    expect(applied.view.applications.map((a) => a.id)).toEqual([1, 2]);
  });

  it("ignores an event the data already includes", () => {
    const applied = applyPipelineEvent(view, changed(5, row(1, "offered")));
    expect(applied.view).toBe(view);
    expect(applied.refetch).toBe(false);
  });
});

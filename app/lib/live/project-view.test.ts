import { describe, expect, it } from "vitest";
import { streamKey } from "@/server/domain/stream-access";
import type { LiveEvent } from "@/server/events/contract";
import type { PublishedProjectText } from "@/server/features/projects/events";
import { applyProjectEvent, newerProjectRead, stillNeedsRead, type LiveProject } from "./project-view";

const stream = streamKey({ kind: "project", id: 5 });
const at = "2026-01-01T08:00:00.000Z";
const region = (id: number) => ({ id, code: `r${id}`, nameZh: "区", nameEn: "Region", clusterId: 1 });

const text = (version: number): PublishedProjectText => ({
  version,
  title: "New title",
  summary: "Summary",
  bodyHtml: "<p>Body</p>",
  expectedOutcomes: "Outcomes",
  budgetYuan: 100,
  durationMonths: 12,
  tags: ["water"],
  editedAt: at,
  updatedAt: at,
  leadRegion: region(1),
  partnerRegions: [region(2)],
  recommendations: [{ id: 1, number: 3, slug: "s", titleZh: "建议", titleEn: "Rec" }],
});

/** A submitted project read at seq 4 by its proposer (a researcher). */
const read = (): LiveProject & Omit<PublishedProjectText, "editedAt" | "updatedAt"> & { editedAt: Date } => ({
  ...text(2),
  editedAt: new Date("2025-12-01T00:00:00.000Z"),
  headSeq: 4,
  status: "submitted" as const,
  title: "Old title",
  statusChangedAt: new Date("2025-12-01T00:00:00.000Z"),
  submittedAt: new Date("2025-12-01T00:00:00.000Z"),
  commentsOpen: true,
  viewer: {
    isProposer: true,
    coauthorStatus: null,
    canEdit: true,
    canInvite: true,
    allowedActions: ["withdraw" as const],
  },
});

const event = (seq: number, type: LiveEvent["type"], payload: unknown) =>
  ({ stream, seq, at, type, payload }) as LiveEvent;
const updated = (seq: number, project: PublishedProjectText | null | undefined, fields = ["title"]) =>
  event(seq, "project:updated", { projectId: 5, version: project?.version ?? 3, fields, project });
const statusChanged = (seq: number, to: string, withState = true) =>
  event(seq, "project:status-changed", {
    projectId: 5,
    from: "submitted",
    to,
    ...(withState ? { at, submittedAt: "2025-12-01T00:00:00.000Z" } : {}),
  });

describe("applyProjectEvent", () => {
  it("applies an edit's text, dates as Dates, and says the version list grew", () => {
    const applied = applyProjectEvent(read(), updated(5, text(3)), "researcher");
    expect(applied.refetch).toBe(false);
    expect(applied.versions).toBe(true);
    expect(applied.project).toMatchObject({ headSeq: 5, version: 3, title: "New title", tags: ["water"] });
    expect(applied.project.partnerRegions).toEqual([region(2)]);
    expect(applied.project.editedAt).toEqual(new Date(at));
    // A draft's edit keeps its version: no version list to read again.
    expect(applyProjectEvent(read(), updated(5, text(2)), "researcher").versions).toBe(false);
  });

  it("reads again for a hidden project's edit, a change of regions, or an event without the text", () => {
    expect(applyProjectEvent(read(), updated(5, null), "researcher").refetch).toBe(true);
    expect(applyProjectEvent(read(), updated(5, undefined), "researcher").refetch).toBe(true);
    const regions = applyProjectEvent(read(), updated(5, text(3), ["partnerRegionIds"]), "researcher");
    expect(regions.refetch).toBe(true);
    expect(regions.project.headSeq).toBe(5);
  });

  it("applies a status change and derives from the rules what the viewer may now do", () => {
    const voting = applyProjectEvent(read(), statusChanged(5, "voting"), "researcher");
    expect(voting.refetch).toBe(false);
    expect(voting.project).toMatchObject({
      status: "voting",
      commentsOpen: true,
      statusChangedAt: new Date(at),
      viewer: { canEdit: false, canInvite: false },
    });
    const approved = applyProjectEvent(read(), statusChanged(5, "approved"), "researcher");
    expect(approved.project.commentsOpen).toBe(false);
    // A signed-out reader may do nothing, whatever the status.
    expect(applyProjectEvent(read(), statusChanged(5, "submitted"), null).project.viewer.allowedActions).toEqual([]);
    expect(applyProjectEvent(read(), statusChanged(5, "voting", false), "researcher").refetch).toBe(true);
  });

  it("reads again what depends on the reader: invitations, hiding", () => {
    for (const type of ["coauthor:invited", "coauthor:responded", "project:hidden", "project:restored"] as const)
      expect(
        applyProjectEvent(read(), event(5, type, { projectId: 5, targetKind: "project", targetId: 5 }), "researcher")
          .refetch,
      ).toBe(true);
  });

  it("only moves its head for the thread's events, and skips what the read already holds", () => {
    const comment = event(5, "comment:withdrawn", { commentId: 1 });
    expect(applyProjectEvent(read(), comment, "researcher")).toMatchObject({ refetch: false, project: { headSeq: 5 } });
    const before = read();
    expect(applyProjectEvent(before, updated(4, text(3)), "researcher")).toEqual({
      project: before,
      refetch: false,
      versions: false,
    });
  });
});

describe("newerProjectRead", () => {
  it("sets an own action's answer unless an event already moved the page past it", () => {
    const held = { ...read(), headSeq: 6 };
    const answer = { ...read(), headSeq: 7, status: "withdrawn" as const };
    expect(newerProjectRead(held, answer)).toBe(answer);
    expect(newerProjectRead(undefined, answer)).toBe(answer);
    // The action's own event arrived first and the page is already there or further: kept.
    expect(newerProjectRead({ ...held, headSeq: 7 }, answer).status).toBe("submitted");
    expect(newerProjectRead({ ...held, headSeq: 8 }, answer).headSeq).toBe(8);
  });
});

describe("stillNeedsRead", () => {
  it("reads again only when the page held is older than the event that asked for it", () => {
    expect(stillNeedsRead({ headSeq: 5 }, 0)).toBe(false);
    expect(stillNeedsRead({ headSeq: 5 }, 5)).toBe(false);
    expect(stillNeedsRead({ headSeq: 6 }, 5)).toBe(false);
    expect(stillNeedsRead({ headSeq: 4 }, 5)).toBe(true);
    expect(stillNeedsRead(undefined, 5)).toBe(true);
  });
});

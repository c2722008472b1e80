import { describe, expect, it } from "vitest";
import { streamKey } from "@/server/domain/stream-access";
import type { LiveEvent } from "@/server/events/contract";
import type { PublishedProjectText } from "@/server/features/projects/events";
import { applyProjectEvent, settleOwnAction, type LiveProject } from "./project-view";

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

describe("settleOwnAction", () => {
  it("sets an own action's answer unless an event already moved the page past it", () => {
    const held = { ...read(), headSeq: 6 };
    const answer = { ...read(), headSeq: 7, status: "withdrawn" as const };
    expect(settleOwnAction(held, answer, 0)).toEqual({ page: answer, staleSince: 0 });
    expect(settleOwnAction(undefined, answer, 0)).toEqual({ page: answer, staleSince: 0 });
    // The action's status change arrived first and the page is further on: kept, nothing to read.
    const further = { ...held, headSeq: 8 };
    expect(settleOwnAction(further, answer, 0)).toEqual({ page: further, staleSince: 0 });
    // Failed (no answer): the page stays as it was.
    expect(settleOwnAction(held, undefined, 0)).toEqual({ page: held, staleSince: 0 });
  });

  it("takes the answer over a page whose head an event asking for a read moved without its change", () => {
    // The reader's own invitation's event arrived first: the page's head is at it, its list is not.
    const invited = applyProjectEvent(read(), event(5, "coauthor:invited", { projectId: 5 }), "researcher");
    expect(invited).toMatchObject({ refetch: true, project: { headSeq: 5 } });
    const answer = { ...read(), headSeq: 5, title: "With the invitee" };
    expect(settleOwnAction(invited.project, answer, 5)).toEqual({ page: answer, staleSince: 0 });
    // Someone else's later invitation is not in the answer: still to be read.
    expect(settleOwnAction({ ...invited.project, headSeq: 6 }, answer, 6)).toMatchObject({ staleSince: 6 });
    expect(settleOwnAction(invited.project, undefined, 5)).toEqual({ page: invited.project, staleSince: 5 });
  });
});

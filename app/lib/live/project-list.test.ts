import { describe, expect, it } from "vitest";
import { streamKey } from "@/server/domain/stream-access";
import type { LiveEvent } from "@/server/events/contract";
import type { ProjectStatus } from "@/server/features/projects/rules/project-lifecycle";
import { applyProjectListEvent } from "./project-list";

const at = "2026-01-01T08:00:00.000Z";
const listed = (id: number, status: ProjectStatus = "submitted") => ({
  id,
  status,
  title: `Project ${id}`,
  statusChangedAt: new Date("2025-12-01T00:00:00.000Z"),
  submittedAt: new Date("2025-12-01T00:00:00.000Z"),
});
const pages = () => [
  { items: [listed(3), listed(2)], nextCursor: "c" },
  { items: [listed(1)], nextCursor: null },
];
const ids = (list: { items: { id: number }[] }[]) => list.map((page) => page.items.map((p) => p.id));
const changed = (projectId: number, from: ProjectStatus, to: ProjectStatus, withTime = true): LiveEvent => ({
  stream: streamKey({ kind: "projects" }),
  seq: 9,
  at,
  type: "project:status-changed",
  payload: { projectId, from, to, ...(withTime ? { at, submittedAt: "2025-12-01T00:00:00.000Z" } : {}) },
});

describe("applyProjectListEvent", () => {
  it("changes a listed project's status in place, once however often applied", () => {
    const once = applyProjectListEvent(pages(), null, changed(2, "submitted", "voting"));
    expect(once.refetch).toBe(false);
    expect(once.pages[0]?.items[1]).toMatchObject({ id: 2, status: "voting", statusChangedAt: new Date(at) });
    const twice = applyProjectListEvent(once.pages, null, changed(2, "submitted", "voting"));
    expect(twice.pages).toEqual(once.pages);
    expect(ids(twice.pages)).toEqual([[3, 2], [1]]);
  });

  it("takes a project out of a list filtered by the status it left", () => {
    const applied = applyProjectListEvent(pages(), "submitted", changed(2, "submitted", "voting"));
    expect(applied.refetch).toBe(false);
    expect(ids(applied.pages)).toEqual([[3], [1]]);
  });

  it("reads again only for a project that may now enter: newly submitted, or of the filtered status", () => {
    expect(applyProjectListEvent(pages(), null, changed(9, "draft", "submitted")).refetch).toBe(true);
    expect(applyProjectListEvent(pages(), "voting", changed(9, "submitted", "voting")).refetch).toBe(true);
    expect(applyProjectListEvent(pages(), null, changed(9, "submitted", "voting")).refetch).toBe(false);
    expect(applyProjectListEvent(pages(), "approved", changed(9, "draft", "submitted")).refetch).toBe(false);
    // A listed project's change from before the event carried its time.
    expect(applyProjectListEvent(pages(), null, changed(2, "submitted", "voting", false)).refetch).toBe(true);
  });

  it("reads again for hiding a listed project and for any restore; other events change nothing", () => {
    const moderated = (type: "project:hidden" | "project:restored", targetId: number): LiveEvent => ({
      stream: streamKey({ kind: "projects" }),
      seq: 9,
      at,
      type,
      payload: { targetKind: "project", targetId },
    });
    expect(applyProjectListEvent(pages(), null, moderated("project:hidden", 2)).refetch).toBe(true);
    expect(applyProjectListEvent(pages(), null, moderated("project:hidden", 9)).refetch).toBe(false);
    expect(applyProjectListEvent(pages(), null, moderated("project:restored", 9)).refetch).toBe(true);
  });
});

import { describe, expect, it } from "vitest";
import { streamKey } from "@/server/domain/stream-access";
import type { LiveEvent } from "@/server/events/contract";
import type { ListedForum } from "@/server/features/deliberation/events";
import { onTheWire } from "@/shared/on-the-wire";
import { applyForumListEvent, type ForumListView } from "./forum-list";

const forum = (id: number, number: number | null, archivedAt: Date | null = null): ListedForum => ({
  id,
  slug: `f${id}`,
  recommendationId: number,
  clusterId: null,
  titleZh: `论坛${id}`,
  titleEn: `Forum ${id}`,
  descriptionZh: "",
  descriptionEn: "",
  archivedAt,
  createdById: null,
  createdAt: new Date("2026-01-01T00:00:00.000Z"),
  recommendation: number === null ? null : { number, section: "A" },
  topicCount: 2,
});
const view = (): ForumListView => ({ forums: [forum(2, 1), forum(1, 3), forum(5, null)], headSeq: 4 });
const event = (
  type: "forum:created" | "forum:archived" | "forum:unarchived" | "forum:topic-count",
  row: ListedForum | null,
  seq = 5,
): LiveEvent =>
  ({
    stream: streamKey({ kind: "forums" }),
    seq,
    at: "2026-01-02T00:00:00.000Z",
    type,
    payload: row ? { forumId: row.id, forum: onTheWire(row) } : { forumId: 9 },
  }) as LiveEvent;

describe("applyForumListEvent", () => {
  it("puts a created forum in the list's order: by recommendation, then id, those without one last", () => {
    const applied = applyForumListEvent(view(), event("forum:created", forum(7, 2)));
    expect(applied.refetch).toBe(false);
    expect(applied.view.forums.map((f) => f.id)).toEqual([2, 7, 1, 5]);
    expect(applied.view.headSeq).toBe(5);
    const last = applyForumListEvent(applied.view, event("forum:created", forum(6, null), 6));
    expect(last.view.forums.map((f) => f.id)).toEqual([2, 7, 1, 5, 6]);
  });

  it("replaces an archived forum's row in place, dates as Dates, once however often applied", () => {
    const archivedAt = new Date("2026-01-02T00:00:00.000Z");
    const once = applyForumListEvent(view(), event("forum:archived", forum(1, 3, archivedAt)));
    expect(once.view.forums[1]).toEqual(forum(1, 3, archivedAt));
    expect(applyForumListEvent(once.view, event("forum:archived", forum(1, 3, archivedAt))).view).toBe(once.view);
    const back = applyForumListEvent(once.view, event("forum:unarchived", forum(1, 3), 6));
    expect(back.view.forums).toEqual(view().forums);
  });

  it("sets a forum's topic count as its row after a topic was created, hidden, restored or moved", () => {
    const counted = { ...forum(1, 3), topicCount: 3 };
    const applied = applyForumListEvent(view(), event("forum:topic-count", counted));
    expect(applied).toMatchObject({ refetch: false, view: { headSeq: 5 } });
    expect(applied.view.forums.map((f) => [f.id, f.topicCount])).toEqual([
      [2, 2],
      [1, 3],
      [5, 2],
    ]);
    // An older count arriving late (a replay) changes nothing.
    expect(applyForumListEvent(applied.view, event("forum:topic-count", forum(1, 3), 5)).view).toBe(applied.view);
  });

  it("reads again for an event without the row; other events only move the head", () => {
    expect(applyForumListEvent(view(), event("forum:created", null))).toMatchObject({
      refetch: true,
      view: { headSeq: 5 },
    });
    const other: LiveEvent = { ...event("forum:created", null), type: "blocked-words:changed", payload: {} };
    expect(applyForumListEvent(view(), other)).toEqual({ view: { ...view(), headSeq: 5 }, refetch: false });
  });
});

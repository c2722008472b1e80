import { describe, expect, it } from "vitest";
import { streamKey } from "@/server/domain/stream-access";
import type { LiveEvent } from "@/server/events/contract";
import type { PublishedTopic } from "@/server/features/deliberation/events";
import { moderationEvent, publishedTopic } from "./published-topic.fixture";
import { applyRecentTopicsEvent, recentTopicFromEvent } from "./recent-topics";

const stream = streamKey({ kind: "forum", id: 1 });
const at = "2026-01-01T00:00:00.000Z";
const published = publishedTopic;
const listed = () => [published(3, 30), published(2, 20), published(1, 10)].map(recentTopicFromEvent);
const ids = (items: { id: number }[]) => items.map((t) => t.id);
const activity = (topic: PublishedTopic | null | undefined, threadId = topic?.threadId ?? 0) =>
  ({
    stream,
    seq: 5,
    at,
    type: "thread:activity",
    payload: { threadId, type: "comment:added", ...(topic === undefined ? {} : { topic }) },
  }) as LiveEvent;
const created = (topicId: number, topic: PublishedTopic | null): LiveEvent => ({
  stream,
  seq: 5,
  at,
  type: "topic:created",
  payload: { topicId, topic },
});
const apply = (items: ReturnType<typeof listed>, event: LiveEvent, limit = 3) =>
  applyRecentTopicsEvent(items, event, limit, recentTopicFromEvent);

describe("applyRecentTopicsEvent", () => {
  it("puts a new topic first and keeps at most the limit", () => {
    const { items, refetch } = apply(listed(), created(9, published(9, 40)));
    expect(refetch).toBe(false);
    expect(ids(items)).toEqual([9, 3, 2]);
    expect(items[0]).toMatchObject({ title: "Topic 9", forum: { slug: "f" }, commentCount: 0 });
    expect(items[0]?.lastActivityAt).toBeInstanceOf(Date);
  });

  it("moves a topic with new activity to the top with its new count, once however often applied", () => {
    const once = apply(listed(), activity(published(1, 50, 4))).items;
    expect(ids(once)).toEqual([1, 3, 2]);
    expect(once[0]?.commentCount).toBe(4);
    expect(ids(apply(once, activity(published(1, 50, 4))).items)).toEqual([1, 3, 2]);
  });

  it("leaves out a topic older than every one of a full list, and adds it to a short one", () => {
    expect(apply(listed(), created(9, published(9, 1)))).toMatchObject({ refetch: false });
    expect(ids(apply(listed(), created(9, published(9, 1))).items)).toEqual([3, 2, 1]);
    expect(ids(apply(listed(), created(9, published(9, 1)), 6).items)).toEqual([3, 2, 1, 9]);
  });

  it("reads again only when a listed topic left (its place is to fill) or the row is not in the event", () => {
    const gone = apply(listed(), activity(null, 102));
    expect(ids(gone.items)).toEqual([3, 1]);
    expect(gone.refetch).toBe(true);
    expect(apply(listed(), created(9, null))).toMatchObject({ refetch: false });
    expect(apply(listed(), activity(undefined, 102)).refetch).toBe(true);
    const hidden = (targetId: number) => moderationEvent(5, "topic:hidden", targetId);
    expect(apply(listed(), hidden(2))).toMatchObject({ refetch: true });
    expect(ids(apply(listed(), hidden(2)).items)).toEqual([3, 1]);
    expect(apply(listed(), hidden(8))).toMatchObject({ refetch: false });
    expect(ids(apply(listed(), hidden(8)).items)).toEqual([3, 2, 1]);
  });

  it("puts a restored topic back from its row; reads again for a restore without it", () => {
    const restored = (topic: PublishedTopic | null | undefined) => moderationEvent(5, "topic:restored", 9, topic);
    const back = apply(listed(), restored(published(9, 25)));
    expect(back.refetch).toBe(false);
    expect(ids(back.items)).toEqual([3, 9, 2]);
    expect(apply(listed(), restored(published(9, 5)))).toMatchObject({ refetch: false });
    expect(ids(apply(listed(), restored(published(9, 5))).items)).toEqual([3, 2, 1]);
    expect(apply(listed(), restored(undefined)).refetch).toBe(true);
    expect(apply(listed(), moderationEvent(5, "comment:restored", 9))).toMatchObject({ refetch: false });
  });

  it("gives a moved topic its new forum from the row the forum it joined carries; the forum it left changes nothing", () => {
    const moved = (
      payload: { fromForumId?: number; toForumId?: number; topic?: PublishedTopic | null },
      topicId = 2,
    ): LiveEvent => ({ stream, seq: 5, at, type: "topic:moved", payload: { topicId, ...payload } });
    const inNewForum = { ...published(2, 20), forumId: 4, forum: { slug: "g", titleZh: "新", titleEn: "New" } };
    const joined = apply(listed(), moved({ fromForumId: 1, topic: inNewForum }));
    expect(joined.refetch).toBe(false);
    expect(ids(joined.items)).toEqual([3, 2, 1]);
    expect(joined.items[1]?.forum).toEqual({ slug: "g", titleZh: "新", titleEn: "New" });
    const left = apply(listed(), moved({ toForumId: 4, topic: null }));
    expect(left).toMatchObject({ refetch: false });
    expect(left.items).toEqual(listed());
    // Moved while hidden: not listed, nothing to change.
    expect(apply(listed(), moved({ fromForumId: 1, topic: null }, 8))).toMatchObject({ refetch: false });
    // An event from before moves carried the row.
    expect(apply(listed(), moved({ toForumId: 4 })).refetch).toBe(true);
  });
});

import { describe, expect, it } from "vitest";
import { streamKey } from "@/server/domain/stream-access";
import type { LiveEvent } from "@/server/events/contract";
import type { PublishedTopic } from "@/server/features/deliberation/events";
import { moderationEvent, publishedTopic } from "./published-topic.fixture";
import {
  applyStancePictureEvent,
  applyTopicListEvent,
  listedTopicFromEvent,
  type ForumStancePicture,
} from "./forum-view";

const stream = streamKey({ kind: "forum", id: 1 });
const at = "2026-01-01T00:00:00.000Z";

const published = publishedTopic;
const item = (id: number, lastMinute: number, commentCount: number, regionId = 7) =>
  listedTopicFromEvent(published(id, lastMinute, commentCount, regionId));

/** By activity: 3 (minute 30), 2 (20) | 1 (10), with more to load unless `complete`. */
const pages = (complete = false) => [
  { items: [item(3, 30, 1), item(2, 20, 5)], nextCursor: "c", headSeq: 4 },
  { items: [item(1, 10, 2)], nextCursor: complete ? null : "d", headSeq: 0 },
];
const ids = (list: { items: { id: number }[] }[]) => list.map((page) => page.items.map((t) => t.id));

const activity = (seq: number, topic: PublishedTopic | null | undefined, threadId = topic?.threadId ?? 0) =>
  ({
    stream,
    seq,
    at,
    type: "thread:activity",
    payload: { threadId, type: "comment:added", ...(topic === undefined ? {} : { topic }) },
  }) as LiveEvent;
const created = (seq: number, topicId: number, topic: PublishedTopic | null): LiveEvent => ({
  stream,
  seq,
  at,
  type: "topic:created",
  payload: { topicId, topic },
});

describe("applyTopicListEvent", () => {
  it("puts a new topic first in the activity order, as its list row, and moves the head", () => {
    const { pages: next, refetch } = applyTopicListEvent(
      pages(),
      {},
      created(5, 9, published(9, 40, 0)),
      listedTopicFromEvent,
    );
    expect(refetch).toBe(false);
    expect(ids(next)).toEqual([[9, 3, 2], [1]]);
    expect(next[0]?.items[0]).toEqual(item(9, 40, 0));
    expect(next[0]?.items[0]?.lastActivityAt).toBeInstanceOf(Date);
    expect(next[0]?.headSeq).toBe(5);
  });

  it("moves a topic with new activity to its place, with its new count, from whichever page it was on", () => {
    const { pages: next } = applyTopicListEvent(pages(), {}, activity(5, published(1, 50, 3)), listedTopicFromEvent);
    expect(ids(next)).toEqual([[1, 3, 2], []]);
    expect(next[0]?.items[0]?.commentCount).toBe(3);
  });

  it("keeps the most discussed order by comment count", () => {
    const { pages: next } = applyTopicListEvent(
      pages(),
      { sort: "discussed" },
      activity(5, published(3, 60, 4)),
      listedTopicFromEvent,
    );
    // 2 has 5 comments, 3 now 4: 3 goes after 2, ahead of 1 (at the head of the page 1 is on).
    expect(ids(next)).toEqual([[2], [3, 1]]);
  });

  it("leaves a topic whose place is past the loaded pages for load more, and appends it at the real end", () => {
    const old = published(8, 1, 0);
    expect(ids(applyTopicListEvent(pages(), {}, created(5, 8, old), listedTopicFromEvent).pages)).toEqual([
      [3, 2],
      [1],
    ]);
    expect(ids(applyTopicListEvent(pages(true), {}, created(5, 8, old), listedTopicFromEvent).pages)).toEqual([
      [3, 2],
      [1, 8],
    ]);
  });

  it("lists nobody's held topic, and drops a topic no longer listed (its row came as null)", () => {
    expect(ids(applyTopicListEvent(pages(), {}, created(5, 9, null), listedTopicFromEvent).pages)).toEqual([
      [3, 2],
      [1],
    ]);
    expect(ids(applyTopicListEvent(pages(), {}, activity(5, null, 102), listedTopicFromEvent).pages)).toEqual([
      [3],
      [1],
    ]);
  });

  it("keeps another region's topic out of a list filtered by region", () => {
    const { pages: next } = applyTopicListEvent(
      pages(),
      { regionId: 7 },
      created(5, 9, published(9, 40, 0, 8)),
      listedTopicFromEvent,
    );
    expect(ids(next)).toEqual([[3, 2], [1]]);
    expect(next[0]?.headSeq).toBe(5);
  });

  it("removes a hidden topic; reads again only for an event from before events carried the row", () => {
    const hidden = moderationEvent(5, "topic:hidden", 2);
    expect(applyTopicListEvent(pages(), {}, hidden, listedTopicFromEvent)).toMatchObject({ refetch: false });
    expect(ids(applyTopicListEvent(pages(), {}, hidden, listedTopicFromEvent).pages)).toEqual([[3], [1]]);
    // A restore from before the event carried the row.
    const restored = moderationEvent(5, "topic:restored", 2);
    expect(applyTopicListEvent(pages(), {}, restored, listedTopicFromEvent).refetch).toBe(true);
    const moved: LiveEvent = { stream, seq: 5, at, type: "topic:moved", payload: { topicId: 2, toForumId: 3 } };
    expect(applyTopicListEvent(pages(), {}, moved, listedTopicFromEvent).refetch).toBe(true);
    expect(applyTopicListEvent(pages(), {}, activity(5, undefined, 102), listedTopicFromEvent).refetch).toBe(true);
  });

  it("takes a topic moved out off the list and puts one moved in at its place, from its row", () => {
    const movedOut: LiveEvent = {
      stream,
      seq: 5,
      at,
      type: "topic:moved",
      payload: { topicId: 2, toForumId: 3, topic: null },
    };
    const out = applyTopicListEvent(pages(), {}, movedOut, listedTopicFromEvent);
    expect(out.refetch).toBe(false);
    expect(ids(out.pages)).toEqual([[3], [1]]);
    expect(out.pages[0]?.headSeq).toBe(5);
    const movedIn = (topic: PublishedTopic | null): LiveEvent => ({
      stream,
      seq: 5,
      at,
      type: "topic:moved",
      payload: { topicId: 9, fromForumId: 3, topic },
    });
    const arrived = applyTopicListEvent(pages(), {}, movedIn(published(9, 25, 2)), listedTopicFromEvent);
    expect(arrived.refetch).toBe(false);
    expect(ids(arrived.pages)).toEqual([[3, 9, 2], [1]]);
    expect(arrived.pages[0]?.items[1]).toEqual(item(9, 25, 2));
    // Moved in while hidden: listed for nobody.
    const hiddenIn = applyTopicListEvent(pages(), {}, movedIn(null), listedTopicFromEvent);
    expect(hiddenIn).toMatchObject({ refetch: false });
    expect(ids(hiddenIn.pages)).toEqual([[3, 2], [1]]);
  });

  it("puts a restored topic back in its place from its row, and leaves out one that is not visible", () => {
    const restored = (topic: PublishedTopic | null, regionFilter: { regionId?: number } = {}) =>
      applyTopicListEvent(
        [
          { items: [item(3, 30, 1)], nextCursor: "c", headSeq: 4 },
          { items: [item(1, 10, 2)], nextCursor: null, headSeq: 0 },
        ],
        regionFilter,
        moderationEvent(5, "topic:restored", 2, topic),
        listedTopicFromEvent,
      );
    const back = restored(published(2, 20, 5));
    expect(back.refetch).toBe(false);
    expect(ids(back.pages)).toEqual([[3], [2, 1]]);
    expect(back.pages[1]?.items[0]).toMatchObject({ title: "Topic 2", commentCount: 5 });
    expect(back.pages[0]?.headSeq).toBe(5);
    expect(ids(restored(null).pages)).toEqual([[3], [1]]);
    expect(restored(null).refetch).toBe(false);
    expect(ids(restored(published(2, 20, 5, 7), { regionId: 8 }).pages)).toEqual([[3], [1]]);
  });

  it("skips an event the first page already holds, so a replay applies nothing twice", () => {
    const before = pages();
    const result = applyTopicListEvent(before, {}, created(4, 9, published(9, 40, 0)), listedTopicFromEvent);
    expect(result).toEqual({ pages: before, refetch: false });
    expect(result.pages).toBe(before);
  });

  it("applies the same row twice as one: the topic is listed once", () => {
    const once = applyTopicListEvent(pages(), {}, activity(5, published(1, 50, 3)), listedTopicFromEvent).pages;
    const twice = applyTopicListEvent(once, {}, activity(6, published(1, 50, 3)), listedTopicFromEvent).pages;
    expect(ids(twice)).toEqual([[1, 3, 2], []]);
  });
});

describe("applyStancePictureEvent", () => {
  const region = (regionId: number, support: number): ForumStancePicture[number] => ({
    regionId,
    total: support,
    counts: { support, concern: 0, question: 0, amendment: 0 },
    shares: { support: 10_000, concern: 0, question: 0, amendment: 0 },
  });
  const view = () => ({ regions: [region(7, 1)], headSeq: 4 });

  it("takes the picture an event carries, as committed at its seq", () => {
    const event = {
      ...activity(5, published(1, 50, 3)),
      payload: { threadId: 101, type: "comment:added", topic: published(1, 50, 3), stancePicture: [region(7, 2)] },
    } as LiveEvent;
    expect(applyStancePictureEvent(view(), event)).toEqual({
      view: { regions: [region(7, 2)], headSeq: 5 },
      refetch: false,
    });
    // Already held: not applied again.
    expect(applyStancePictureEvent({ ...view(), headSeq: 5 }, event).view.regions).toEqual([region(7, 1)]);
  });

  it("keeps its picture when no counted stance moved, and reads again for a topic event without the picture", () => {
    expect(applyStancePictureEvent(view(), activity(5, published(1, 50, 3)))).toEqual({
      view: { regions: [region(7, 1)], headSeq: 5 },
      refetch: false,
    });
    const hidden = moderationEvent(5, "topic:hidden", 2);
    expect(applyStancePictureEvent(view(), hidden).refetch).toBe(true);
    const moved: LiveEvent = { stream, seq: 5, at, type: "topic:moved", payload: { topicId: 2, toForumId: 3 } };
    expect(applyStancePictureEvent(view(), moved).refetch).toBe(true);
    expect(applyStancePictureEvent(view(), created(5, 9, published(9, 40, 0))).refetch).toBe(false);
    expect(applyStancePictureEvent(view(), activity(5, undefined, 102)).refetch).toBe(true);
  });

  it("takes the picture a topic hidden, restored or moved carries, when its comments stop or start counting", () => {
    const carrying = (type: "topic:hidden" | "topic:restored") =>
      ({
        ...moderationEvent(5, type, 2),
        payload: { targetKind: "topic", targetId: 2, stancePicture: [region(8, 3)] },
      }) as LiveEvent;
    for (const type of ["topic:hidden", "topic:restored"] as const)
      expect(applyStancePictureEvent(view(), carrying(type))).toEqual({
        view: { regions: [region(8, 3)], headSeq: 5 },
        refetch: false,
      });
    const moved: LiveEvent = {
      stream,
      seq: 5,
      at,
      type: "topic:moved",
      payload: { topicId: 2, toForumId: 3, topic: null, stancePicture: [] },
    };
    expect(applyStancePictureEvent(view(), moved)).toEqual({ view: { regions: [], headSeq: 5 }, refetch: false });
    // Already held: not applied again.
    expect(applyStancePictureEvent({ ...view(), headSeq: 5 }, moved).view.regions).toEqual([region(7, 1)]);
  });
});

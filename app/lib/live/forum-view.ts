import type { EventMap, LiveEvent } from "@/server/events/contract";
import type { PublishedTopic } from "@/server/features/deliberation/events";

/** What of a listed topic the forum's list orders and filters by. */
export interface LiveTopic {
  id: number;
  threadId: number;
  lastActivityAt: Date;
  commentCount: number;
  region: { id: number };
}

/** A page of `topics.list`; the first page's head is the seq the forum stream's data stands at. */
export interface LiveTopicPage<T extends LiveTopic> {
  items: T[];
  nextCursor: string | null;
  headSeq: number;
}

/** Which list a cached `topics.list` is: its order and its region filter (the query's input). */
export interface TopicListFilter {
  sort?: "activity" | "discussed";
  regionId?: number | null;
}

/** A topic's list item from its event: the list's row, dates as Dates. */
export function listedTopicFromEvent(topic: PublishedTopic) {
  const { forum: _forum, ...row } = topic;
  return { ...row, createdAt: new Date(row.createdAt), lastActivityAt: new Date(row.lastActivityAt) };
}

/** The list's order (topics.ts listTopics): true when `a` is listed before `b`. */
function listedBefore(sort: TopicListFilter["sort"], a: LiveTopic, b: LiveTopic): boolean {
  const primary =
    sort === "discussed" ? a.commentCount - b.commentCount : a.lastActivityAt.getTime() - b.lastActivityAt.getTime();
  return primary > 0 || (primary === 0 && a.id > b.id);
}

/**
 * Applies one event of a forum's stream (`forum:<id>`) to one cached list of its topics. Pure and
 * seq-guarded like the thread's. A new topic, or a topic whose thread moved, arrives as its list row
 * and is put in its place (or left for "load more" when its place is past the loaded pages), as is a
 * restored one or one moved in; a hidden topic, or one moved out, leaves. Only an event from before
 * events carried the row is read again.
 */
export function applyTopicListEvent<T extends LiveTopic, P extends LiveTopicPage<T>>(
  pages: P[],
  filter: TopicListFilter,
  event: LiveEvent,
  toItem: (topic: PublishedTopic) => T,
): { pages: P[]; refetch: boolean } {
  const [first] = pages;
  if (!first || event.seq <= first.headSeq) return { pages, refetch: false };
  const moveHead = (next: P[]) => next.map((page, index) => (index === 0 ? { ...page, headSeq: event.seq } : page));
  const without = (leaves: (item: T) => boolean) =>
    pages.map((page) => (page.items.some(leaves) ? { ...page, items: page.items.filter((t) => !leaves(t)) } : page));
  // The topic's row after the change replaces the one listed: in its place, or gone when not listed.
  const placed = (leaves: (item: T) => boolean, topic: PublishedTopic | null) => {
    const rest = without(leaves);
    // Held or hidden: listed for nobody. Another region's topic is not in a list filtered by region.
    if (topic === null || (filter.regionId != null && topic.region.id !== filter.regionId))
      return { pages: moveHead(rest), refetch: false };
    const item = toItem(topic);
    const place = placeOf(rest, (t) => listedBefore(filter.sort, item, t));
    // Its place is past the loaded pages: it arrives with "load more", in order.
    if (!place) return { pages: moveHead(rest), refetch: false };
    return {
      pages: moveHead(
        rest.map((page, index) =>
          index === place.page
            ? { ...page, items: [...page.items.slice(0, place.at), item, ...page.items.slice(place.at)] }
            : page,
        ),
      ),
      refetch: false,
    };
  };
  switch (event.type) {
    case "topic:created":
    case "thread:activity": {
      const topic = event.payload.topic;
      if (topic === undefined) return { pages: moveHead(pages), refetch: true };
      const payload = event.payload;
      return placed((t) => ("topicId" in payload ? t.id === payload.topicId : t.threadId === payload.threadId), topic);
    }
    case "topic:hidden": {
      const { targetKind, targetId } = event.payload;
      if (targetKind !== "topic") return { pages: moveHead(pages), refetch: false };
      return { pages: moveHead(without((t) => t.id === targetId)), refetch: false };
    }
    case "topic:restored": {
      const { targetKind, targetId, topic } = event.payload;
      if (targetKind !== "topic") return { pages: moveHead(pages), refetch: false };
      // An event from before restores carried the row.
      if (topic === undefined) return { pages: moveHead(pages), refetch: true };
      return placed((t) => t.id === targetId, topic);
    }
    // A topic moved out (its row here is null) or in (its row, null while held or hidden).
    case "topic:moved": {
      const { topicId, topic } = event.payload;
      // An event from before moves carried the row.
      if (topic === undefined) return { pages: moveHead(pages), refetch: true };
      return placed((t) => t.id === topicId, topic);
    }
    default:
      return { pages: moveHead(pages), refetch: false };
  }
}

/** Where an item goes: before the first loaded item it is listed before, else at the end of the last page. */
function placeOf<T extends LiveTopic, P extends LiveTopicPage<T>>(
  pages: P[],
  goesBefore: (item: T) => boolean,
): { page: number; at: number } | null {
  for (let page = 0; page < pages.length; page += 1) {
    const at = pages[page]!.items.findIndex(goesBefore);
    if (at >= 0) return { page, at };
  }
  const last = pages.length - 1;
  return pages[last]!.nextCursor ? null : { page: last, at: pages[last]!.items.length };
}

export type ForumStancePicture = NonNullable<EventMap["thread:activity"]["stancePicture"]>;

/**
 * Applies one event of a forum's stream to its stance picture. A comment whose counted stance moved,
 * and a topic hidden, restored or moved (which changes whose comments count), carry the whole picture
 * as committed at their seq. Only an event from before they carried it is read again.
 */
export function applyStancePictureEvent<V extends { regions: ForumStancePicture; headSeq: number }>(
  view: V,
  event: LiveEvent,
): { view: V; refetch: boolean } {
  if (event.seq <= view.headSeq) return { view, refetch: false };
  const moved = { ...view, headSeq: event.seq };
  switch (event.type) {
    case "thread:activity":
      return event.payload.stancePicture
        ? { view: { ...moved, regions: event.payload.stancePicture }, refetch: false }
        : // An event from before the payload carried the topic row may have moved a stance too.
          { view: moved, refetch: event.payload.topic === undefined };
    case "topic:hidden":
    case "topic:restored":
    case "topic:moved":
      if (event.payload.stancePicture)
        return { view: { ...moved, regions: event.payload.stancePicture }, refetch: false };
      return { view: moved, refetch: !("targetKind" in event.payload) || event.payload.targetKind === "topic" };
    default:
      return { view: moved, refetch: false };
  }
}

import type { LiveEvent } from "@/server/events/contract";
import type { PublishedTopic } from "@/server/features/deliberation/events";

/** What of a recent topic the dashboard's list orders and finds it by. */
export interface RecentTopic {
  id: number;
  threadId: number;
  lastActivityAt: Date;
}

/** A topic's dashboard row from its event (topics.ts recentTopics), dates as Dates. */
export function recentTopicFromEvent(topic: PublishedTopic) {
  return {
    id: topic.id,
    threadId: topic.threadId,
    title: topic.title,
    lastActivityAt: new Date(topic.lastActivityAt),
    commentCount: topic.commentCount,
    forum: topic.forum,
    author: topic.author,
    region: topic.region,
  };
}

/** Newest activity first, then the higher id, as recentTopics orders. */
const listedBefore = (a: RecentTopic, b: RecentTopic) =>
  a.lastActivityAt.getTime() > b.lastActivityAt.getTime() ||
  (a.lastActivityAt.getTime() === b.lastActivityAt.getTime() && a.id > b.id);

/**
 * Applies one forum stream's event to the dashboard's most recently active topics (at most `limit`).
 * The dashboard follows many forums, so there is no one head to guard with; each event carries its
 * topic's whole row, so applying one twice changes nothing. A listed topic that leaves (hidden, or
 * moved while hidden) frees a place only a read can fill; a restored or moved topic comes as its row.
 */
export function applyRecentTopicsEvent<T extends RecentTopic>(
  items: T[],
  event: LiveEvent,
  limit: number,
  toItem: (topic: PublishedTopic) => T,
): { items: T[]; refetch: boolean } {
  const isListed = (id: number) => items.some((t) => t.id === id);
  // The topic's row after the change replaces the one listed, in its place among the latest.
  const placed = (leaves: (item: T) => boolean, topic: PublishedTopic | null) => {
    const rest = items.filter((t) => !leaves(t));
    const left = rest.length < items.length;
    if (topic === null) return { items: left ? rest : items, refetch: left };
    const item = toItem(topic);
    const at = rest.findIndex((t) => listedBefore(item, t));
    // Older than every topic of a full list: not among the latest.
    if (at < 0 && rest.length >= limit) return { items: left ? rest : items, refetch: left };
    const next = at < 0 ? [...rest, item] : [...rest.slice(0, at), item, ...rest.slice(at)];
    return { items: next.slice(0, limit), refetch: false };
  };
  switch (event.type) {
    case "topic:created":
    case "thread:activity": {
      const { topic } = event.payload;
      if (topic === undefined) return { items, refetch: true };
      const payload = event.payload;
      return placed((t) => ("topicId" in payload ? t.id === payload.topicId : t.threadId === payload.threadId), topic);
    }
    case "topic:hidden": {
      const { targetKind, targetId } = event.payload;
      // It leaves now; the place it frees is filled by a read.
      return targetKind === "topic" && isListed(targetId)
        ? { items: items.filter((t) => t.id !== targetId), refetch: true }
        : { items, refetch: false };
    }
    case "topic:restored": {
      const { targetKind, targetId, topic } = event.payload;
      if (targetKind !== "topic") return { items, refetch: false };
      // An event from before restores carried the row.
      return topic === undefined ? { items, refetch: true } : placed((t) => t.id === targetId, topic);
    }
    case "topic:moved": {
      const { topicId, fromForumId, topic } = event.payload;
      // An event from before moves carried the row.
      if (topic === undefined) return { items, refetch: isListed(topicId) };
      // The forum it left: still among the latest, in the forum it joined, whose event carries its row.
      if (fromForumId === undefined) return { items, refetch: false };
      return placed((t) => t.id === topicId, topic);
    }
    default:
      return { items, refetch: false };
  }
}

import { streamKey } from "@/server/domain/stream-access";
import type { LiveEvent } from "@/server/events/contract";
import type { PublishedTopic } from "@/server/features/deliberation/events";

/** Test data for the forum stream's reducers: minute `n` of 2026-01-01, as an ISO string. */
export const minute = (n: number) => new Date(Date.UTC(2026, 0, 1, 0, n)).toISOString();

/** A visible topic's list row as `topic:created` and `thread:activity` carry it. */
export const publishedTopic = (id: number, lastMinute: number, commentCount = 0, regionId = 7): PublishedTopic => ({
  id,
  forumId: 1,
  threadId: 100 + id,
  title: `Topic ${id}`,
  excerpt: "…",
  createdAt: minute(0),
  lastActivityAt: minute(lastMinute),
  commentCount,
  author: { id: 3, displayName: "Ann", role: "member", organisation: "" },
  region: { id: regionId, code: "r", nameZh: "区", nameEn: "Region" },
  forum: { slug: "f", titleZh: "论坛", titleEn: "Forum" },
});

/** A moderator's hide or restore on forum 1's stream; a restore may carry the topic's row. */
export const moderationEvent = (
  seq: number,
  type: "topic:hidden" | "topic:restored" | "comment:restored",
  targetId: number,
  topic?: PublishedTopic | null,
): LiveEvent =>
  ({
    stream: streamKey({ kind: "forum", id: 1 }),
    seq,
    at: minute(0),
    type,
    payload: { targetKind: type.slice(0, type.indexOf(":")), targetId, ...(topic === undefined ? {} : { topic }) },
  }) as LiveEvent;

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

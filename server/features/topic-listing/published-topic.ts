import { and, eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { accounts, forums, topics } from "@/db/schema";
import { authorColumns, authorRegionColumns, authorRegions, joinAuthorRegionOn } from "@/server/features/accounts";

/** A topic as the forum's list shows it: the same columns in topics.list and in its live events. */
export const listedTopicColumns = {
  id: topics.id,
  forumId: topics.forumId,
  threadId: topics.threadId,
  title: topics.title,
  excerpt: topics.excerpt,
  createdAt: topics.createdAt,
  lastActivityAt: topics.lastActivityAt,
  commentCount: topics.commentCount,
  author: authorColumns,
  region: authorRegionColumns,
};

/**
 * The topic's row as topics.list shows it to anyone, for the forum stream's events (whose followers
 * may be signed out): null unless the topic is visible, as the list shows only visible topics.
 */
export async function publishedTopic(db: Db | Tx, where: { topicId: number } | { threadId: number }) {
  const [row] = await db
    .select({ ...listedTopicColumns, forum: { slug: forums.slug, titleZh: forums.titleZh, titleEn: forums.titleEn } })
    .from(topics)
    .innerJoin(forums, eq(forums.id, topics.forumId))
    .innerJoin(accounts, eq(accounts.id, topics.authorId))
    .innerJoin(authorRegions, joinAuthorRegionOn(topics.authorRegionId))
    .where(
      and(
        "topicId" in where ? eq(topics.id, where.topicId) : eq(topics.threadId, where.threadId),
        eq(topics.state, "visible"),
      ),
    );
  if (!row) return null;
  return { ...row, createdAt: row.createdAt.toISOString(), lastActivityAt: row.lastActivityAt.toISOString() };
}

import { asc, eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { forums, measures } from "@/db/schema";
import type { TopicForum } from "@/server/features/deliberation/events";

/** The forum's columns on a topic's page: the same in topics.byId and in the event telling of a move. */
export const topicForumColumns = {
  id: forums.id,
  slug: forums.slug,
  titleZh: forums.titleZh,
  titleEn: forums.titleEn,
  archivedAt: forums.archivedAt,
  recommendationId: forums.recommendationId,
};

/**
 * The forum a topic is in as its page shows it (topics.byId): for the topic's stream when the topic
 * moves, so the page changes its forum link, whether it is open and the measures it may amend. A
 * forum and its measures are public.
 */
export async function topicForum(db: Db | Tx, forumId: number): Promise<TopicForum | null> {
  const [forum] = await db.select(topicForumColumns).from(forums).where(eq(forums.id, forumId));
  if (!forum) return null;
  const measureRows =
    forum.recommendationId === null
      ? []
      : await db
          .select({ id: measures.id, code: measures.code, titleZh: measures.titleZh, titleEn: measures.titleEn })
          .from(measures)
          .where(eq(measures.recommendationId, forum.recommendationId))
          .orderBy(asc(measures.position));
  return { ...forum, archivedAt: forum.archivedAt?.toISOString() ?? null, measures: measureRows };
}

import { asc, eq, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { forums, recommendations, topics } from "@/db/schema";
import type { ListedForum } from "@/server/features/deliberation/events";
import { streamKey } from "@/server/domain/stream-access";
import { lockStreamHead } from "@/server/infra/transact";
import { onTheWire, type OnTheWire } from "@/shared/on-the-wire";

/**
 * Forums as forums.list lists them (all of them, archived too, each with its count of visible topics),
 * or the one of `forumId`. The list is public, so its rows and counts may go on the public `forums` stream.
 */
export async function readListedForums(db: Db, forumId?: number): Promise<ListedForum[]> {
  const rows = await db
    .select({
      forum: forums,
      recommendation: { number: recommendations.number, section: recommendations.section },
      topicCount: sql<number>`(select count(*)::int from ${topics} where ${topics.forumId} = ${forums.id} and ${topics.state} = 'visible')`,
    })
    .from(forums)
    .leftJoin(recommendations, eq(recommendations.id, forums.recommendationId))
    .where(forumId === undefined ? undefined : eq(forums.id, forumId))
    .orderBy(sql`${recommendations.number} nulls last`, asc(forums.id));
  return rows.map(({ forum, recommendation, topicCount }) => ({
    ...forum,
    recommendation,
    topicCount: Number(topicCount),
  }));
}

/**
 * One forum's list row for an event on the `forums` stream, read under that stream's head lock: a
 * writer that appended there first (another topic counted in the same forum) has committed and is in
 * the count, so the row at each seq holds every change up to it. Take it after the forum's own stream.
 */
export async function listedForumNow(tx: Tx, forumId: number): Promise<OnTheWire<ListedForum>> {
  await lockStreamHead(tx, streamKey({ kind: "forums" }));
  const [row] = await readListedForums(tx, forumId);
  if (!row) throw new Error(`forum ${forumId} vanished in its own transaction`);
  return onTheWire(row);
}

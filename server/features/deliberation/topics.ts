import { and, desc, eq, lt, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { accounts, forums, measures, streamHeads, threads, topics } from "@/db/schema";
import type { SessionUser } from "@/server/infra/auth/session";
import { limits, type createTopicInput, type listTopicsInput } from "./contract";
import { decodeCursor, encodeCursor } from "@/server/domain/cursor";
import { htmlToPlainText } from "@/server/domain/markdown";
import { topicVisibility } from "@/server/domain/visibility";
import { AppError } from "@/server/errors";
import { authorColumns, authorRegionColumns, authorRegions, joinAuthorRegionOn } from "@/server/features/accounts";
import { listedForumNow, listedTopicColumns, publishedTopic, topicForumColumns } from "@/server/features/topic-listing";
import type { ServiceDeps } from "@/server/infra/deps";
import { followThread } from "@/server/features/notifications";
import { enqueueHeld, holdForReview } from "@/server/features/moderation";
import { renderBounded } from "@/server/infra/markdown-render";
import { asCountedAttempt, type PostingLimit } from "@/server/infra/rate-limit";
import { transact } from "@/server/infra/transact";
import { streamKey } from "@/server/domain/stream-access";

const activityCursor = z.object({ at: z.string().datetime(), id: z.number().int() });
const discussedCursor = z.object({ n: z.number().int(), id: z.number().int() });

export async function listTopics(deps: Pick<ServiceDeps, "db">, input: z.output<typeof listTopicsInput>) {
  const conditions: SQL[] = [eq(topics.forumId, input.forumId), eq(topics.state, "visible")];
  if (input.regionId) conditions.push(eq(topics.authorRegionId, input.regionId));
  if (input.cursor) {
    if (input.sort === "activity") {
      const c = decodeCursor(input.cursor, activityCursor);
      if (!c) throw new AppError("BAD_CURSOR", "That page link is not valid; reload the list");
      const at = new Date(c.at);
      conditions.push(or(lt(topics.lastActivityAt, at), and(eq(topics.lastActivityAt, at), lt(topics.id, c.id)))!);
    } else {
      const c = decodeCursor(input.cursor, discussedCursor);
      if (!c) throw new AppError("BAD_CURSOR", "That page link is not valid; reload the list");
      conditions.push(or(lt(topics.commentCount, c.n), and(eq(topics.commentCount, c.n), lt(topics.id, c.id)))!);
    }
  }
  const rows = await deps.db
    .select(listedTopicColumns)
    .from(topics)
    .innerJoin(accounts, eq(accounts.id, topics.authorId))
    .innerJoin(authorRegions, joinAuthorRegionOn(topics.authorRegionId))
    .where(and(...conditions))
    .orderBy(
      ...(input.sort === "activity"
        ? [desc(topics.lastActivityAt), desc(topics.id)]
        : [desc(topics.commentCount), desc(topics.id)]),
    )
    .limit(input.limit + 1);
  const items = rows.slice(0, input.limit);
  const last = items[items.length - 1];
  const nextCursor =
    rows.length > input.limit && last
      ? input.sort === "activity"
        ? encodeCursor({ at: last.lastActivityAt.toISOString(), id: last.id })
        : encodeCursor({ n: last.commentCount, id: last.id })
      : null;
  return { items, nextCursor };
}

/**
 * A hidden topic still answers, as "hidden by a moderator" with the public reason; only its author
 * (and moderators) read its text. A held topic exists only for its author and moderators.
 */
/** A measure of the recommendation the topic's forum discusses: what a comment on the topic may propose amending. */
export type TopicMeasure = { id: number; code: string; titleZh: string; titleEn: string };

export async function getTopic(
  deps: Pick<ServiceDeps, "db">,
  topicId: number,
  viewer: Pick<SessionUser, "id" | "role"> | null = null,
) {
  const [row] = await deps.db
    .select({
      id: topics.id,
      title: topics.title,
      bodyHtml: topics.bodyHtml,
      state: topics.state,
      hiddenReason: topics.hiddenReason,
      createdAt: topics.createdAt,
      lastActivityAt: topics.lastActivityAt,
      commentCount: topics.commentCount,
      threadId: topics.threadId,
      lockedAt: threads.lockedAt,
      forum: topicForumColumns,
      author: authorColumns,
      region: authorRegionColumns,
      // The topic stream's head in the same statement, so from the same snapshot: the page follows the
      // stream from it (moderation's hide, restore, lock and move change what it shows).
      headSeq: sql<number>`coalesce((select ${streamHeads.lastSeq} from ${streamHeads}
        where ${streamHeads.stream} = 'topic:' || ${topics.id}), 0)::int`,
      // In the same read as the topic: the page needs them (to offer amending), and getForum costs four queries.
      measures: sql<TopicMeasure[]>`coalesce((
        select json_agg(json_build_object('id', ${measures.id}, 'code', ${measures.code},
          'titleZh', ${measures.titleZh}, 'titleEn', ${measures.titleEn}) order by ${measures.position})
        from ${measures} where ${measures.recommendationId} = ${forums.recommendationId}), '[]'::json)`,
    })
    .from(topics)
    .innerJoin(threads, eq(threads.id, topics.threadId))
    .innerJoin(forums, eq(forums.id, topics.forumId))
    .innerJoin(accounts, eq(accounts.id, topics.authorId))
    .innerJoin(authorRegions, joinAuthorRegionOn(topics.authorRegionId))
    .where(eq(topics.id, topicId));
  const visibility = row ? topicVisibility({ state: row.state, authorId: row.author.id }, viewer) : "none";
  if (!row || visibility === "none") throw new AppError("NOT_FOUND", "That topic does not exist");
  const showText = visibility === "full";
  return {
    ...row,
    headSeq: Number(row.headSeq),
    title: showText ? row.title : "",
    bodyHtml: showText ? row.bodyHtml : "",
    isAuthor: viewer?.id === row.author.id,
  };
}

const topicLimit: PostingLimit = { name: "topic", windowMs: 3_600_000, max: limits.topicsPerHour };

export async function createTopic(deps: ServiceDeps, actor: SessionUser, input: z.output<typeof createTopicInput>) {
  return asCountedAttempt(
    deps.rateLimits,
    topicLimit,
    actor.id,
    () => `You can start at most ${limits.topicsPerHour} topics an hour. Please try again later.`,
    () => insertTopic(deps, actor, input),
  );
}

async function insertTopic(deps: ServiceDeps, actor: SessionUser, input: z.output<typeof createTopicInput>) {
  // Rendered before the transaction opens, so a slow body holds no rows and no connection.
  const bodyHtml = await renderBounded(input.body);
  return transact(deps, async (tx, emit) => {
    const [forum] = await tx.select().from(forums).where(eq(forums.id, input.forumId));
    if (!forum) throw new AppError("NOT_FOUND", "That forum does not exist");
    if (forum.archivedAt) throw new AppError("FORUM_ARCHIVED", "This forum is archived and read-only");
    const now = deps.now();
    // A forum may hold posts for review (new accounts, blocked words, links): they wait in the moderation queue.
    const held = await holdForReview(tx, forum.id, actor, `${input.title}\n${input.body}`, now);
    const [thread] = await tx
      .insert(threads)
      .values({ ownerKind: "topic", stream: "pending", lastActivityAt: now, createdAt: now })
      .returning();
    const [topic] = await tx
      .insert(topics)
      .values({
        forumId: forum.id,
        threadId: thread!.id,
        authorId: actor.id,
        authorRegionId: actor.regionId,
        title: input.title,
        body: input.body,
        bodyHtml,
        excerpt: htmlToPlainText(bodyHtml, 240),
        state: held.length > 0 ? "held" : "visible",
        createdAt: now,
        lastActivityAt: now,
      })
      .returning();
    await tx
      .update(threads)
      .set({ stream: streamKey({ kind: "topic", id: topic!.id }) })
      .where(eq(threads.id, thread!.id));
    await followThread(tx, actor.id, thread!.id);
    if (held.length > 0)
      await enqueueHeld(tx, emit, { kind: "topic", id: topic!.id, authorId: actor.id, causes: held, now });
    await emit(streamKey({ kind: "forum", id: forum.id }), "topic:created", {
      topicId: topic!.id,
      // A held topic is listed for nobody until approved, so its row goes to nobody either.
      topic: await publishedTopic(tx, { topicId: topic!.id }),
    });
    // A visible topic counts in the forums list at once; a held one when approved (moderation's restore).
    if (held.length === 0)
      await emit(streamKey({ kind: "forums" }), "forum:topic-count", {
        forumId: forum.id,
        forum: await listedForumNow(tx, forum.id),
      });
    return { id: topic!.id, threadId: thread!.id, held: held.length > 0 };
  });
}

/** Every forum's id: the streams whose events keep the dashboard's recent topics current. */
export async function forumIds(db: Db) {
  return (await db.select({ id: forums.id }).from(forums)).map((forum) => forum.id);
}

/** The most recently active topics across open forums, for the dashboard. */
export async function recentTopics(deps: Pick<ServiceDeps, "db">, limit: number) {
  return deps.db
    .select({
      id: topics.id,
      threadId: topics.threadId,
      title: topics.title,
      lastActivityAt: topics.lastActivityAt,
      commentCount: topics.commentCount,
      forum: { slug: forums.slug, titleZh: forums.titleZh, titleEn: forums.titleEn },
      author: authorColumns,
      region: authorRegionColumns,
    })
    .from(topics)
    .innerJoin(forums, eq(forums.id, topics.forumId))
    .innerJoin(accounts, eq(accounts.id, topics.authorId))
    .innerJoin(authorRegions, joinAuthorRegionOn(topics.authorRegionId))
    .where(eq(topics.state, "visible"))
    .orderBy(desc(topics.lastActivityAt), desc(topics.id))
    .limit(limit);
}

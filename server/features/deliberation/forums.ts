import { and, asc, count, eq, sql } from "drizzle-orm";
import type { z } from "zod";
import { forums, measures, recommendations, topics } from "@/db/schema";
import type { SessionUser } from "@/server/infra/auth/session";
import type { createForumInput } from "./contract";
import { AppError } from "@/server/errors";
import { recordAudit } from "@/server/infra/audit";
import type { ServiceDeps } from "@/server/infra/deps";
import { transact } from "@/server/infra/transact";
import { streamKey } from "@/server/domain/stream-access";
import type { Db } from "@/db/client";
import { readAtStreamHead } from "@/server/infra/realtime/catch-up";
import { onTheWire, type OnTheWire } from "@/shared/on-the-wire";
import type { ListedForum } from "./events";

/** Forums as forums.list lists them (all of them, archived too), or the one of `forumId`. */
async function readListedForums(db: Db, forumId?: number): Promise<ListedForum[]> {
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

export function listForums(deps: Pick<ServiceDeps, "db">) {
  return readListedForums(deps.db);
}

/** The list with the `forums` stream's head from the same snapshot, for a page that follows the stream. */
export function listForumsAtHead(deps: Pick<ServiceDeps, "db">) {
  return readAtStreamHead(deps.db, forumsStream, async (db) => ({ forums: await readListedForums(db) }));
}

/** One forum's list row as the `forums` stream's events carry it. */
export async function listedForum(db: Db, forumId: number): Promise<OnTheWire<ListedForum>> {
  const [row] = await readListedForums(db, forumId);
  if (!row) throw new Error(`forum ${forumId} vanished in its own transaction`);
  return onTheWire(row);
}

/**
 * An admin's forum action answered with the forum's list row, read after its commit with the stream's
 * head: the panel sets it in place of a read (settleOwnRow).
 */
async function answeredWithRow<T extends { id: number }>(deps: Pick<ServiceDeps, "db">, action: Promise<T>) {
  const forum = await action;
  return readAtStreamHead(deps.db, forumsStream, async (db) => {
    const [row] = await readListedForums(db, forum.id);
    return { ...forum, listed: row ?? null };
  });
}

const forumsStream = streamKey({ kind: "forums" });

export async function getForum(deps: Pick<ServiceDeps, "db">, slug: string) {
  const [forum] = await deps.db.select().from(forums).where(eq(forums.slug, slug));
  if (!forum) throw new AppError("NOT_FOUND", `No forum called "${slug}"`);
  const recommendation = forum.recommendationId
    ? ((await deps.db.select().from(recommendations).where(eq(recommendations.id, forum.recommendationId)))[0] ?? null)
    : null;
  const measureRows = recommendation
    ? await deps.db
        .select()
        .from(measures)
        .where(eq(measures.recommendationId, recommendation.id))
        .orderBy(asc(measures.position))
    : [];
  const [topicTotal] = await deps.db
    .select({ n: count() })
    .from(topics)
    .where(and(eq(topics.forumId, forum.id), eq(topics.state, "visible")));
  return { ...forum, recommendation, measures: measureRows, topicCount: topicTotal?.n ?? 0 };
}

export function createForum(deps: ServiceDeps, actor: SessionUser, input: z.output<typeof createForumInput>) {
  return answeredWithRow(deps, insertForum(deps, actor, input));
}

async function insertForum(deps: ServiceDeps, actor: SessionUser, input: z.output<typeof createForumInput>) {
  return transact(deps, async (tx, emit) => {
    const [taken] = await tx.select({ id: forums.id }).from(forums).where(eq(forums.slug, input.slug));
    if (taken) throw new AppError("SLUG_TAKEN", `A forum with the address "${input.slug}" already exists`);
    const [forum] = await tx
      .insert(forums)
      .values({ ...input, clusterId: input.clusterId ?? null, createdById: actor.id })
      // The check above cannot see a concurrent uncommitted insert of the same slug; the unique index
      // decides, and the loser gets SLUG_TAKEN rather than a raw 23505.
      .onConflictDoNothing({ target: forums.slug })
      .returning();
    if (!forum) throw new AppError("SLUG_TAKEN", `A forum with the address "${input.slug}" already exists`);
    await recordAudit(tx, {
      actorId: actor.id,
      action: "forum.create",
      targetType: "forum",
      targetId: forum.id,
      after: { slug: forum.slug, titleZh: forum.titleZh, titleEn: forum.titleEn },
    });
    await emit(forumsStream, "forum:created", { forumId: forum.id, forum: await listedForum(tx, forum.id) });
    return forum;
  });
}

export function setForumArchived(deps: ServiceDeps, actor: SessionUser, forumId: number, archived: boolean) {
  return answeredWithRow(deps, archiveForum(deps, actor, forumId, archived));
}

async function archiveForum(deps: ServiceDeps, actor: SessionUser, forumId: number, archived: boolean) {
  return transact(deps, async (tx, emit) => {
    const [forum] = await tx.select().from(forums).where(eq(forums.id, forumId)).for("update");
    if (!forum) throw new AppError("NOT_FOUND", "That forum does not exist");
    if (Boolean(forum.archivedAt) === archived) return forum;
    const [updated] = await tx
      .update(forums)
      .set({ archivedAt: archived ? deps.now() : null })
      .where(eq(forums.id, forumId))
      .returning();
    await recordAudit(tx, {
      actorId: actor.id,
      action: archived ? "forum.archive" : "forum.unarchive",
      targetType: "forum",
      targetId: forumId,
      before: { archived: !archived },
      after: { archived },
    });
    // Archiving locks the forum's row, so its list row read here is the one this event's seq stands for.
    const change = { forumId, forum: await listedForum(tx, forumId) };
    const type = archived ? "forum:archived" : "forum:unarchived";
    await emit(streamKey({ kind: "forum", id: forumId }), type, change);
    await emit(forumsStream, type, change);
    return updated!;
  });
}

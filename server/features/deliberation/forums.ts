import { and, asc, count, eq } from "drizzle-orm";
import type { z } from "zod";
import { forums, measures, recommendations, topics } from "@/db/schema";
import type { SessionUser } from "@/server/infra/auth/session";
import type { createForumInput } from "./contract";
import { AppError } from "@/server/errors";
import { recordAudit } from "@/server/infra/audit";
import type { ServiceDeps } from "@/server/infra/deps";
import { lockStreamHead, transact } from "@/server/infra/transact";
import { streamKey } from "@/server/domain/stream-access";
import { readAtStreamHead } from "@/server/infra/realtime/catch-up";
import { listedForumNow, readListedForums } from "@/server/features/topic-listing";

export function listForums(deps: Pick<ServiceDeps, "db">) {
  return readListedForums(deps.db);
}

/** The list with the `forums` stream's head from the same snapshot, for a page that follows the stream. */
export function listForumsAtHead(deps: Pick<ServiceDeps, "db">) {
  return readAtStreamHead(deps.db, forumsStream, async (db) => ({ forums: await readListedForums(db) }));
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
    await emit(forumsStream, "forum:created", { forumId: forum.id, forum: await listedForumNow(tx, forum.id) });
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
    // Its list row is read under the heads' locks (the forum's, then the list's, as a topic's writers take
    // them), so a topic counted concurrently is in it or comes after it with a higher seq.
    const forumStream = streamKey({ kind: "forum", id: forumId });
    await lockStreamHead(tx, forumStream);
    const change = { forumId, forum: await listedForumNow(tx, forumId) };
    const type = archived ? "forum:archived" : "forum:unarchived";
    await emit(forumStream, type, change);
    await emit(forumsStream, type, change);
    return updated!;
  });
}

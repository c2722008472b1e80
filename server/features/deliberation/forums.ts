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

export async function listForums(deps: Pick<ServiceDeps, "db">) {
  const rows = await deps.db
    .select({
      forum: forums,
      recommendation: { number: recommendations.number, section: recommendations.section },
      topicCount: sql<number>`(select count(*)::int from ${topics} where ${topics.forumId} = ${forums.id} and ${topics.state} = 'visible')`,
    })
    .from(forums)
    .leftJoin(recommendations, eq(recommendations.id, forums.recommendationId))
    .orderBy(sql`${recommendations.number} nulls last`, asc(forums.id));
  return rows.map(({ forum, recommendation, topicCount }) => ({
    ...forum,
    recommendation,
    topicCount: Number(topicCount),
  }));
}

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

export async function createForum(deps: ServiceDeps, actor: SessionUser, input: z.output<typeof createForumInput>) {
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
    await emit(streamKey({ kind: "forums" }), "forum:created", { forumId: forum.id });
    return forum;
  });
}

export async function setForumArchived(deps: ServiceDeps, actor: SessionUser, forumId: number, archived: boolean) {
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
    await emit(streamKey({ kind: "forum", id: forumId }), archived ? "forum:archived" : "forum:unarchived", {
      forumId,
    });
    await emit(streamKey({ kind: "forums" }), archived ? "forum:archived" : "forum:unarchived", { forumId });
    return updated!;
  });
}

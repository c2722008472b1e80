import { eq, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { forums, threads, topics, type Thread } from "@/db/schema";
import { AppError } from "../errors";

/**
 * What a thread's owner says about it. Comment code asks this and never looks at topics or projects
 * itself, so a new kind of discussable thing only adds a case here.
 */
export interface ThreadOwner {
  thread: Thread;
  /** Extra streams told of activity, e.g. the forum listing a topic. */
  alsoNotify: string[];
  /** Measures an amendment in this thread may target; null means any measure. */
  measureRecommendationIds: number[] | null;
  /** Why no one may post now, or null when the thread is open. */
  closedReason: AppError | null;
  forumId: number | null;
}

export async function resolveThreadOwner(tx: Tx | Db, threadId: number): Promise<ThreadOwner> {
  const [thread] = await tx.select().from(threads).where(eq(threads.id, threadId));
  if (!thread) throw new AppError("NOT_FOUND", "That discussion does not exist");
  const locked = thread.lockedAt ? new AppError("THREAD_LOCKED", "This discussion is locked; no new comments can be added") : null;

  switch (thread.ownerKind) {
    case "topic": {
      const [row] = await tx
        .select({ forumId: forums.id, archivedAt: forums.archivedAt, recommendationId: forums.recommendationId })
        .from(topics)
        .innerJoin(forums, eq(forums.id, topics.forumId))
        .where(eq(topics.threadId, thread.id));
      if (!row) throw new AppError("NOT_FOUND", "That discussion does not exist");
      const archived = row.archivedAt ? new AppError("FORUM_ARCHIVED", "This forum is archived and read-only") : null;
      return {
        thread,
        alsoNotify: [`forum:${row.forumId}`],
        measureRecommendationIds: row.recommendationId ? [row.recommendationId] : null,
        closedReason: archived ?? locked,
        forumId: row.forumId,
      };
    }
    case "project":
      // Projects arrive with issue #4; until then a project thread cannot exist.
      throw new AppError("NOT_FOUND", "That discussion does not exist");
  }
}

/** Keeps the owner's own counters (a topic's activity and comment count) in step with its thread. */
export async function recordThreadActivity(tx: Tx, thread: Thread, now: Date, commentDelta: number): Promise<void> {
  await tx
    .update(threads)
    .set({ commentCount: sql`${threads.commentCount} + ${commentDelta}`, lastActivityAt: now })
    .where(eq(threads.id, thread.id));
  switch (thread.ownerKind) {
    case "topic":
      await tx
        .update(topics)
        .set({ commentCount: sql`${topics.commentCount} + ${commentDelta}`, lastActivityAt: now })
        .where(eq(topics.threadId, thread.id));
      return;
    case "project":
      return;
  }
}

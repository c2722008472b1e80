import { eq, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { forums, projectRecommendations, projects, threads, topics, type Thread } from "@/db/schema";
import { isOpenForComments } from "@/server/features/projects/rules/project-lifecycle";
import { AppError } from "@/server/errors";
import { streamKey, type StreamKey } from "@/server/domain/stream-access";

/**
 * What a thread's owner says about it. Comment code asks this and never looks at topics or projects
 * itself, so a new kind of discussable thing only adds a case here.
 */
export interface ThreadOwner {
  thread: Thread;
  /** Extra streams told of activity, e.g. the forum listing a topic. */
  alsoNotify: StreamKey[];
  /** Measures an amendment in this thread may target; null means any measure. */
  measureRecommendationIds: number[] | null;
  /** Why no one may post now, or null when the thread is open. */
  closedReason: AppError | null;
  forumId: number | null;
}

export async function resolveThreadOwner(tx: Tx | Db, threadId: number): Promise<ThreadOwner> {
  const [thread] = await tx.select().from(threads).where(eq(threads.id, threadId));
  if (!thread) throw new AppError("NOT_FOUND", "That discussion does not exist");
  const locked = thread.lockedAt
    ? new AppError("THREAD_LOCKED", "This discussion is locked; no new comments can be added")
    : null;

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
        alsoNotify: [streamKey({ kind: "forum", id: row.forumId })],
        measureRecommendationIds: row.recommendationId ? [row.recommendationId] : null,
        closedReason: archived ?? locked,
        forumId: row.forumId,
      };
    }
    case "project": {
      const [project] = await tx
        .select({ id: projects.id, status: projects.status })
        .from(projects)
        .where(eq(projects.threadId, thread.id));
      if (!project) throw new AppError("NOT_FOUND", "That discussion does not exist");
      const recommendationRows = await tx
        .select({ id: projectRecommendations.recommendationId })
        .from(projectRecommendations)
        .where(eq(projectRecommendations.projectId, project.id));
      // A draft is not yet before the regions, and a decided or withdrawn project is settled.
      const closed = isOpenForComments(project.status)
        ? null
        : new AppError(
            "THREAD_CLOSED",
            `Comments are open only while a project is submitted or being voted on; this project is ${project.status === "draft" ? "still a draft" : project.status}`,
          );
      return {
        thread,
        // The project list shows comment counts but is one stream for every project; it refetches on status changes only.
        alsoNotify: [],
        measureRecommendationIds: recommendationRows.map((r) => r.id),
        closedReason: closed ?? locked,
        forumId: null,
      };
    }
  }
}

/** Keeps the owner's own counters (a topic's activity and comment count, a project's comment count) in step with its thread. */
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
      // Kept on the project so "most discussed" sorts on an indexed column of the list's own table.
      await tx
        .update(projects)
        .set({ commentCount: sql`${projects.commentCount} + ${commentDelta}` })
        .where(eq(projects.threadId, thread.id));
      return;
  }
}

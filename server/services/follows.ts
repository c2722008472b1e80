import { and, eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { follows, projects, threads, topics } from "@/db/schema";
import type { SessionUser } from "../auth/session";
import { AppError } from "../errors";
import type { ServiceDeps } from "./deps";
import { loadVisibleProject } from "./project-access";

/** Following a topic or project means following its thread; authors follow theirs from the start. */
export async function followThread(tx: Tx | Db, accountId: number, threadId: number): Promise<void> {
  await tx.insert(follows).values({ accountId, threadId }).onConflictDoNothing();
}

/** Who follows a thread, for the followed-comment notice. */
export async function followersOf(tx: Tx, threadId: number): Promise<number[]> {
  const rows = await tx.select({ id: follows.accountId }).from(follows).where(eq(follows.threadId, threadId));
  return rows.map((r) => r.id);
}

/** A thread one may follow: it exists and its owner is visible to the person (a draft project is not, to strangers). */
async function checkFollowable(db: Db, user: SessionUser, threadId: number): Promise<void> {
  const [thread] = await db.select({ ownerKind: threads.ownerKind }).from(threads).where(eq(threads.id, threadId));
  if (!thread) throw new AppError("NOT_FOUND", "That discussion does not exist");
  if (thread.ownerKind === "project") {
    const [project] = await db.select({ id: projects.id }).from(projects).where(eq(projects.threadId, threadId));
    if (!project) throw new AppError("NOT_FOUND", "That discussion does not exist");
    await loadVisibleProject(db, user, project.id);
  } else {
    const [topic] = await db.select({ id: topics.id }).from(topics).where(eq(topics.threadId, threadId));
    if (!topic) throw new AppError("NOT_FOUND", "That discussion does not exist");
  }
}

export async function setFollowing(deps: Pick<ServiceDeps, "db">, user: SessionUser, input: { threadId: number; following: boolean }) {
  await checkFollowable(deps.db, user, input.threadId);
  if (input.following) await followThread(deps.db, user.id, input.threadId);
  else await deps.db.delete(follows).where(and(eq(follows.accountId, user.id), eq(follows.threadId, input.threadId)));
  return { threadId: input.threadId, following: input.following };
}

export async function isFollowing(deps: Pick<ServiceDeps, "db">, user: SessionUser, threadId: number) {
  const [row] = await deps.db.select({ id: follows.threadId }).from(follows).where(and(eq(follows.accountId, user.id), eq(follows.threadId, threadId)));
  return { threadId, following: row !== undefined };
}

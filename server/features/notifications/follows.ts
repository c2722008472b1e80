import { and, eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { follows } from "@/db/schema";
import type { SessionUser } from "@/server/infra/auth/session";
import type { ServiceDeps } from "@/server/infra/deps";
import { ensureThreadReadable } from "@/server/features/access";

/** Following a topic or project means following its thread; authors follow theirs from the start. */
export async function followThread(tx: Tx | Db, accountId: number, threadId: number): Promise<void> {
  await tx.insert(follows).values({ accountId, threadId }).onConflictDoNothing();
}

/** Who follows a thread, for the followed-comment notice. */
export async function followersOf(tx: Tx, threadId: number): Promise<number[]> {
  const rows = await tx.select({ id: follows.accountId }).from(follows).where(eq(follows.threadId, threadId));
  return rows.map((r) => r.id);
}

/** A thread one may follow is one they may read (server/features/access/visibility.ts): a draft project's is not, to strangers. */
async function checkFollowable(db: Db, user: SessionUser, threadId: number): Promise<void> {
  await ensureThreadReadable(db, user, threadId);
}

export async function setFollowing(
  deps: Pick<ServiceDeps, "db">,
  user: SessionUser,
  input: { threadId: number; following: boolean },
) {
  await checkFollowable(deps.db, user, input.threadId);
  if (input.following) await followThread(deps.db, user.id, input.threadId);
  else await deps.db.delete(follows).where(and(eq(follows.accountId, user.id), eq(follows.threadId, input.threadId)));
  return { threadId: input.threadId, following: input.following };
}

export async function isFollowing(deps: Pick<ServiceDeps, "db">, user: SessionUser, threadId: number) {
  const [row] = await deps.db
    .select({ id: follows.threadId })
    .from(follows)
    .where(and(eq(follows.accountId, user.id), eq(follows.threadId, threadId)));
  return { threadId, following: row !== undefined };
}

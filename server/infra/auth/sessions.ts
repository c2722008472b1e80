import { randomBytes } from "node:crypto";
import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { sessions } from "@/db/schema";
import { processSessionCache } from "./session-cache";
import type { Emit } from "../transact";
import { streamKey } from "@/server/domain/stream-access";

/** Why a session ended; the socket tells the browser, which picks what to show. */
export type SessionEndReason = "signed-out" | "password-changed" | "password-reset" | "suspended" | "account-changed";

/** Opens a session at sign-in; `lifetimeSeconds` is the absolute limit (the JWT carries the id). */
export async function openSession(
  db: Db,
  accountId: number,
  lifetimeSeconds: number,
  now: Date = new Date(),
): Promise<string> {
  const id = randomBytes(24).toString("base64url");
  // This person's ended sessions are of no further use; clearing them here keeps the table small.
  await db
    .delete(sessions)
    .where(
      and(eq(sessions.accountId, accountId), or(lt(sessions.expiresAt, now), sql`${sessions.revokedAt} is not null`)),
    );
  await db
    .insert(sessions)
    .values({ id, accountId, createdAt: now, expiresAt: new Date(now.getTime() + lifetimeSeconds * 1000) });
  return id;
}

/** Ends one session (signing out). */
export async function revokeSession(
  db: Db | Tx,
  sessionId: string,
  reason: SessionEndReason,
  now: Date = new Date(),
): Promise<void> {
  await db
    .update(sessions)
    .set({ revokedAt: now, revokedReason: reason })
    .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)));
  processSessionCache().invalidateSession(sessionId);
}

/**
 * Ends every session of the person and cuts their sockets: a password change, a suspension, a
 * change of role or region.
 */
export async function endSessions(tx: Tx, emit: Emit, accountId: number, reason: SessionEndReason): Promise<void> {
  await tx
    .update(sessions)
    .set({ revokedAt: sql`now()`, revokedReason: reason })
    .where(and(eq(sessions.accountId, accountId), isNull(sessions.revokedAt)));
  await emit(streamKey({ kind: "user", id: accountId }), "session:revoked", { reason });
  invalidateAccountSessions(emit, accountId);
}

/**
 * For changes to what a session check reads (role, suspension, profile, two-factor): dropped now,
 * and again after commit, so a check made in between cannot keep the old row.
 */
export function invalidateAccountSessions(emit: Pick<Emit, "afterCommit">, accountId: number): void {
  const cache = processSessionCache();
  cache.invalidateAccount(accountId);
  emit.afterCommit(() => cache.invalidateAccount(accountId));
}

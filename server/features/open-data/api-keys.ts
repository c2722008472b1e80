import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, isNull, lt, or } from "drizzle-orm";
import type { Db } from "@/db/client";
import { apiKeys, type ApiKey } from "@/db/schema";
import { AppError } from "@/server/errors";
import { recordAudit } from "@/server/infra/audit";
import { retryTransaction, type TransactDeps } from "@/server/infra/transact";
import type { z } from "zod";
import type { issueKeyInput } from "./contract";

type Actor = { id: number };
interface KeyDeps {
  db: Db;
  now: () => Date;
  onTransactionRetry?: TransactDeps["onTransactionRetry"];
}

/** Keys are 32 random bytes; the readable "xt_" start tells a leaked key apart in logs and scanners. */
const keyStart = "xt_";
export const hashKey = (key: string) => createHash("sha256").update(key, "utf8").digest("hex");

/** Issues a key and answers it once: only its hash is stored. */
export async function issueApiKey(deps: KeyDeps, actor: Actor, input: z.output<typeof issueKeyInput>) {
  // Drawn once, outside: a retried attempt stores the hash of the key it answers.
  const key = `${keyStart}${randomBytes(32).toString("base64url")}`;
  return retryTransaction(deps, async (tx) => {
    const [row] = await tx
      .insert(apiKeys)
      .values({
        name: input.name,
        keyHash: hashKey(key),
        prefix: key.slice(0, keyStart.length + 6),
        perMinute: input.perMinute,
        createdBy: actor.id,
        createdAt: deps.now(),
      })
      .returning({ id: apiKeys.id });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "api_key.issue",
      targetType: "api_key",
      targetId: row!.id,
      after: { name: input.name, perMinute: input.perMinute, prefix: key.slice(0, keyStart.length + 6) },
    });
    return { id: row!.id, key };
  });
}

export async function revokeApiKey(deps: KeyDeps, actor: Actor, keyId: number) {
  await retryTransaction(deps, async (tx) => {
    const [row] = await tx
      .update(apiKeys)
      .set({ revokedAt: deps.now() })
      .where(and(eq(apiKeys.id, keyId), isNull(apiKeys.revokedAt)))
      .returning({ name: apiKeys.name, prefix: apiKeys.prefix });
    if (!row) throw new AppError("NOT_FOUND", "No such active key");
    await recordAudit(tx, {
      actorId: actor.id,
      action: "api_key.revoke",
      targetType: "api_key",
      targetId: keyId,
      before: { name: row.name, prefix: row.prefix },
    });
  });
}

export async function listApiKeys(deps: Pick<KeyDeps, "db">) {
  return deps.db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      perMinute: apiKeys.perMinute,
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .orderBy(desc(apiKeys.id));
}

/** The active key a caller presented, or null. */
export async function findApiKey(db: Db, key: string): Promise<ApiKey | null> {
  if (!key.startsWith(keyStart) || key.length > 200) return null;
  const [row] = await db
    .select()
    .from(apiKeys)
    .where(eq(apiKeys.keyHash, hashKey(key)));
  return row && row.revokedAt === null ? row : null;
}

/** Last-used time to the minute: one write a minute per key at most, not one per request. */
export async function touchApiKey(db: Db, keyId: number, now: Date): Promise<void> {
  const minuteAgo = new Date(now.getTime() - 60_000);
  await db
    .update(apiKeys)
    .set({ lastUsedAt: now })
    .where(and(eq(apiKeys.id, keyId), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, minuteAgo))));
}

import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKeys, auditEntries } from "@/db/schema";
import {
  callerFor,
  createTestAccount,
  createTestServices,
  deadlockFirstTransaction,
  type TestServices,
} from "@/server/testing/fixtures";
import { findApiKey } from "./api-keys";

let services: TestServices;
beforeAll(async () => {
  services = await createTestServices();
});
afterAll(async () => {
  await services?.close();
});

describe(`API keys (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("issues and revokes a key once each, counting the retry, when a first attempt is a deadlock's victim", async () => {
    const admin = await createTestAccount(services.deps.db, { role: "admin" });
    const retries: [string, number][] = [];
    const as = (db: typeof services.deps.db) =>
      callerFor(
        { ...services.deps, db, onTransactionRetry: (state, attempt) => void retries.push([state, attempt]) },
        admin.user,
      );

    const issuing = deadlockFirstTransaction(services.deps.db);
    const { id, key } = await as(issuing.db).openData.issueKey({ name: "Retried institute", perMinute: 100 });
    expect(issuing.attempts()).toBe(2);
    // The key answered is the one stored (drawn once, before the transaction), and stored once.
    expect((await findApiKey(services.deps.db, key))?.id).toBe(id);
    expect(await services.deps.db.select().from(apiKeys).where(eq(apiKeys.name, "Retried institute"))).toHaveLength(1);

    const revoking = deadlockFirstTransaction(services.deps.db);
    await as(revoking.db).openData.revokeKey({ keyId: id });
    expect(revoking.attempts()).toBe(2);
    expect(await findApiKey(services.deps.db, key)).toBeNull();

    expect(retries).toEqual([
      ["40P01", 1],
      ["40P01", 1],
    ]);
    const audited = await services.deps.db
      .select({ action: auditEntries.action })
      .from(auditEntries)
      .where(and(eq(auditEntries.targetType, "api_key"), eq(auditEntries.targetId, String(id))));
    expect(audited.map((row) => row.action).sort()).toEqual(["api_key.issue", "api_key.revoke"]);
  });
});

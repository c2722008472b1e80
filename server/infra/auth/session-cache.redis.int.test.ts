import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accounts } from "@/db/schema";
import { suspendAccount } from "@/server/features/moderation/moderation-suspensions";
import { revokeSession } from "./sessions";
import {
  createTestAccount,
  createTestServices,
  sessionClaimsOf,
  sessionUserOf,
  type TestServices,
} from "@/server/testing/fixtures";
import { checkSession } from "./session";
import {
  connectSessionCache,
  createSessionCache,
  processSessionCache,
  setSessionCacheAnnouncer,
  type SessionCache,
} from "./session-cache";

// Included by vitest.config.ts only when REDIS_URL is set. This process's cache stands for process A
// (the services invalidate it); a second cache on its own Redis connections stands for process B.
let services: TestServices;
const connections: Redis[] = [];
let processB: SessionCache;

beforeAll(async () => {
  services = await createTestServices();
  const channel = `xietong:test:${randomBytes(6).toString("hex")}:session-cache`;
  const link = async (cache: SessionCache) => {
    const publisher = new Redis(process.env.REDIS_URL ?? "");
    const subscriber = publisher.duplicate();
    connections.push(publisher, subscriber);
    return connectSessionCache(cache, publisher, subscriber, channel);
  };
  setSessionCacheAnnouncer(await link(processSessionCache()));
  let announceB: (message: string) => void = () => undefined;
  processB = createSessionCache({ ttlMs: 60_000, announce: (message) => announceB(message) });
  announceB = await link(processB);
});
afterAll(async () => {
  setSessionCacheAnnouncer(undefined);
  await Promise.all(connections.map((connection) => connection.quit()));
  await services?.close();
});

/** Process B's answer, polled until it changes: a Redis message takes a moment to arrive. */
async function untilB(
  claims: Parameters<typeof checkSession>[1],
  refused: (ok: boolean) => boolean,
): Promise<Awaited<ReturnType<typeof checkSession>>> {
  const deadline = Date.now() + 2_000;
  for (;;) {
    const check = await checkSession(services.deps.db, claims, new Date(), { cache: processB });
    if (refused(check.ok) || Date.now() > deadline) return check;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("session cache invalidation across processes (Redis)", () => {
  it("[SESSION] a suspension in one process refuses the person in the other, though its cache still held them", async () => {
    const { account } = await createTestAccount(services.deps.db, { role: "member" });
    const { account: moderator } = await createTestAccount(services.deps.db, { role: "moderator" });
    const claims = await sessionClaimsOf(services.deps.db, account);
    expect(await checkSession(services.deps.db, claims, new Date(), { cache: processB })).toMatchObject({ ok: true });
    // Process B answers from memory: a change made behind the app's back is not seen yet.
    await services.deps.db
      .update(accounts)
      .set({ displayName: "changed behind the cache" })
      .where(eq(accounts.id, account.id));
    expect(await checkSession(services.deps.db, claims, new Date(), { cache: processB })).toMatchObject({
      ok: true,
      user: { displayName: account.displayName },
    });

    await suspendAccount(services.deps, sessionUserOf(moderator), { accountId: account.id, days: 3, reason: "test" });
    // In process A (where the suspension ran), refused on the very next check.
    expect(await checkSession(services.deps.db, claims)).toEqual({ ok: false, reason: "signed-out" });
    expect(await untilB(claims, (ok) => !ok)).toEqual({ ok: false, reason: "signed-out" });
  });

  it("[SESSION] signing out in one process ends the session in the other; the person's other session stays", async () => {
    const { account } = await createTestAccount(services.deps.db, { role: "researcher" });
    const laptop = await sessionClaimsOf(services.deps.db, account);
    const phone = await sessionClaimsOf(services.deps.db, account);
    for (const claims of [laptop, phone])
      expect(await checkSession(services.deps.db, claims, new Date(), { cache: processB })).toMatchObject({ ok: true });

    await revokeSession(services.deps.db, laptop.sid, "signed-out");
    expect(await checkSession(services.deps.db, laptop)).toEqual({ ok: false, reason: "signed-out" });
    expect(await untilB(laptop, (ok) => !ok)).toEqual({ ok: false, reason: "signed-out" });
    expect(await checkSession(services.deps.db, phone, new Date(), { cache: processB })).toMatchObject({
      ok: true,
      user: { id: account.id },
    });
  });

  it("a read under way when an invalidation arrives is not stored", async () => {
    const cache = createSessionCache({ ttlMs: 60_000 });
    let release!: () => void;
    const row = {
      id: 7,
      role: "member" as const,
      regionId: 1,
      displayName: "x",
      locale: "en" as const,
      suspendedUntil: null,
      totpEnabledAt: null,
      expiresAt: new Date(Date.now() + 60_000),
      revokedAt: null,
    };
    const slow = cache.load("sid-1", () => new Promise((resolve) => (release = () => resolve(row))));
    cache.invalidateAccount(7);
    release();
    await slow;
    expect(cache.size()).toBe(0);
    await cache.load("sid-1", async () => row);
    expect(cache.size()).toBe(1);
  });
});

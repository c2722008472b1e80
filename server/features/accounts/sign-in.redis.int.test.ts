import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestAccount, createTestServices, type TestServices } from "@/server/testing/fixtures";
import { driveFiftyWrongPasswords, parallelWrongPasswords } from "@/server/testing/sign-in-limits";
import { createRedisRateLimitStore, type RateLimitStore } from "@/server/infra/rate-limit";
import { signInLimits } from "./sign-in";

// Included by vitest.config.ts only when REDIS_URL is set. A per-run key prefix keeps runs apart.
let services: TestServices;
let redis: Redis;
let other: Redis;
beforeAll(async () => {
  services = await createTestServices();
  redis = new Redis(process.env.REDIS_URL ?? "");
  other = redis.duplicate();
});
afterAll(async () => {
  await Promise.all([redis?.quit(), other?.quit()]);
  await services?.close();
});

/** Two stores on one Redis stand for two app processes: the counts are shared between them. */
function twoProcesses(): [RateLimitStore, RateLimitStore] {
  const prefix = `xietong:test:${randomBytes(6).toString("hex")}:`;
  return [createRedisRateLimitStore(redis, prefix), createRedisRateLimitStore(other, prefix)];
}

describe("sign-in abuse limits shared through Redis", () => {
  it("hold after 50 wrong passwords while another account still signs in, across two stores", async () => {
    await createTestAccount(services.deps.db, {
      role: "member",
      email: "victim@redis-limits.test",
      password: "the-right-password-1",
    });
    await createTestAccount(services.deps.db, {
      role: "member",
      email: "other@redis-limits.test",
      password: "another-right-password",
    });
    const [processA, processB] = twoProcesses();
    let calls = 0;
    const alternating: RateLimitStore = {
      hit: (key, windowMs) => (calls++ % 2 ? processA : processB).hit(key, windowMs),
      take: (key, windowMs) => (calls++ % 2 ? processA : processB).take(key, windowMs),
      count: (key, windowMs) => (calls++ % 2 ? processA : processB).count(key, windowMs),
      undo: (key, windowMs) => (calls++ % 2 ? processA : processB).undo(key, windowMs),
      reset: (key, windowMs) => processA.reset(key, windowMs),
    };
    await driveFiftyWrongPasswords(
      services.deps.db,
      alternating,
      "victim@redis-limits.test",
      { email: "other@redis-limits.test", password: "another-right-password" },
      "the-right-password-1",
    );
  });

  it("[LOCKOUT] check only the limit's worth of 40 wrong passwords sent at once to two processes", async () => {
    const { account } = await createTestAccount(services.deps.db, {
      role: "member",
      email: "parallel@redis-limits.test",
      password: "parallel-password-123",
    });
    expect(await parallelWrongPasswords(services.deps.db, twoProcesses(), account.email, 40)).toEqual({
      WRONG_CREDENTIALS: signInLimits.perAccount,
      RATE_LIMITED: 40 - signInLimits.perAccount,
    });
  });
});

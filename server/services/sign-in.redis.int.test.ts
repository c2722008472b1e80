import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, it } from "vitest";
import { createTestAccount, createTestServices, type TestServices } from "../testing/fixtures";
import { driveFiftyWrongPasswords } from "../testing/sign-in-limits";
import { createRedisRateLimitStore } from "./rate-limit";

// Included by vitest.config.ts only when REDIS_URL is set. A per-run key prefix keeps runs apart.
let services: TestServices;
let redis: Redis;
beforeAll(async () => {
  services = await createTestServices();
  redis = new Redis(process.env.REDIS_URL ?? "");
});
afterAll(async () => {
  await redis?.quit();
  await services?.close();
});

describe("sign-in abuse limits shared through Redis", () => {
  it("hold after 50 wrong passwords while another account still signs in, across two stores", async () => {
    const prefix = `xietong:test:${randomBytes(6).toString("hex")}:`;
    await createTestAccount(services.deps.db, { role: "member", email: "victim@redis-limits.test", password: "the-right-password-1" });
    await createTestAccount(services.deps.db, { role: "member", email: "other@redis-limits.test", password: "another-right-password" });
    // Two stores on one Redis stand for two app processes: the count is shared between them.
    const processA = createRedisRateLimitStore(redis, prefix);
    const processB = createRedisRateLimitStore(redis.duplicate(), prefix);
    const alternating = {
      calls: 0,
      hit(key: string, windowMs: number) {
        return (this.calls++ % 2 ? processA : processB).hit(key, windowMs);
      },
      count(key: string) {
        return (this.calls++ % 2 ? processA : processB).count(key);
      },
      reset(key: string) {
        return processA.reset(key);
      },
    };
    await driveFiftyWrongPasswords(services.deps.db, alternating, "victim@redis-limits.test", { email: "other@redis-limits.test", password: "another-right-password" }, "the-right-password-1");
  });
});

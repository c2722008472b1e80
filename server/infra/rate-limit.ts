import type { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from "rate-limiter-flexible";
import { AppError } from "@/server/errors";

/**
 * Fixed-window counters for abuse limits, on rate-limiter-flexible: in memory for one process, in
 * Redis when several processes serve the same users, so an attacker cannot spread attempts across
 * them. Each hit is one atomic increment that returns the new count, so a caller that counts first
 * and decides on the returned number cannot be raced by parallel requests.
 */
export interface RateLimitStore {
  /** Adds one to the key's window and returns the count including this hit. */
  hit(key: string, windowMs: number): Promise<number>;
  count(key: string, windowMs: number): Promise<number>;
  /** Takes one hit back (an attempt that turned out not to count, such as a right password). */
  undo(key: string, windowMs: number): Promise<void>;
  reset(key: string, windowMs: number): Promise<void>;
}

/** The counter never refuses by itself: callers compare the returned count with their own limits. */
const unlimited = Number.MAX_SAFE_INTEGER;

function storeOver(limiterFor: (windowMs: number) => RateLimiterAbstract): RateLimitStore {
  const limiters = new Map<number, RateLimiterAbstract>();
  const limiter = (windowMs: number) => {
    let found = limiters.get(windowMs);
    if (!found) limiters.set(windowMs, (found = limiterFor(windowMs)));
    return found;
  };
  return {
    async hit(key, windowMs) {
      return (await limiter(windowMs).penalty(key, 1)).consumedPoints;
    },
    async count(key, windowMs) {
      const res = await limiter(windowMs).get(key);
      return res && res.msBeforeNext > 0 ? res.consumedPoints : 0;
    },
    async undo(key, windowMs) {
      await limiter(windowMs).reward(key, 1);
    },
    async reset(key, windowMs) {
      await limiter(windowMs).delete(key);
    },
  };
}

const seconds = (windowMs: number) => Math.max(1, Math.ceil(windowMs / 1000));

export function createMemoryRateLimitStore(): RateLimitStore {
  return storeOver(
    (windowMs) => new RateLimiterMemory({ points: unlimited, duration: seconds(windowMs), keyPrefix: `w${windowMs}` }),
  );
}

export function createRedisRateLimitStore(redis: Redis, prefix = "xietong:rl:"): RateLimitStore {
  return storeOver(
    (windowMs) =>
      // useRedisPackage off: ioredis's API; no in-memory fallback, so a Redis outage fails closed.
      new RateLimiterRedis({
        storeClient: redis,
        points: unlimited,
        duration: seconds(windowMs),
        keyPrefix: `${prefix}w${windowMs}`,
      }),
  );
}

/** Edits (comments, projects, topics) one person may make in a window before being told to wait. */
export const editLimits = { windowMs: 60_000, perPerson: 20 } as const;

export async function limitEdits(store: RateLimitStore, accountId: number): Promise<void> {
  if ((await store.hit(`edit:${accountId}`, editLimits.windowMs)) > editLimits.perPerson) {
    throw new AppError("RATE_LIMITED", "You are editing too quickly; wait a minute and try again");
  }
}

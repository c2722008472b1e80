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
  /** Like hit, with the time left in the key's window. */
  take(key: string, windowMs: number): Promise<{ count: number; msBeforeNext: number }>;
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
    async take(key, windowMs) {
      const res = await limiter(windowMs).penalty(key, 1);
      return { count: res.consumedPoints, msBeforeNext: res.msBeforeNext };
    },
    async count(key, windowMs) {
      const res = await limiter(windowMs).get(key);
      return res && res.msBeforeNext > 0 ? res.consumedPoints : 0;
    },
    async undo(key, windowMs) {
      // Only within a live window: taking back from an expired one would start the next below zero.
      const res = await limiter(windowMs).get(key);
      if (res && res.msBeforeNext > 0 && res.consumedPoints > 0) await limiter(windowMs).reward(key, 1);
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

/** How often one person may do one thing: at most `max` times in a window. */
export interface PostingLimit {
  readonly name: string;
  readonly windowMs: number;
  readonly max: number;
}

/**
 * Counts one attempt of `limit` by an account. Over the limit the attempt is taken back and refused
 * with the seconds left in the window (`refusal` words it). The returned function takes an accepted
 * attempt back, for one that then failed without posting anything. Without a store (the demo seeder
 * writing its history) nothing is counted; every request's deps carry the process's store.
 */
export async function countAttempt(
  store: RateLimitStore | null | undefined,
  limit: PostingLimit,
  accountId: number,
  refusal: (waitSeconds: number) => string,
): Promise<() => Promise<void>> {
  if (!store) return async () => {};
  const key = `${limit.name}:${accountId}`;
  const { count, msBeforeNext } = await store.take(key, limit.windowMs);
  if (count > limit.max) {
    await store.undo(key, limit.windowMs);
    throw new AppError("RATE_LIMITED", refusal(Math.max(1, Math.ceil(msBeforeNext / 1000))));
  }
  return () => store.undo(key, limit.windowMs);
}

/** Runs `work` as one counted attempt: an attempt that fails is taken back, so only posts count. */
export async function asCountedAttempt<T>(
  store: RateLimitStore | null | undefined,
  limit: PostingLimit,
  accountId: number,
  refusal: (waitSeconds: number) => string,
  work: () => Promise<T>,
): Promise<T> {
  const takeBack = await countAttempt(store, limit, accountId, refusal);
  try {
    return await work();
  } catch (error) {
    await takeBack();
    throw error;
  }
}

import type { Redis } from "ioredis";

/**
 * Fixed-window counters for abuse limits. In memory for one process; in Redis when several
 * processes serve the same users, so an attacker cannot spread attempts across them.
 */
export interface RateLimitStore {
  /** Adds one to the key's window and returns the count including this hit. */
  hit(key: string, windowMs: number): Promise<number>;
  count(key: string): Promise<number>;
  reset(key: string): Promise<void>;
}

export function createMemoryRateLimitStore(now: () => number = Date.now): RateLimitStore {
  const windows = new Map<string, { count: number; expiresAt: number }>();
  const live = (key: string) => {
    const entry = windows.get(key);
    if (entry && entry.expiresAt <= now()) {
      windows.delete(key);
      return undefined;
    }
    return entry;
  };
  return {
    async hit(key, windowMs) {
      const entry = live(key) ?? { count: 0, expiresAt: now() + windowMs };
      entry.count += 1;
      windows.set(key, entry);
      if (windows.size > 100_000) for (const k of windows.keys()) if (!live(k)) windows.delete(k);
      return entry.count;
    },
    async count(key) {
      return live(key)?.count ?? 0;
    },
    async reset(key) {
      windows.delete(key);
    },
  };
}

export function createRedisRateLimitStore(redis: Redis, prefix = "xietong:rl:"): RateLimitStore {
  return {
    async hit(key, windowMs) {
      const results = await redis.multi().incr(prefix + key).pexpire(prefix + key, windowMs, "NX").exec();
      return Number(results?.[0]?.[1] ?? 0);
    },
    async count(key) {
      return Number((await redis.get(prefix + key)) ?? 0);
    },
    async reset(key) {
      await redis.del(prefix + key);
    },
  };
}

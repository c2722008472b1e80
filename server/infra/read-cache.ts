import type { Redis } from "ioredis";
import type { Db } from "@/db/client";
import { processSlot, readProcessSlot, setProcessSlot } from "./process-slots";

/**
 * Small, rarely changed data every page reads (regions, recommendations), kept in memory per database
 * handle. Every change made through the app invalidates its key at once after its commit, here and,
 * through Redis, in the other processes; the TTL only bounds what the app cannot see (a seed run, SQL by
 * hand, a Redis message lost while disconnected).
 */
export interface ReadCache {
  /** The key's value for this database: from memory while valid, else from `read`, shared by concurrent callers. */
  load<T>(db: Db, key: string, read: () => Promise<T>): Promise<T>;
  /** Drops the key here (for every database handle) and, when connected to Redis, in every other process. */
  invalidate(key: string): void;
  /** Applies an invalidation another process announced (a key, or `*` for everything); nothing is re-announced. */
  applyRemote(message: string): void;
}

export interface ReadCacheOptions {
  ttlMs?: number;
  /** Per database handle; the oldest key goes first (per-person keys such as unread counts). */
  maxEntries?: number;
  now?: () => number;
  /** Where invalidations are announced to the other processes. */
  announce?: (message: string) => void;
}

interface Entry {
  storedAt: number;
  value?: unknown;
  pending?: Promise<unknown>;
}

export function createReadCache(options: ReadCacheOptions = {}): ReadCache {
  const ttlMs = options.ttlMs ?? 10_000;
  const maxEntries = options.maxEntries ?? 10_000;
  const now = options.now ?? Date.now;
  const perDb = new WeakMap<Db, Map<string, Entry>>();
  // Every handle's entries, so one invalidation drops a key everywhere; a closed handle's go with it.
  const all = new Set<WeakRef<Map<string, Entry>>>();

  // Deleting the entry also drops a read under way (its placeholder), which then answers but is not kept.
  const drop = (message: string) => {
    for (const ref of all) {
      const entries = ref.deref();
      if (!entries) all.delete(ref);
      else if (message === "*") entries.clear();
      else entries.delete(message);
    }
  };

  return {
    load<T>(db: Db, key: string, read: () => Promise<T>): Promise<T> {
      let entries = perDb.get(db);
      if (!entries) {
        perDb.set(db, (entries = new Map<string, Entry>()));
        all.add(new WeakRef(entries));
      }
      const cached = entries.get(key);
      if (cached && now() - cached.storedAt < ttlMs)
        return (cached.pending ?? Promise.resolve(cached.value)) as Promise<T>;
      const storedAt = now();
      const own = entries;
      const pending: Promise<T> = read().then(
        (value) => {
          if (own.get(key)?.pending === pending) own.set(key, { storedAt, value });
          return value;
        },
        (error: unknown) => {
          if (own.get(key)?.pending === pending) own.delete(key);
          throw error;
        },
      );
      own.delete(key);
      if (own.size >= maxEntries) own.delete(own.keys().next().value!);
      own.set(key, { storedAt, pending });
      return pending;
    },
    invalidate(key) {
      drop(key);
      options.announce?.(key);
    },
    applyRemote: drop,
  };
}

/**
 * The key of what was read of a person's own stream together with its head (the unread count): every
 * event appended to that stream drops it after its commit (`transact`), here and in every process.
 */
export const readAtHeadKey = (stream: string) => `head:${stream}`;

/**
 * Invalidations travel between processes on one Redis channel. `publisher` and `subscriber` must be
 * separate connections (a subscribed connection can do nothing else). Resolves once subscribed; when the
 * subscriber reconnects, `onReconnect` runs, since messages sent while it was away are lost.
 */
export async function connectInvalidations(
  apply: (message: string) => void,
  publisher: Redis,
  subscriber: Redis,
  channel: string,
  onReconnect?: () => void,
): Promise<(message: string) => void> {
  subscriber.on("message", (from: string, message: string) => {
    if (from === channel) apply(message);
  });
  await subscriber.subscribe(channel);
  if (onReconnect) subscriber.on("ready", onReconnect);
  return (message) => void publisher.publish(channel, message).catch(() => undefined);
}

/** The process's cache, in a process slot: Next's server components read reference data in this process too. */
export function processReadCache(): ReadCache {
  return processSlot("readCache", () =>
    createReadCache({
      announce: (message) => readProcessSlot<(m: string) => void>("readCacheAnnouncer")?.(message),
    }),
  );
}

/** server/app.ts connects the process cache to Redis when REDIS_URL is set. */
export function setReadCacheAnnouncer(announce: ((message: string) => void) | undefined): void {
  setProcessSlot("readCacheAnnouncer", announce);
}

/** Connects a read cache to Redis: its invalidations reach the other processes and theirs reach it. */
export function connectReadCache(
  cache: ReadCache,
  publisher: Redis,
  subscriber: Redis,
  channel: string,
): Promise<(message: string) => void> {
  return connectInvalidations(
    (message) => cache.applyRemote(message),
    publisher,
    subscriber,
    channel,
    () => cache.applyRemote("*"),
  );
}

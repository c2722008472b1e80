import { processSlot, readProcessSlot, setProcessSlot } from "../process-slots";
import { connectInvalidations } from "../read-cache";
import type { Redis } from "ioredis";
import type { Role } from "@/db/schema";

/** What a session check reads: the session row with its account. Limits are judged at each use. */
export interface SessionRow {
  id: number;
  role: Role;
  regionId: number;
  displayName: string;
  locale: "zh-CN" | "en";
  suspendedUntil: Date | null;
  totpEnabledAt: Date | null;
  expiresAt: Date;
  revokedAt: Date | null;
}

export interface SessionCache {
  /** The row for a session, from memory while fresh, else from `read` (stored unless invalidated meanwhile). */
  load(sid: string, read: () => Promise<SessionRow | undefined>): Promise<SessionRow | undefined>;
  /** Drops one session here and, when connected to Redis, in every other process. */
  invalidateSession(sid: string): void;
  /** Drops every session of one person (suspension, password, role, profile, two-factor). */
  invalidateAccount(accountId: number): void;
  /** Applies an invalidation that another process announced; nothing is re-announced. */
  applyRemote(message: string): void;
  size(): number;
}

export interface SessionCacheOptions {
  ttlMs?: number;
  maxEntries?: number;
  now?: () => number;
  /** Where invalidations are announced to the other processes. */
  announce?: (message: string) => void;
}

/**
 * Account checks without a read on every request. Entries live a few seconds at most; every change
 * that ends or alters a session invalidates at once (after its commit). A read that was under way
 * when an invalidation came is not stored, so it cannot put back what was just dropped.
 */
export function createSessionCache(options: SessionCacheOptions = {}): SessionCache {
  const ttlMs = options.ttlMs ?? 5_000;
  const maxEntries = options.maxEntries ?? 10_000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, { row: SessionRow | undefined; accountId: number | undefined; storedAt: number }>();
  let generation = 0;

  const dropSession = (sid: string) => {
    generation += 1;
    entries.delete(sid);
  };
  const dropAccount = (accountId: number) => {
    generation += 1;
    for (const [sid, entry] of entries) if (entry.accountId === accountId) entries.delete(sid);
  };

  return {
    async load(sid, read) {
      const cached = entries.get(sid);
      if (cached && now() - cached.storedAt < ttlMs) return cached.row;
      const started = generation;
      const row = await read();
      // An absent row (a forged or deleted session) is not kept: it can name no account to invalidate by.
      if (row && generation === started) {
        if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
        entries.set(sid, { row, accountId: row.id, storedAt: now() });
      }
      return row;
    },
    invalidateSession(sid) {
      dropSession(sid);
      options.announce?.(`s:${sid}`);
    },
    invalidateAccount(accountId) {
      dropAccount(accountId);
      options.announce?.(`a:${accountId}`);
    },
    applyRemote(message) {
      if (message.startsWith("s:")) dropSession(message.slice(2));
      else if (message.startsWith("a:") && Number.isInteger(Number(message.slice(2))))
        dropAccount(Number(message.slice(2)));
    },
    size: () => entries.size,
  };
}

/**
 * Invalidations travel between processes on one Redis channel. `publisher` and `subscriber` must be
 * separate connections (a subscribed connection can do nothing else). Resolves once subscribed.
 */
export function connectSessionCache(
  cache: SessionCache,
  publisher: Redis,
  subscriber: Redis,
  channel: string,
): Promise<(message: string) => void> {
  return connectInvalidations((message) => cache.applyRemote(message), publisher, subscriber, channel);
}

/**
 * The process's cache, in a process slot: Next's pages and route handlers run in their own module graph
 * in this same process, and a sign-out there must drop what the API path cached.
 */
export function processSessionCache(): SessionCache {
  return processSlot("sessionCache", () =>
    createSessionCache({
      announce: (message) => readProcessSlot<(m: string) => void>("sessionCacheAnnouncer")?.(message),
    }),
  );
}

/** server/app.ts connects the process cache to Redis when REDIS_URL is set. */
export function setSessionCacheAnnouncer(announce: ((message: string) => void) | undefined): void {
  setProcessSlot("sessionCacheAnnouncer", announce);
}

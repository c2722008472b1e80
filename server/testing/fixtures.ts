import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { encode } from "next-auth/jwt";
import type { DatabaseHandle, Db } from "@/db/client";
import { regions, type Account, type Role } from "@/db/schema";
import type { SessionClaims, SessionUser } from "@/server/infra/auth/session";
import type { LiveEvent } from "@/server/infra/realtime/events";
import { createRecordingPublisher, type Publisher } from "@/server/infra/realtime/publisher";
import { insertAccount } from "@/server/features/accounts/create-account";
import { createMemoryRateLimitStore } from "@/server/infra/rate-limit";
import { openSession } from "@/server/infra/auth/sessions";
import { createBackgroundWork, type BackgroundWork } from "@/server/infra/background";
import type { ServiceDeps } from "@/server/infra/deps";
import { createContextInner } from "../trpc/init";
import { createCaller } from "../trpc/root";
import { createTestDatabase } from "./test-database";

export type RecordingPublisher = ReturnType<typeof createRecordingPublisher>;

export interface TestDeps extends ServiceDeps {
  publisher: RecordingPublisher;
  /** What createApp's runtime gives a request context (two-factor encrypts with it). */
  authSecret: string;
  background: BackgroundWork;
}

export interface TestServices {
  handle: DatabaseHandle;
  deps: TestDeps;
  close(): Promise<void>;
}

/** A fresh, seeded database with the dependencies the services take; `close` drops it. */
export async function createTestServices(options: { now?: () => Date } = {}): Promise<TestServices> {
  const handle = await createTestDatabase();
  const deps: TestDeps = {
    db: handle.db,
    publisher: createRecordingPublisher(),
    now: options.now ?? (() => new Date()),
    inviteTtlHours: 72,
    rateLimits: createMemoryRateLimitStore(),
    authSecret: "a-test-auth-secret-that-is-long-enough-123",
    background: createBackgroundWork(),
  };
  // The background work (a map recompute a test's votes asked for) ends before the database closes.
  const close = async () => {
    await deps.background.stop();
    await handle.close();
  };
  return { handle, deps, close };
}

/** Wall-clock time that a test can move forward, e.g. past an invitation's expiry. */
export interface TestClock {
  now(): Date;
  advanceHours(hours: number): void;
  advanceSeconds(seconds: number): void;
}

export function createTestClock(): TestClock {
  let offsetMs = 0;
  return {
    now: () => new Date(Date.now() + offsetMs),
    advanceHours: (hours) => {
      offsetMs += hours * 3_600_000;
    },
    advanceSeconds: (seconds) => {
      offsetMs += seconds * 1000;
    },
  };
}

/** A clock that stands still until moved, so several writes can share one timestamp exactly. */
export function createFrozenClock(start: Date = new Date()): TestClock {
  let at = start.getTime();
  return {
    now: () => new Date(at),
    advanceHours: (hours) => {
      at += hours * 3_600_000;
    },
    advanceSeconds: (seconds) => {
      at += seconds * 1000;
    },
  };
}

/** Seeded region ids by code ('shanghai', 'qingdao', …). */
export async function regionIdsByCode(db: Db): Promise<(code: string) => number> {
  const rows = await db.select({ id: regions.id, code: regions.code }).from(regions);
  const byCode = new Map(rows.map((row) => [row.code, row.id]));
  return (code) => {
    const id = byCode.get(code);
    if (id === undefined) throw new Error(`Region ${code} is not seeded`);
    return id;
  };
}

/**
 * `db` with its first transaction broken off as PostgreSQL breaks a deadlock's victim: the work runs,
 * then 40P01 rolls it all back. Later transactions run as usual; `attempts` counts those begun.
 */
export function deadlockFirstTransaction(db: Db): { db: Db; attempts: () => number } {
  let attempts = 0;
  const transaction: Db["transaction"] = async (work, config) => {
    attempts += 1;
    const victim = attempts === 1;
    return db.transaction(async (tx) => {
      const result = await work(tx);
      if (victim) throw Object.assign(new Error("deadlock detected"), { code: "40P01" });
      return result;
    }, config);
  };
  const wrapped = new Proxy(db, {
    get: (target, property, receiver) =>
      property === "transaction" ? transaction : Reflect.get(target, property, receiver),
  });
  return { db: wrapped, attempts: () => attempts };
}

/**
 * Records, in order, when a transaction on `db` committed or rolled back and when events were
 * published, so a test can tell "published after commit" from "published inside the transaction".
 * Entries read `commit`, `rollback` and `publish admin#1 invitation:issued`.
 */
export function observeCommitsAndPublishes<T extends ServiceDeps>(deps: T): { deps: T; timeline: string[] } {
  const timeline: string[] = [];
  const transaction: Db["transaction"] = async (work, config) => {
    try {
      const result = await deps.db.transaction(work, config);
      // A read-only snapshot (a page read, as an action's answer) wrote nothing: told apart as a read.
      timeline.push(config?.accessMode === "read only" ? "read" : "commit");
      return result;
    } catch (error) {
      timeline.push("rollback");
      throw error;
    }
  };
  const db = new Proxy(deps.db, {
    get: (target, property, receiver) =>
      property === "transaction" ? transaction : Reflect.get(target, property, receiver),
  });
  const publisher: Publisher = {
    publish(events) {
      timeline.push(`publish ${events.map(describeEvent).join(", ")}`);
      deps.publisher.publish(events);
    },
  };
  return { deps: { ...deps, db, publisher }, timeline };
}

export function describeEvent(event: LiveEvent): string {
  return `${event.stream}#${event.seq} ${event.type}`;
}

export interface CreateTestAccountOptions {
  role: Role;
  email?: string;
  password?: string;
  displayName?: string;
  organisation?: string;
  regionCode?: string;
  locale?: "zh-CN" | "en";
}

export interface TestAccount {
  account: Account;
  password: string;
  user: SessionUser;
}

/** Creates an account of any role directly, as `npm run admin:create` does, bypassing invitations. */
export async function createTestAccount(db: Db, options: CreateTestAccountOptions): Promise<TestAccount> {
  const regionCode = options.regionCode ?? "shanghai";
  const [region] = await db.select({ id: regions.id }).from(regions).where(eq(regions.code, regionCode));
  if (!region) throw new Error(`Region ${regionCode} is not seeded`);
  const password = options.password ?? `pw-${randomBytes(9).toString("base64url")}`;
  const account = await db.transaction((tx) =>
    insertAccount(tx, {
      email: options.email ?? uniqueEmail(options.role),
      displayName: options.displayName ?? `Test ${options.role}`,
      organisation: options.organisation ?? "Test organisation",
      role: options.role,
      regionId: region.id,
      password,
      locale: options.locale,
    }),
  );
  return { account, password, user: sessionUserOf(account) };
}

export function uniqueEmail(prefix: string): string {
  return `${prefix}-${randomBytes(5).toString("hex")}@test.xietong.cn`;
}

export function sessionUserOf(
  account: Pick<Account, "id" | "role" | "regionId" | "displayName" | "locale">,
): SessionUser {
  return {
    id: account.id,
    role: account.role,
    regionId: account.regionId,
    displayName: account.displayName,
    locale: account.locale,
  };
}

/** Signs the account in as the sign-in form does (a new session row) and returns its JWT's claims. */
export async function sessionClaimsOf(
  db: Db,
  account: Pick<Account, "id" | "role" | "regionId">,
  lifetimeSeconds = 3600,
): Promise<SessionClaims> {
  const sid = await openSession(db, account.id, lifetimeSeconds);
  return { sub: String(account.id), role: account.role, regionId: account.regionId, sid };
}

/** A session cookie as the browser holds it after signing in, signed with `secret`. */
export async function sessionCookieOf(
  db: Db,
  account: Pick<Account, "id" | "role" | "regionId">,
  secret: string,
): Promise<string> {
  const claims = await sessionClaimsOf(db, account);
  return `next-auth.session-token=${await encode({ token: { ...claims, at: Math.floor(Date.now() / 1000) }, secret, maxAge: 3600 })}`;
}

/** A tRPC caller for `user` (null = signed out), without HTTP. */
export function callerFor(deps: ServiceDeps, user: SessionUser | null) {
  return createCaller(createContextInner(deps, user));
}

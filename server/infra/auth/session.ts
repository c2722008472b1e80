import { and, eq } from "drizzle-orm";
import type { JWT } from "next-auth/jwt";
import type { Db } from "@/db/client";
import { accounts, sessions, type Role } from "@/db/schema";
import { requiresTwoFactor } from "@/server/domain/two-factor";
import { isSuspended } from "@/server/domain/time-states";
import { parseEnv } from "../env";
import { processSessionCache, type SessionCache, type SessionRow } from "./session-cache";
import { decodeSessionToken } from "./session-token";

export const sessionCookieNames = ["__Secure-next-auth.session-token", "next-auth.session-token"] as const;

export interface SessionUser {
  id: number;
  role: Role;
  regionId: number;
  displayName: string;
  locale: "zh-CN" | "en";
  /**
   * Set when the role must use two-factor sign-in (outside demo mode) and this account has not
   * enrolled: such a session may only reach the account and two-factor procedures.
   */
  enrolmentRequired?: true;
}

export interface SessionClaims extends JWT {
  sub: string;
  role: Role;
  regionId: number;
  /** The row in `sessions` this token stands for; revoking the row ends the token. */
  sid: string;
  /** When the person signed in (seconds since the epoch); the absolute limit counts from here. */
  at?: number;
}

export interface SessionLimits {
  /** Without a request for this long the cookie and its token expire (each refresh restarts it). */
  idleSeconds: number;
  /** After this long from sign-in no refresh keeps the session alive. */
  maxSeconds: number;
}

let limits: (SessionLimits & { demo: boolean }) | undefined;

/** SESSION_IDLE_MINUTES, SESSION_MAX_HOURS and XIETONG_DEMO, read once (server/infra/env.ts validates them). */
function sessionSettings(): SessionLimits & { demo: boolean } {
  if (!limits) {
    const env = parseEnv();
    limits = {
      idleSeconds: env.SESSION_IDLE_MINUTES * 60,
      maxSeconds: env.SESSION_MAX_HOURS * 3600,
      demo: env.XIETONG_DEMO,
    };
  }
  return limits;
}

export function sessionLimits(): SessionLimits {
  const { idleSeconds, maxSeconds } = sessionSettings();
  return { idleSeconds, maxSeconds };
}

/** True while a session signed in at `at` is within the absolute limit. */
export function withinSessionLifetime(
  at: number | undefined,
  now: Date = new Date(),
  maxSeconds = sessionLimits().maxSeconds,
): boolean {
  return typeof at === "number" && now.getTime() / 1000 - at <= maxSeconds;
}

export function parseCookieHeader(header: string | null | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  if (!header) return cookies;
  for (const part of header.split(";")) {
    const index = part.indexOf("=");
    if (index <= 0) continue;
    const name = part.slice(0, index).trim();
    const value = part.slice(index + 1).trim();
    try {
      cookies.set(name, decodeURIComponent(value));
    } catch {
      cookies.set(name, value);
    }
  }
  return cookies;
}

/**
 * next-auth's getToken reads `req.cookies`, which a socket handshake does not have, so HTTP and
 * sockets both decode the session cookie here with the same secret as the auth options.
 */
export function readSessionClaims(cookieHeader: string | null | undefined, secret: string): SessionClaims | null {
  const cookies = parseCookieHeader(cookieHeader);
  for (const name of sessionCookieNames) {
    const token = cookies.get(name);
    if (!token) continue;
    try {
      // decode checks the token's expiry, which is the idle limit; the absolute limit is checked here.
      const claims = decodeSessionToken(token, secret);
      if (
        claims &&
        typeof claims.sub === "string" &&
        typeof claims.sid === "string" &&
        withinSessionLifetime(claims.at as number | undefined)
      ) {
        return claims as SessionClaims;
      }
    } catch {
      // A token signed with another secret or tampered with is simply no session.
    }
  }
  return null;
}

export type SessionCheck = { ok: true; user: SessionUser } | { ok: false; reason: "signed-out" | "suspended" };

function readSessionRow(db: Db, sid: string, accountId: number): Promise<SessionRow | undefined> {
  return db
    .select({
      id: accounts.id,
      role: accounts.role,
      regionId: accounts.regionId,
      displayName: accounts.displayName,
      locale: accounts.locale,
      suspendedUntil: accounts.suspendedUntil,
      totpEnabledAt: accounts.totpEnabledAt,
      expiresAt: sessions.expiresAt,
      revokedAt: sessions.revokedAt,
    })
    .from(sessions)
    .innerJoin(accounts, eq(accounts.id, sessions.accountId))
    .where(and(eq(sessions.id, sid), eq(sessions.accountId, accountId)))
    .then((rows) => rows[0]);
}

/**
 * A JWT alone cannot be revoked, so every request and socket checks the token's session row with its
 * account: signing out, a password change, a suspension or a role change revokes the row and ends the
 * session at once. The row comes from the process's session cache, which those changes invalidate
 * after they commit (here and, through Redis, in every process); `fresh` reads past it.
 */
export async function checkSession(
  db: Db,
  claims: SessionClaims | null,
  now: Date = new Date(),
  options: { fresh?: boolean; cache?: SessionCache } = {},
): Promise<SessionCheck> {
  const id = Number(claims?.sub);
  if (!claims || !Number.isInteger(id) || typeof claims.sid !== "string") return { ok: false, reason: "signed-out" };
  if (claims.at !== undefined && !withinSessionLifetime(claims.at, now)) return { ok: false, reason: "signed-out" };
  const sid = claims.sid;
  const row = options.fresh
    ? await readSessionRow(db, sid, id)
    : await (options.cache ?? processSessionCache()).load(sid, () => readSessionRow(db, sid, id));
  // A cached row belongs to the session id; the account must match the token too.
  if (!row || row.id !== id || row.revokedAt || row.expiresAt <= now) return { ok: false, reason: "signed-out" };
  if (isSuspended(row.suspendedUntil, now)) return { ok: false, reason: "suspended" };
  const user: SessionUser = {
    id: row.id,
    role: row.role,
    regionId: row.regionId,
    displayName: row.displayName,
    locale: row.locale,
  };
  if (!row.totpEnabledAt && requiresTwoFactor(row.role, sessionSettings().demo)) user.enrolmentRequired = true;
  return { ok: true, user };
}

export async function loadSessionUser(
  db: Db,
  claims: SessionClaims | null,
  now: Date = new Date(),
): Promise<SessionUser | null> {
  const check = await checkSession(db, claims, now);
  return check.ok ? check.user : null;
}

export async function sessionUserFromCookies(
  db: Db,
  cookieHeader: string | null | undefined,
  secret: string,
): Promise<SessionUser | null> {
  return loadSessionUser(db, readSessionClaims(cookieHeader, secret));
}

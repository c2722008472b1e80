import { eq } from "drizzle-orm";
import { decode, type JWT } from "next-auth/jwt";
import type { Db } from "@/db/client";
import { accounts, type Role } from "@/db/schema";
import { requiresTwoFactor } from "../domain/two-factor";
import { parseEnv } from "../env";

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
  sv: number;
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

/** SESSION_IDLE_MINUTES, SESSION_MAX_HOURS and XIETONG_DEMO, read once (server/env.ts validates them). */
function sessionSettings(): SessionLimits & { demo: boolean } {
  if (!limits) {
    const env = parseEnv();
    limits = { idleSeconds: env.SESSION_IDLE_MINUTES * 60, maxSeconds: env.SESSION_MAX_HOURS * 3600, demo: env.XIETONG_DEMO };
  }
  return limits;
}

export function sessionLimits(): SessionLimits {
  const { idleSeconds, maxSeconds } = sessionSettings();
  return { idleSeconds, maxSeconds };
}

/** True while a session signed in at `at` is within the absolute limit. */
export function withinSessionLifetime(at: number | undefined, now: Date = new Date(), maxSeconds = sessionLimits().maxSeconds): boolean {
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
export async function readSessionClaims(cookieHeader: string | null | undefined, secret: string): Promise<SessionClaims | null> {
  const cookies = parseCookieHeader(cookieHeader);
  for (const name of sessionCookieNames) {
    const token = cookies.get(name);
    if (!token) continue;
    try {
      // decode checks the token's expiry, which is the idle limit; the absolute limit is checked here.
      const claims = await decode({ token, secret });
      if (claims && typeof claims.sub === "string" && typeof claims.sv === "number" && withinSessionLifetime(claims.at as number | undefined)) {
        return claims as SessionClaims;
      }
    } catch {
      // A token signed with another secret or tampered with is simply no session.
    }
  }
  return null;
}

/**
 * A JWT alone cannot be revoked, so every request re-reads the account: a suspension or a password
 * change (which bumps session_version) ends older sessions at once.
 */
export async function loadSessionUser(db: Db, claims: SessionClaims | null, now: Date = new Date()): Promise<SessionUser | null> {
  if (!claims) return null;
  const id = Number(claims.sub);
  if (!Number.isInteger(id)) return null;
  const [account] = await db
    .select({
      id: accounts.id,
      role: accounts.role,
      regionId: accounts.regionId,
      displayName: accounts.displayName,
      locale: accounts.locale,
      sessionVersion: accounts.sessionVersion,
      suspendedUntil: accounts.suspendedUntil,
      totpEnabledAt: accounts.totpEnabledAt,
    })
    .from(accounts)
    .where(eq(accounts.id, id));
  if (claims.at !== undefined && !withinSessionLifetime(claims.at, now)) return null;
  if (!account || account.sessionVersion !== claims.sv) return null;
  if (account.suspendedUntil && account.suspendedUntil > now) return null;
  const user: SessionUser = { id: account.id, role: account.role, regionId: account.regionId, displayName: account.displayName, locale: account.locale };
  if (!account.totpEnabledAt && requiresTwoFactor(account.role, sessionSettings().demo)) user.enrolmentRequired = true;
  return user;
}

export async function sessionUserFromCookies(db: Db, cookieHeader: string | null | undefined, secret: string): Promise<SessionUser | null> {
  return loadSessionUser(db, await readSessionClaims(cookieHeader, secret));
}

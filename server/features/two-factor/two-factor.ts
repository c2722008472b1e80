import { randomBytes } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import QRCode from "qrcode";
import type { Db } from "@/db/client";
import { accounts } from "@/db/schema";
import type { SessionUser } from "@/server/infra/auth/session";
import { decryptTotpSecret, encryptTotpSecret, hashRecoveryCode } from "./two-factor-crypto";
import {
  isTotpCode,
  newTotpSecret,
  normaliseRecoveryCode,
  recoveryCodesFrom,
  requiresTwoFactor,
  totpUri,
  verifyTotp,
} from "@/server/domain/two-factor";
import { AppError } from "@/server/errors";
import { recordAudit } from "@/server/infra/audit";
import type { ServiceDeps } from "@/server/infra/deps";
import type { RateLimitStore } from "@/server/infra/rate-limit";
import { confirmCurrentPassword } from "@/server/features/accounts";
import { transact } from "@/server/infra/transact";
import { invalidateAccountSessions } from "@/server/infra/auth/sessions";

export interface TwoFactorDeps extends ServiceDeps {
  authSecret: string;
  demo: boolean;
}

/** Wrong codes for one account before code entry is refused for the rest of the window. */
export const codeLimits = { windowMs: 15 * 60_000, perAccount: 5 } as const;

async function loadAccount(db: Db, accountId: number) {
  const [account] = await db
    .select({
      id: accounts.id,
      email: accounts.email,
      role: accounts.role,
      totpSecret: accounts.totpSecret,
      totpEnabledAt: accounts.totpEnabledAt,
    })
    .from(accounts)
    .where(eq(accounts.id, accountId));
  if (!account) throw new AppError("ACCOUNT_NOT_FOUND", "Your account no longer exists");
  return account;
}

export async function twoFactorStatus(deps: TwoFactorDeps, user: SessionUser) {
  const [account] = await deps.db
    .select({ enabledAt: accounts.totpEnabledAt, left: sql<number>`cardinality(${accounts.recoveryCodeHashes})::int` })
    .from(accounts)
    .where(eq(accounts.id, user.id));
  if (!account) throw new AppError("ACCOUNT_NOT_FOUND", "Your account no longer exists");
  return {
    enabled: account.enabledAt !== null,
    enabledAt: account.enabledAt,
    recoveryCodesLeft: account.left,
    required: requiresTwoFactor(user.role, deps.demo),
  };
}

/**
 * Starts (or restarts) enrolment: a new secret is kept, encrypted and not yet in force, until the
 * person proves with a code that their app holds it.
 */
export async function beginEnrolment(deps: TwoFactorDeps, user: SessionUser) {
  const account = await loadAccount(deps.db, user.id);
  if (account.totpEnabledAt) throw new AppError("TWO_FACTOR_ALREADY_ENABLED", "Two-factor sign-in is already on");
  const secret = newTotpSecret();
  await deps.db
    .update(accounts)
    .set({ totpSecret: encryptTotpSecret(secret, deps.authSecret), updatedAt: deps.now() })
    .where(eq(accounts.id, user.id));
  const uri = totpUri(secret, account.email);
  const qrSvg = await QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 1 });
  return { secret, uri, qrSvg };
}

/** Turns two-factor on and returns the ten recovery codes, the only time they are shown. */
export async function confirmEnrolment(
  deps: TwoFactorDeps,
  store: RateLimitStore,
  user: SessionUser,
  input: { code: string; currentPassword: string },
) {
  await confirmCurrentPassword(deps.db, store, user.id, input.currentPassword);
  await countCodeAttempt(store, user.id);
  return transact(deps, async (tx, emit) => {
    const [account] = await tx.select().from(accounts).where(eq(accounts.id, user.id)).for("update");
    if (!account) throw new AppError("ACCOUNT_NOT_FOUND", "Your account no longer exists");
    if (account.totpEnabledAt) throw new AppError("TWO_FACTOR_ALREADY_ENABLED", "Two-factor sign-in is already on");
    const secret = account.totpSecret ? decryptTotpSecret(account.totpSecret, deps.authSecret) : null;
    if (!secret) throw new AppError("TWO_FACTOR_NOT_STARTED", "Start setting up two-factor sign-in first");
    if (!verifyTotp(secret, input.code.trim(), deps.now())) {
      throw new AppError(
        "TWO_FACTOR_CODE_INVALID",
        "That code is not right; check your app's clock and try the current code",
      );
    }
    const codes = recoveryCodesFrom((n) => randomBytes(n));
    await tx
      .update(accounts)
      .set({
        totpEnabledAt: deps.now(),
        recoveryCodeHashes: codes.map((c) => hashRecoveryCode(c, deps.authSecret)),
        updatedAt: deps.now(),
      })
      .where(eq(accounts.id, user.id));
    await recordAudit(tx, {
      actorId: user.id,
      action: "account.two_factor_enabled",
      targetType: "account",
      targetId: user.id,
    });
    invalidateAccountSessions(emit, user.id);
    await store.reset(limitKey(user.id), codeLimits.windowMs);
    return { recoveryCodes: codes };
  });
}

/**
 * Turning it off needs the password and a current code from the app (a stolen session alone cannot), and is refused
 * for roles that must keep it.
 */
export async function disableTwoFactor(
  deps: TwoFactorDeps,
  store: RateLimitStore,
  user: SessionUser,
  input: { code: string; currentPassword: string },
) {
  if (requiresTwoFactor(user.role, deps.demo))
    throw new AppError("TWO_FACTOR_REQUIRED", "Your role must keep two-factor sign-in on");
  await confirmCurrentPassword(deps.db, store, user.id, input.currentPassword);
  await countCodeAttempt(store, user.id);
  return transact(deps, async (tx, emit) => {
    const [account] = await tx.select().from(accounts).where(eq(accounts.id, user.id)).for("update");
    if (!account) throw new AppError("ACCOUNT_NOT_FOUND", "Your account no longer exists");
    const secret =
      account.totpEnabledAt && account.totpSecret ? decryptTotpSecret(account.totpSecret, deps.authSecret) : null;
    if (!secret) throw new AppError("TWO_FACTOR_NOT_ENABLED", "Two-factor sign-in is not on");
    if (!verifyTotp(secret, input.code.trim(), deps.now())) {
      throw new AppError(
        "TWO_FACTOR_CODE_INVALID",
        "That code is not right; check your app's clock and try the current code",
      );
    }
    await tx
      .update(accounts)
      .set({ totpSecret: null, totpEnabledAt: null, recoveryCodeHashes: [], updatedAt: deps.now() })
      .where(eq(accounts.id, user.id));
    await recordAudit(tx, {
      actorId: user.id,
      action: "account.two_factor_disabled",
      targetType: "account",
      targetId: user.id,
    });
    invalidateAccountSessions(emit, user.id);
    return { enabled: false };
  });
}

export type SecondFactorResult =
  { ok: true; method: "totp" | "recovery" } | { ok: false; reason: "CODE_REQUIRED" | "CODE_INVALID" | "RATE_LIMITED" };

/**
 * The step after a correct password. Accounts without two-factor pass; others need the current app
 * code or one unused recovery code, which is spent in the same statement that checks it, so two
 * sign-ins racing with one code cannot both succeed.
 */
export async function checkSecondFactor(
  db: Db,
  store: RateLimitStore,
  authSecret: string,
  accountId: number,
  code: string | undefined,
  now: Date = new Date(),
): Promise<SecondFactorResult> {
  const account = await loadAccount(db, accountId);
  if (!account.totpEnabledAt) return { ok: true, method: "totp" };
  const typed = code?.trim() ?? "";
  if (typed === "") return { ok: false, reason: "CODE_REQUIRED" };
  // Counted before the code is checked, in one atomic step, so parallel guesses share the limit.
  if ((await store.hit(limitKey(accountId), codeLimits.windowMs)) > codeLimits.perAccount)
    return { ok: false, reason: "RATE_LIMITED" };

  const secret = account.totpSecret ? decryptTotpSecret(account.totpSecret, authSecret) : null;
  if (isTotpCode(typed)) {
    // A code stays valid for up to 90 s (one step of drift either way); one seen over a shoulder or
    // a phishing page must not sign in a second time, so each accepted code is spent for that long.
    if (
      secret &&
      verifyTotp(secret, typed, now) &&
      (await store.hit(`twofactor:spent:${accountId}:${typed}`, 90_000)) === 1
    ) {
      return succeed(store, accountId, "totp");
    }
  } else {
    const recovery = normaliseRecoveryCode(typed);
    if (recovery) {
      const hash = hashRecoveryCode(recovery, authSecret);
      const spent = await db
        .update(accounts)
        .set({ recoveryCodeHashes: sql`array_remove(${accounts.recoveryCodeHashes}, ${hash})` })
        .where(and(eq(accounts.id, accountId), sql`${hash} = any(${accounts.recoveryCodeHashes})`))
        .returning({ id: accounts.id });
      if (spent.length > 0) return succeed(store, accountId, "recovery");
    }
  }
  return { ok: false, reason: "CODE_INVALID" };
}

async function succeed(
  store: RateLimitStore,
  accountId: number,
  method: "totp" | "recovery",
): Promise<SecondFactorResult> {
  await store.reset(limitKey(accountId), codeLimits.windowMs);
  return { ok: true, method };
}

function limitKey(accountId: number) {
  return `twofactor:account:${accountId}`;
}

/** Every code attempt counts before it is checked; a right code resets the count. */
async function countCodeAttempt(store: RateLimitStore, accountId: number) {
  if ((await store.hit(limitKey(accountId), codeLimits.windowMs)) > codeLimits.perAccount) {
    throw new AppError("RATE_LIMITED", "Too many wrong codes; wait 15 minutes and try again");
  }
}

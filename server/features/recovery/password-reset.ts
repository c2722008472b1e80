import { createHash, randomBytes } from "node:crypto";
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { z } from "zod";
import { accounts, passwordResets } from "@/db/schema";
import type { SessionUser } from "@/server/infra/auth/session";
import type { requestPasswordResetInput, resetPasswordInput } from "./contract";
import { AppError } from "@/server/errors";
import { queueAccountMail } from "@/server/features/accounts";
import { recordAudit } from "@/server/infra/audit";
import type { ServiceDeps } from "@/server/infra/deps";
import { storeNewPassword } from "@/server/features/accounts";
import type { RateLimitStore } from "@/server/infra/rate-limit";
import { signInLimits } from "@/server/features/accounts";
import { notSuspendedAt } from "@/server/infra/auth/suspension";
import { transact } from "@/server/infra/transact";

export const resetLimits = {
  /** A link the person asked for is short-lived: it arrives within minutes or not at all. */
  selfServiceMinutes: 30,
  /** A link an admin sends may be passed on by hand, so it lives longer. */
  adminSentMinutes: 24 * 60,
  windowMs: 15 * 60_000,
  perEmail: 3,
  perAddress: 20,
  /** Every request answers no sooner than this, so the answer's timing does not tell whether the address exists. */
  answerAfterMs: 400,
} as const;

/** Only a hash is stored, so a leaked database hands out no working links. */
export function hashResetToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

const resetPath = (token: string) => `/reset-password/${token}`;

async function issueReset(
  deps: ServiceDeps,
  tx: Parameters<Parameters<typeof transact>[1]>[0],
  accountId: number,
  requestedById: number | null,
  minutes: number,
) {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(deps.now().getTime() + minutes * 60_000);
  await tx.insert(passwordResets).values({ accountId, tokenHash: hashResetToken(token), expiresAt, requestedById });
  return { token, path: resetPath(token), expiresAt };
}

function requireStore(deps: ServiceDeps): RateLimitStore {
  if (!deps.rateLimits) throw new Error("Password resets need a rate-limit store");
  return deps.rateLimits;
}

/**
 * "Forgot password": mails a one-time link when the address belongs to an account, and answers the
 * same, after the same delay, whether or not it does. Limited per address asked for and per client.
 */
export async function requestPasswordReset(
  deps: ServiceDeps,
  input: z.output<typeof requestPasswordResetInput>,
  clientAddress: string | null,
) {
  const started = Date.now();
  const store = requireStore(deps);
  const emailKey = `reset:email:${input.email}`;
  const addressKey = clientAddress ? `reset:address:${clientAddress}` : null;
  const [forEmail, forAddress] = await Promise.all([
    store.hit(emailKey, resetLimits.windowMs),
    addressKey ? store.hit(addressKey, resetLimits.windowMs) : Promise.resolve(0),
  ]);
  if (forEmail > resetLimits.perEmail || forAddress > resetLimits.perAddress) {
    throw new AppError("RATE_LIMITED", "Too many reset requests; try again in 15 minutes");
  }
  await transact(deps, async (tx) => {
    const [account] = await tx
      .select({ id: accounts.id, email: accounts.email, displayName: accounts.displayName, locale: accounts.locale })
      .from(accounts)
      .where(sql`lower(${accounts.email}) = ${input.email}`);
    if (!account) return;
    const reset = await issueReset(deps, tx, account.id, null, resetLimits.selfServiceMinutes);
    await queueAccountMail(tx, deps.mail ?? null, {
      kind: "passwordReset",
      recipientId: account.id,
      to: account.email,
      name: account.displayName,
      locale: account.locale,
      path: reset.path,
      expiresAt: reset.expiresAt,
    });
  });
  const wait = resetLimits.answerAfterMs - (Date.now() - started);
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  return { requested: true as const };
}

/** An admin sends a reset link (by mail when mail is on; the link is also returned to pass on by hand). */
export async function sendPasswordReset(deps: ServiceDeps, actor: SessionUser, accountId: number) {
  return transact(deps, async (tx) => {
    const [account] = await tx.select().from(accounts).where(eq(accounts.id, accountId));
    if (!account) throw new AppError("ACCOUNT_NOT_FOUND", "That account does not exist");
    const reset = await issueReset(deps, tx, account.id, actor.id, resetLimits.adminSentMinutes);
    const mailed = await queueAccountMail(tx, deps.mail ?? null, {
      kind: "passwordReset",
      recipientId: account.id,
      to: account.email,
      name: account.displayName,
      locale: account.locale,
      path: reset.path,
      expiresAt: reset.expiresAt,
    });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "account.password-reset-sent",
      targetType: "account",
      targetId: account.id,
      after: { expiresAt: reset.expiresAt.toISOString(), mailed },
    });
    return { path: reset.path, expiresAt: reset.expiresAt, mailed };
  });
}

function assertUsable(row: { usedAt: Date | null; expiresAt: Date } | undefined, now: Date): asserts row {
  if (!row) throw new AppError("RESET_LINK_INVALID", "This password reset link is not valid");
  if (row.usedAt) throw new AppError("RESET_LINK_USED", "This password reset link has already been used");
  if (row.expiresAt <= now)
    throw new AppError("RESET_LINK_EXPIRED", "This password reset link has expired; ask for a new one");
}

/** Whether a link can still be used, so the page can say so before the person types a password. */
export async function checkResetLink(deps: ServiceDeps, token: string) {
  const [row] = await deps.db
    .select({ usedAt: passwordResets.usedAt, expiresAt: passwordResets.expiresAt })
    .from(passwordResets)
    .where(eq(passwordResets.tokenHash, hashResetToken(token)));
  assertUsable(row, deps.now());
  return { expiresAt: row.expiresAt };
}

/**
 * Sets the new password through the same path as a password change (so every session ends), uses
 * up this link and any other open link of the person, and lifts a sign-in lockout: the reset is how
 * a locked-out person gets back in.
 */
export async function resetPassword(deps: ServiceDeps, input: z.output<typeof resetPasswordInput>) {
  const result = await transact(deps, async (tx, emit) => {
    // Locking the row makes two uses of one link race to a single winner.
    const [row] = await tx
      .select()
      .from(passwordResets)
      .where(eq(passwordResets.tokenHash, hashResetToken(input.token)))
      .for("update");
    assertUsable(row, deps.now());
    const [account] = await tx
      .select({ id: accounts.id, email: accounts.email })
      .from(accounts)
      .where(eq(accounts.id, row.accountId));
    if (!account) throw new AppError("RESET_LINK_INVALID", "This password reset link is not valid");
    await tx
      .update(passwordResets)
      .set({ usedAt: deps.now() })
      .where(and(eq(passwordResets.accountId, account.id), isNull(passwordResets.usedAt)));
    await storeNewPassword(deps, tx, emit, account.id, input.newPassword, "password-reset");
    await recordAudit(tx, {
      actorId: account.id,
      action: "account.password-reset",
      targetType: "account",
      targetId: account.id,
      after: { sentBy: row.requestedById },
    });
    return { email: account.email };
  });
  await deps.rateLimits?.reset(`signin:account:${result.email.toLowerCase()}`, signInLimits.windowMs);
  return { email: result.email };
}

/**
 * What the sign-in and forgot-password pages tell a person who cannot get in: whether reset links
 * are mailed, and when they are not, whom to ask (administrators' names and organisations, no
 * addresses, since the page is public).
 */
export async function recoveryHelp(deps: Pick<ServiceDeps, "db" | "mail" | "now">) {
  if (deps.mail) return { mail: true as const, admins: [] };
  const admins = await deps.db
    .select({ displayName: accounts.displayName, organisation: accounts.organisation })
    .from(accounts)
    .where(and(eq(accounts.role, "admin"), notSuspendedAt(deps.now())))
    .orderBy(asc(accounts.id))
    .limit(5);
  return { mail: false as const, admins };
}

import { eq } from "drizzle-orm";
import type { z } from "zod";
import { accounts } from "@/db/schema";
import type { SessionUser } from "@/server/infra/auth/session";
import type { liftInput, suspendInput } from "./contract";
import { accountActionRefusal, indefiniteSuspensionUntil } from "./rules/moderation";
import { AppError } from "@/server/errors";
import { recordAudit } from "@/server/infra/audit";
import type { ServiceDeps } from "@/server/infra/deps";
import { recordModerationAction, refuse } from "./moderation-actions";
import { endSessions } from "@/server/infra/auth/sessions";
import { transact } from "@/server/infra/transact";
import { streamKey } from "@/server/domain/stream-access";
import { isSuspended } from "@/server/domain/time-states";
import { answeredWithListedAccount, listedAccount } from "@/server/features/accounts";
import { queueAuthorChange } from "./moderation-queue";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * Suspends an account for some days or until lifted. The person's sessions end and their open
 * sockets are cut in the same step (their session rows are revoked, `session:revoked` goes to their
 * stream), and every later request finds the session ended and the account suspended.
 */
export function suspendAccount(deps: ServiceDeps, actor: SessionUser, input: z.output<typeof suspendInput>) {
  return answeredWithListedAccount(deps, actor, suspend(deps, actor, input));
}

async function suspend(deps: ServiceDeps, actor: SessionUser, input: z.output<typeof suspendInput>) {
  return transact(deps, async (tx, emit) => {
    const [subject] = await tx.select().from(accounts).where(eq(accounts.id, input.accountId)).for("update");
    if (!subject) throw new AppError("ACCOUNT_NOT_FOUND", "That account does not exist");
    refuse(accountActionRefusal(actor, subject));
    const now = deps.now();
    const until = input.days === null ? indefiniteSuspensionUntil : new Date(now.getTime() + input.days * 86_400_000);
    await tx
      .update(accounts)
      .set({ suspendedUntil: until, suspensionReason: input.reason, updatedAt: now })
      .where(eq(accounts.id, subject.id));
    await endSessions(tx, emit, subject.id, "suspended");
    await recordModerationAction(tx, {
      action: "suspend",
      targetType: "account",
      targetId: subject.id,
      subjectAccountId: subject.id,
      actorId: actor.id,
      reason: input.reason,
      now,
    });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "account.suspend",
      targetType: "account",
      targetId: subject.id,
      reason: input.reason,
      before: {
        suspendedUntil: iso(isSuspended(subject.suspendedUntil, now) ? subject.suspendedUntil : null),
      },
      after: { suspendedUntil: until.toISOString(), indefinite: input.days === null },
    });
    await emit(streamKey({ kind: "moderation" }), "account:suspended", {
      accountId: subject.id,
      author: await queueAuthorChange(tx, subject.id),
    });
    // The admin's accounts list follows the admin stream: the account's row as it lists it now.
    await emit(streamKey({ kind: "admin" }), "account:updated", {
      accountId: subject.id,
      account: await listedAccount(tx, subject.id, now),
    });
    return { accountId: subject.id, suspendedUntil: until, indefinite: input.days === null };
  });
}

/** Answered with the account's admin-list row when an admin lifts it (the admin's accounts panel). */
export function liftSuspension(deps: ServiceDeps, actor: SessionUser, input: z.output<typeof liftInput>) {
  return answeredWithListedAccount(deps, actor, lift(deps, actor, input));
}

async function lift(deps: ServiceDeps, actor: SessionUser, input: z.output<typeof liftInput>) {
  return transact(deps, async (tx, emit) => {
    const [subject] = await tx.select().from(accounts).where(eq(accounts.id, input.accountId)).for("update");
    if (!subject) throw new AppError("ACCOUNT_NOT_FOUND", "That account does not exist");
    refuse(accountActionRefusal(actor, subject));
    const now = deps.now();
    if (!isSuspended(subject.suspendedUntil, now))
      throw new AppError("NOTHING_TO_RESOLVE", "That account is not suspended");
    await tx
      .update(accounts)
      .set({ suspendedUntil: null, suspensionReason: null, updatedAt: now })
      .where(eq(accounts.id, subject.id));
    await recordModerationAction(tx, {
      action: "lift",
      targetType: "account",
      targetId: subject.id,
      subjectAccountId: subject.id,
      actorId: actor.id,
      reason: input.reason,
      now,
    });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "account.lift",
      targetType: "account",
      targetId: subject.id,
      reason: input.reason,
      before: { suspendedUntil: iso(subject.suspendedUntil), suspensionReason: subject.suspensionReason },
      after: { suspendedUntil: null },
    });
    await emit(streamKey({ kind: "moderation" }), "account:lifted", {
      accountId: subject.id,
      author: await queueAuthorChange(tx, subject.id),
    });
    // The admin's accounts list follows the admin stream: the account's row as it lists it now.
    await emit(streamKey({ kind: "admin" }), "account:updated", {
      accountId: subject.id,
      account: await listedAccount(tx, subject.id, now),
    });
    return { accountId: subject.id, suspendedUntil: null };
  });
}

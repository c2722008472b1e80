import { desc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { emailOutbox } from "@/db/schema";
import { AppError } from "../../errors";
import { recordAudit } from "../../infra/audit";
import { retryTransaction, type TransactDeps } from "../../infra/transact";

/** Mail by delivery state for admins: who it was for, what, how often tried and why it failed. */
export async function listMail(deps: { db: Db }, status: "failed" | "pending" | "sent", limit: number) {
  return deps.db
    .select({
      id: emailOutbox.id,
      toAddress: emailOutbox.toAddress,
      subject: emailOutbox.subject,
      status: emailOutbox.status,
      attempts: emailOutbox.attempts,
      lastError: emailOutbox.lastError,
      nextAttemptAt: emailOutbox.nextAttemptAt,
      sentAt: emailOutbox.sentAt,
      createdAt: emailOutbox.createdAt,
    })
    .from(emailOutbox)
    .where(eq(emailOutbox.status, status))
    .orderBy(desc(emailOutbox.id))
    .limit(limit);
}

/** Puts a failed mail back in the queue from the start of its retry schedule (audited). */
export async function retryMail(
  deps: Pick<TransactDeps, "db" | "onTransactionRetry"> & { now: () => Date },
  actor: { id: number },
  mailId: number,
) {
  await retryTransaction(deps, async (tx) => {
    const [row] = await tx
      .update(emailOutbox)
      .set({ status: "pending", attempts: 0, nextAttemptAt: deps.now(), lastError: null })
      .where(eq(emailOutbox.id, mailId))
      .returning({ id: emailOutbox.id, to: emailOutbox.toAddress });
    if (!row) throw new AppError("NOT_FOUND", "That mail does not exist");
    await recordAudit(tx, { actorId: actor.id, action: "mail.retry", targetType: "mail", targetId: mailId });
  });
}

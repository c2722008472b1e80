import { and, asc, eq, lte, sql } from "drizzle-orm";
import type { Transporter } from "nodemailer";
import type { Logger } from "pino";
import type { Db } from "@/db/client";
import { emailOutbox } from "@/db/schema";
import { maxEmailAttempts, retryDelayMs } from "@/server/domain/notification-delivery";
import { startPoller, type Poller } from "../jobs/poller";
import { retryTransaction } from "../transact";

export interface EmailWorkerDeps {
  db: Db;
  transport: Pick<Transporter, "sendMail">;
  from: string;
  now: () => Date;
  logger?: Pick<Logger, "warn" | "error" | "info">;
}

/** How long a claimed mail is left alone, so a second process does not send it while the first is on it. */
const leaseMs = 5 * 60_000;

/**
 * Sends what is due in `email_outbox`. Rows are claimed in a short transaction (SKIP LOCKED, then
 * pushed past a lease), sent outside any transaction, and then marked sent, or given a later attempt
 * with backoff; after `maxEmailAttempts` a row is marked failed with the last error and logged as an
 * error, which is how giving up shows. Returns how many were sent.
 */
export async function sendDueEmails(deps: EmailWorkerDeps, batch = 20): Promise<number> {
  const now = deps.now();
  // Only the claim is retried: the mail is sent after it commits.
  const claimed = await retryTransaction(deps, async (tx) => {
    const rows = await tx
      .select()
      .from(emailOutbox)
      .where(and(eq(emailOutbox.status, "pending"), lte(emailOutbox.nextAttemptAt, now)))
      .orderBy(asc(emailOutbox.nextAttemptAt))
      .limit(batch)
      .for("update", { skipLocked: true });
    for (const row of rows) {
      await tx
        .update(emailOutbox)
        .set({ nextAttemptAt: new Date(now.getTime() + leaseMs), attempts: sql`${emailOutbox.attempts} + 1` })
        .where(eq(emailOutbox.id, row.id));
    }
    return rows;
  });
  let sent = 0;
  for (const row of claimed) {
    const attempts = row.attempts + 1;
    try {
      await deps.transport.sendMail({
        from: deps.from,
        to: row.toAddress,
        subject: row.subject,
        text: row.textBody,
        html: row.htmlBody,
        headers: row.headers,
      });
      await deps.db
        .update(emailOutbox)
        .set({ status: "sent", sentAt: deps.now(), lastError: null })
        .where(eq(emailOutbox.id, row.id));
      sent += 1;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (attempts >= maxEmailAttempts) {
        await deps.db
          .update(emailOutbox)
          .set({ status: "failed", lastError: message })
          .where(eq(emailOutbox.id, row.id));
        deps.logger?.error({ emailId: row.id, attempts, err: message }, "gave up sending a notification email");
      } else {
        await deps.db
          .update(emailOutbox)
          .set({ lastError: message, nextAttemptAt: new Date(deps.now().getTime() + retryDelayMs(attempts)) })
          .where(eq(emailOutbox.id, row.id));
        deps.logger?.warn(
          { emailId: row.id, attempts, err: message },
          "could not send a notification email; will retry",
        );
      }
    }
  }
  return sent;
}

/** Sends due mail every `intervalMs` (and drains the queue when there is more than one batch). */
export function startEmailWorker(deps: EmailWorkerDeps & { intervalMs?: number }): Poller {
  const drain = async () => {
    while ((await sendDueEmails(deps)) > 0);
  };
  return startPoller(drain, deps.intervalMs ?? 5_000, (error) =>
    deps.logger?.warn({ err: error }, "email pass failed; retrying"),
  );
}

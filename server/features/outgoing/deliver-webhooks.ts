import { and, asc, eq, lte, sql } from "drizzle-orm";
import type { Logger } from "pino";
import type { Db } from "@/db/client";
import { webhookDeliveries, webhooks } from "@/db/schema";
import { openSecret } from "@/server/infra/auth/sealed-secret";
import { retryTransaction } from "@/server/infra/transact";
import { sealPurpose } from "./manage-webhooks";
import { maxWebhookAttempts, webhookAccepted, webhookRequest, webhookRetryDelayMs, type WebhookNotice } from "./rules";

export interface DeliverDeps {
  db: Db;
  now: () => Date;
  authSecret: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  logger?: Pick<Logger, "warn" | "error">;
}

/** A claimed delivery is left alone this long, so a second process does not post it while the first is on it. */
const leaseMs = 2 * 60_000;

/**
 * Posts what is due. Rows are claimed in a short transaction (SKIP LOCKED, pushed past a lease, the
 * attempt counted), posted outside it, then marked sent or given a later attempt; after
 * `maxWebhookAttempts` a delivery is failed and stays in the log with its last error for an admin
 * to send again. Returns how many were sent.
 */
export async function sendDueWebhooks(deps: DeliverDeps, batch = 20): Promise<number> {
  const now = deps.now();
  // Only the claim is retried: the posts happen after it commits.
  const claimed = await retryTransaction(deps, async (tx) => {
    const rows = await tx
      .select({ delivery: webhookDeliveries, hook: webhooks })
      .from(webhookDeliveries)
      .innerJoin(webhooks, eq(webhooks.id, webhookDeliveries.webhookId))
      .where(and(eq(webhookDeliveries.status, "pending"), lte(webhookDeliveries.nextAttemptAt, now)))
      // Queued in one pass, notices share a due time: by id they go out in the order their events happened
      // (a chat group reads "vote opened" before "vote closed").
      .orderBy(asc(webhookDeliveries.nextAttemptAt), asc(webhookDeliveries.id))
      .limit(batch)
      .for("update", { of: webhookDeliveries, skipLocked: true });
    for (const { delivery } of rows)
      await tx
        .update(webhookDeliveries)
        .set({ nextAttemptAt: new Date(now.getTime() + leaseMs), attempts: sql`${webhookDeliveries.attempts} + 1` })
        .where(eq(webhookDeliveries.id, delivery.id));
    return rows;
  });
  const post = deps.fetch ?? fetch;
  let sent = 0;
  for (const { delivery, hook } of claimed) {
    const attempts = delivery.attempts + 1;
    let outcome: { ok: boolean; error?: string; status?: number };
    const url = openSecret(sealPurpose, hook.urlSealed, deps.authSecret);
    const secret = hook.secretSealed ? openSecret(sealPurpose, hook.secretSealed, deps.authSecret) : null;
    if (url === null || (hook.secretSealed && secret === null)) {
      outcome = { ok: false, error: "the stored address or secret can no longer be read (auth secret changed?)" };
    } else {
      const request = webhookRequest(
        hook.format,
        delivery.notice as WebhookNotice,
        { url, secret, deliveryId: delivery.id, locale: hook.locale },
        deps.now().getTime(),
      );
      try {
        const response = await post(request.url, {
          method: "POST",
          headers: request.headers,
          body: request.body,
          redirect: "manual",
          signal: AbortSignal.timeout(deps.timeoutMs ?? 10_000),
        });
        const text = await response.text().catch(() => "");
        outcome = { ...webhookAccepted(hook.format, response.status, text), status: response.status };
      } catch (error) {
        outcome = { ok: false, error: error instanceof Error ? error.message : String(error) };
      }
    }
    if (outcome.ok) {
      await deps.db
        .update(webhookDeliveries)
        .set({ status: "sent", sentAt: deps.now(), lastError: null, lastHttpStatus: outcome.status ?? null })
        .where(eq(webhookDeliveries.id, delivery.id));
      sent += 1;
      continue;
    }
    const failed = attempts >= maxWebhookAttempts;
    await deps.db
      .update(webhookDeliveries)
      .set({
        status: failed ? "failed" : "pending",
        lastError: (outcome.error ?? "failed").slice(0, 500),
        lastHttpStatus: outcome.status ?? null,
        nextAttemptAt: new Date(deps.now().getTime() + webhookRetryDelayMs(attempts)),
      })
      .where(eq(webhookDeliveries.id, delivery.id));
    const log = { webhookId: hook.id, deliveryId: delivery.id, attempts, err: outcome.error };
    if (failed) deps.logger?.error(log, "gave up posting a webhook notice");
    else deps.logger?.warn(log, "could not post a webhook notice; will retry");
  }
  return sent;
}

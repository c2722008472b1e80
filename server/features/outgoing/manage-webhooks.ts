import { randomBytes } from "node:crypto";
import { desc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { webhookDeliveries, webhooks } from "@/db/schema";
import type { WebhookFormat } from "@/shared/webhook-vocabulary";
import { openSecret, sealSecret } from "@/server/infra/auth/sealed-secret";
import { AppError, type AppErrorReason } from "../../errors";
import { recordAudit } from "../../infra/audit";
import { retryTransaction, type TransactDeps } from "../../infra/transact";
import type { WebhookInput } from "./contract";
import { testNotice } from "./queue-notices";
import { webhookUrlHint, webhookUrlProblem, type UrlProblem, type WebhookNotice } from "./rules";

export interface OutgoingDeps {
  db: Db;
  now: () => Date;
  authSecret: string;
  /** Tests and closed installations may post to loopback and private addresses over plain HTTP. */
  allowPrivateUrls: boolean;
  onTransactionRetry?: TransactDeps["onTransactionRetry"];
}

export const sealPurpose = "webhook";

const urlReasons: Record<UrlProblem, AppErrorReason> = {
  malformed: "WEBHOOK_URL_MALFORMED",
  insecure: "WEBHOOK_URL_INSECURE",
  credentials: "WEBHOOK_URL_CREDENTIALS",
  private: "WEBHOOK_URL_PRIVATE",
  wrongHost: "WEBHOOK_URL_WRONG_HOST",
};

function checkUrl(deps: OutgoingDeps, url: string, format: WebhookFormat): void {
  const problem = webhookUrlProblem(url, format, deps.allowPrivateUrls);
  if (problem) throw new AppError(urlReasons[problem], `The webhook address was refused (${problem})`);
}

/** What admins see of a webhook: never its address or secret, only a masked hint. */
const listed = {
  id: webhooks.id,
  name: webhooks.name,
  format: webhooks.format,
  urlHint: webhooks.urlHint,
  hasSecret: webhooks.secretSealed,
  locale: webhooks.locale,
  regionId: webhooks.regionId,
  forumId: webhooks.forumId,
  kinds: webhooks.kinds,
  active: webhooks.active,
  createdAt: webhooks.createdAt,
};

export async function listWebhooks(deps: Pick<OutgoingDeps, "db">) {
  const rows = await deps.db.select(listed).from(webhooks).orderBy(webhooks.id);
  return rows.map((row) => ({ ...row, hasSecret: row.hasSecret !== null }));
}

/**
 * Creates a webhook. A generic one always signs: without a secret given, one is made and returned
 * once (`secretShown`), the only time anyone sees it.
 */
export async function createWebhook(deps: OutgoingDeps, actor: { id: number }, input: WebhookInput) {
  checkUrl(deps, input.url, input.format);
  const made = input.format === "generic" && !input.secret ? randomBytes(24).toString("base64url") : null;
  const secret = input.secret || made;
  // Only database writes inside (sealing is pure): a retried attempt is the same create.
  return retryTransaction(deps, async (tx) => {
    const [row] = await tx
      .insert(webhooks)
      .values({
        name: input.name,
        format: input.format,
        urlSealed: sealSecret(sealPurpose, input.url, deps.authSecret),
        urlHint: webhookUrlHint(input.url),
        secretSealed: secret ? sealSecret(sealPurpose, secret, deps.authSecret) : null,
        locale: input.locale,
        regionId: input.regionId,
        forumId: input.forumId,
        kinds: input.kinds,
        active: input.active,
        createdBy: actor.id,
        createdAt: deps.now(),
        updatedAt: deps.now(),
      })
      .returning({ id: webhooks.id });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "webhook.create",
      targetType: "webhook",
      targetId: row!.id,
      after: { name: input.name, format: input.format, url: webhookUrlHint(input.url), kinds: input.kinds },
    });
    return { id: row!.id, secretShown: made };
  });
}

export async function updateWebhook(deps: OutgoingDeps, actor: { id: number }, webhookId: number, input: WebhookInput) {
  if (input.url) checkUrl(deps, input.url, input.format);
  return retryTransaction(deps, async (tx) => {
    const [before] = await tx.select().from(webhooks).where(eq(webhooks.id, webhookId)).for("update");
    if (!before) throw new AppError("NOT_FOUND", "That webhook does not exist");
    if (!input.url) {
      // The stored address must still suit a changed format (a WeCom URL is no DingTalk bot).
      const stored = openSecret(sealPurpose, before.urlSealed, deps.authSecret);
      if (stored === null) throw new AppError("WEBHOOK_URL_MALFORMED", "The stored address can no longer be read");
      checkUrl(deps, stored, input.format);
    }
    await tx
      .update(webhooks)
      .set({
        name: input.name,
        format: input.format,
        ...(input.url
          ? { urlSealed: sealSecret(sealPurpose, input.url, deps.authSecret), urlHint: webhookUrlHint(input.url) }
          : {}),
        ...(input.secret ? { secretSealed: sealSecret(sealPurpose, input.secret, deps.authSecret) } : {}),
        locale: input.locale,
        regionId: input.regionId,
        forumId: input.forumId,
        kinds: input.kinds,
        active: input.active,
        updatedAt: deps.now(),
      })
      .where(eq(webhooks.id, webhookId));
    await recordAudit(tx, {
      actorId: actor.id,
      action: "webhook.update",
      targetType: "webhook",
      targetId: webhookId,
      before: {
        name: before.name,
        format: before.format,
        url: before.urlHint,
        kinds: before.kinds,
        active: before.active,
      },
      after: {
        name: input.name,
        format: input.format,
        url: input.url ? webhookUrlHint(input.url) : before.urlHint,
        kinds: input.kinds,
        active: input.active,
        secretChanged: Boolean(input.secret),
      },
    });
  });
}

export async function deleteWebhook(deps: OutgoingDeps, actor: { id: number }, webhookId: number) {
  await retryTransaction(deps, async (tx) => {
    const [gone] = await tx.delete(webhooks).where(eq(webhooks.id, webhookId)).returning();
    if (!gone) throw new AppError("NOT_FOUND", "That webhook does not exist");
    await recordAudit(tx, {
      actorId: actor.id,
      action: "webhook.delete",
      targetType: "webhook",
      targetId: webhookId,
      before: { name: gone.name, format: gone.format, url: gone.urlHint },
    });
  });
}

/** Queues a test notice, sent by the worker like any other (so it shows the real path works). */
export async function queueTestNotice(deps: OutgoingDeps & { baseUrl: string | null }, webhookId: number) {
  const [hook] = await deps.db
    .select({ id: webhooks.id, locale: webhooks.locale })
    .from(webhooks)
    .where(eq(webhooks.id, webhookId));
  if (!hook) throw new AppError("NOT_FOUND", "That webhook does not exist");
  const notice = testNotice(hook.locale === "en" ? "en" : "zh-CN", deps.baseUrl, deps.now());
  const [row] = await deps.db
    .insert(webhookDeliveries)
    .values({ webhookId, eventId: null, kind: "test", notice, nextAttemptAt: deps.now() })
    .returning({ id: webhookDeliveries.id });
  return { deliveryId: row!.id };
}

export async function listDeliveries(deps: Pick<OutgoingDeps, "db">, webhookId: number | null, limit: number) {
  return deps.db
    .select({
      id: webhookDeliveries.id,
      webhookId: webhookDeliveries.webhookId,
      webhookName: webhooks.name,
      kind: webhookDeliveries.kind,
      title: webhookDeliveries.notice,
      status: webhookDeliveries.status,
      attempts: webhookDeliveries.attempts,
      lastError: webhookDeliveries.lastError,
      lastHttpStatus: webhookDeliveries.lastHttpStatus,
      nextAttemptAt: webhookDeliveries.nextAttemptAt,
      sentAt: webhookDeliveries.sentAt,
      createdAt: webhookDeliveries.createdAt,
    })
    .from(webhookDeliveries)
    .innerJoin(webhooks, eq(webhooks.id, webhookDeliveries.webhookId))
    .where(webhookId === null ? undefined : eq(webhookDeliveries.webhookId, webhookId))
    .orderBy(desc(webhookDeliveries.id))
    .limit(limit)
    .then((rows) => rows.map((row) => ({ ...row, title: (row.title as WebhookNotice).title })));
}

/** Sends a failed delivery again from the start of its retry schedule. */
export async function retryDelivery(deps: OutgoingDeps, actor: { id: number }, deliveryId: number) {
  await retryTransaction(deps, async (tx) => {
    const [row] = await tx
      .update(webhookDeliveries)
      .set({ status: "pending", attempts: 0, nextAttemptAt: deps.now(), lastError: null })
      .where(eq(webhookDeliveries.id, deliveryId))
      .returning({ webhookId: webhookDeliveries.webhookId });
    if (!row) throw new AppError("NOT_FOUND", "That delivery does not exist");
    await recordAudit(tx, {
      actorId: actor.id,
      action: "webhook.retry",
      targetType: "webhook",
      targetId: row.webhookId,
      after: { deliveryId },
    });
  });
}

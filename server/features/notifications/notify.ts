import { and, eq, inArray, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { accounts, emailOutbox, notificationPreferences, type Notification } from "@/db/schema";
import { intArray, queryRows } from "@/db/sql";
import { deliveryFor, digestSlot, preferenceFor, type Delivery } from "@/server/domain/notification-delivery";
import type { DeliveryPreference, NotificationKind } from "@/shared/notification-kinds";
import { renderMail } from "./email-render";
import { scheduleJob } from "@/server/infra/jobs/scheduled-jobs";
import type { Emit } from "@/server/infra/transact";
import { streamKey } from "@/server/domain/stream-access";

/** One thing one person should be told. */
export interface NotificationDraft {
  recipientId: number;
  kind: NotificationKind;
  /** Who caused it; never notified of their own action. Null for the platform (scheduler, closing time). */
  actorId: number | null;
  /** Page path the item links to, e.g. `/topics/4#comment-81`. */
  link: string;
  /** Message parameters: `where` (title), `actor` (name), `status`, `closesAt` (ISO), `reason`, `answer`. */
  params: Record<string, string | number>;
  /** A trigger that may run twice (a reminder after a restart) gives a key; a second row with it is not written. */
  dedupeKey?: string;
}

export const digestJobKind = "digest";

/**
 * Records notifications inside the caller's transaction, so they commit or roll back with their
 * cause. Call it from a service's `transact(deps, (tx, emit) => …)`:
 *
 *   await notify(tx, emit, [{ recipientId, kind: "content_hidden", actorId: moderator.id, link, params: { where, reason } }]);
 *
 * One call is one cause: a person named by several drafts gets only the first (order drafts by
 * importance: a reply before a mention before a followed thread). It skips the actor, applies each
 * person's preferences, drops rows whose dedupe key exists, writes the rows, queues immediate mail in
 * `email_outbox` (sent after commit by the mail worker, so a failing mail server never undoes the
 * cause), marks daily-digest items and schedules the digest, and emits `notification:created` on
 * `user:<id>`, the recipient's own stream. Returns the rows written.
 */
export async function notify(tx: Tx, emit: Emit, drafts: NotificationDraft[]) {
  const byRecipient = new Map<number, NotificationDraft>();
  for (const draft of drafts) {
    if (draft.recipientId === draft.actorId || byRecipient.has(draft.recipientId)) continue;
    byRecipient.set(draft.recipientId, draft);
  }
  if (byRecipient.size === 0) return [];
  const recipientIds = [...byRecipient.keys()];
  const kinds = [...new Set([...byRecipient.values()].map((d) => d.kind))];

  const stored = new Map<number, Map<NotificationKind, DeliveryPreference>>();
  const preferenceRows = await tx
    .select()
    .from(notificationPreferences)
    .where(
      and(
        sql`${notificationPreferences.accountId} = any(${intArray(recipientIds)}::int[])`,
        inArray(notificationPreferences.kind, kinds),
      ),
    );
  for (const row of preferenceRows) {
    const own = stored.get(row.accountId) ?? new Map<NotificationKind, DeliveryPreference>();
    own.set(row.kind, { inApp: row.inApp, email: row.email });
    stored.set(row.accountId, own);
  }

  const mail = emit.mail;
  const planned: Array<{ draft: NotificationDraft; delivery: Delivery }> = [];
  for (const draft of byRecipient.values()) {
    const delivery = deliveryFor(preferenceFor(draft.kind, stored.get(draft.recipientId)), mail !== null);
    if (delivery) planned.push({ draft, delivery });
  }
  if (planned.length === 0) return [];

  const written = await insertNotifications(tx, planned);

  const deliveryOf = new Map(planned.map((p) => [p.draft.recipientId, p.delivery]));
  const mailTo = written.filter((row) => deliveryOf.get(row.recipientId)?.email === "immediate");
  if (mail && mailTo.length > 0) {
    const people = await tx
      .select({ id: accounts.id, email: accounts.email, displayName: accounts.displayName, locale: accounts.locale })
      .from(accounts)
      .where(
        inArray(
          accounts.id,
          mailTo.map((r) => r.recipientId),
        ),
      );
    const personOf = new Map(people.map((p) => [p.id, p]));
    const mails = mailTo.flatMap((row) => {
      const person = personOf.get(row.recipientId);
      if (!person) return [];
      const rendered = renderMail(mail, person, [row]);
      return [
        {
          recipientId: person.id,
          notificationId: row.id,
          toAddress: person.email,
          locale: person.locale,
          subject: rendered.subject,
          textBody: rendered.text,
          htmlBody: rendered.html,
          headers: rendered.headers,
        },
      ];
    });
    if (mails.length > 0) await tx.insert(emailOutbox).values(mails);
  }
  for (const row of written) {
    if (!row.digestPending) continue;
    const slot = digestSlot(row.createdAt);
    await scheduleJob(tx, {
      kind: digestJobKind,
      key: `${row.recipientId}:${slot.day}`,
      dueAt: slot.dueAt,
      payload: { accountId: row.recipientId, day: slot.day },
    });
  }
  await emit.all(
    written
      .filter((row) => row.inApp)
      .map((row) => ({
        stream: streamKey({ kind: "user", id: row.recipientId }),
        type: "notification:created",
        payload: {
          id: row.id,
          kind: row.kind,
          link: row.link,
          params: row.params,
          createdAt: row.createdAt.toISOString(),
        },
      })),
  );
  return written;
}

/**
 * The rows in one statement with one JSON parameter: bound as rows of parameters (eight per row),
 * PGlite took longer over 2,000 voters' parameters than over their rows (bench/README.md,
 * Notifications). Rows whose dedupe key exists are skipped, as before. Only what the database
 * decides comes back (id, created_at); the rest is the draft's, matched by recipient, who is named
 * once per call (`notify` keeps one draft each): reading 2,000 rows' links and params back cost
 * PGlite more than writing them.
 */
async function insertNotifications(
  tx: Tx,
  planned: ReadonlyArray<{ draft: NotificationDraft; delivery: Delivery }>,
): Promise<Notification[]> {
  // One record per recipient, both the statement's parameter and (with id and time) the row it returns.
  const fields = planned.map(({ draft, delivery }) => ({
    recipientId: draft.recipientId,
    kind: draft.kind,
    actorId: draft.actorId,
    link: draft.link,
    params: draft.params,
    dedupeKey: draft.dedupeKey ?? null,
    inApp: delivery.inApp,
    digestPending: delivery.email === "daily",
  }));
  const inserted = await queryRows<{ id: string | number; recipient_id: number; created_at: Date | string }>(
    tx,
    sql`
    INSERT INTO notifications (recipient_id, kind, actor_id, link, params, dedupe_key, in_app, digest_pending)
    SELECT "recipientId", kind, "actorId", link, params, "dedupeKey", "inApp", "digestPending"
    FROM jsonb_to_recordset(${JSON.stringify(fields)}::jsonb) AS v(
      "recipientId" integer, kind notification_kind, "actorId" integer, link text, params jsonb,
      "dedupeKey" text, "inApp" boolean, "digestPending" boolean)
    ON CONFLICT (recipient_id, dedupe_key) DO NOTHING
    RETURNING id, recipient_id, created_at`,
  );
  const fieldsOf = new Map(fields.map((f) => [f.recipientId, f]));
  return inserted.flatMap((row) => {
    const own = fieldsOf.get(row.recipient_id);
    return own ? [{ id: Number(row.id), ...own, readAt: null, createdAt: new Date(row.created_at) }] : [];
  });
}

/** The names shown as `actor` in notification text. */
export async function displayNameOf(tx: Tx, accountId: number): Promise<string> {
  const [row] = await tx.select({ name: accounts.displayName }).from(accounts).where(eq(accounts.id, accountId));
  return row?.name ?? "";
}

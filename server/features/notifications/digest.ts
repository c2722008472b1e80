import { and, asc, eq } from "drizzle-orm";
import { accounts, emailOutbox, notifications } from "@/db/schema";
import type { JobHandler } from "@/server/infra/jobs/scheduled-jobs";
import { notificationKinds } from "@/shared/notification-kinds";
import { renderMail } from "./email-render";
import { digestJobKind } from "./notify";

/** A day's daily-digest items for one person as one mail; the items are marked so they go out once. */
const dailyDigest: JobHandler = async (tx, emit, job) => {
  const accountId = Number(job.payload.accountId);
  const day = String(job.payload.day);
  const items = await tx
    .select()
    .from(notifications)
    .where(and(eq(notifications.recipientId, accountId), eq(notifications.digestPending, true)))
    .orderBy(asc(notifications.id))
    .for("update");
  if (items.length === 0) return;
  await tx
    .update(notifications)
    .set({ digestPending: false })
    .where(and(eq(notifications.recipientId, accountId), eq(notifications.digestPending, true)));
  const mail = emit.mail;
  if (!mail) return;
  const [person] = await tx
    .select({ id: accounts.id, email: accounts.email, displayName: accounts.displayName, locale: accounts.locale })
    .from(accounts)
    .where(eq(accounts.id, accountId));
  if (!person) return;
  const known = items.filter((i) => (notificationKinds as readonly string[]).includes(i.kind));
  const rendered = renderMail(mail, person, known, day);
  await tx.insert(emailOutbox).values({
    recipientId: person.id,
    toAddress: person.email,
    locale: person.locale,
    subject: rendered.subject,
    textBody: rendered.text,
    htmlBody: rendered.html,
    headers: rendered.headers,
  });
};

/** The jobs notifications schedule (scheduled_jobs kinds → handler); createApp runs them with every other job. */
export const digestJobHandlers: Record<string, JobHandler> = {
  [digestJobKind]: dailyDigest,
};

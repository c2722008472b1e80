import { createTranslator, type AbstractIntlMessages } from "next-intl";
import type { Tx } from "@/db/client";
import { emailOutbox } from "@/db/schema";
import { catalogues } from "@/i18n/catalogue";
import type { Locale } from "@/shared/vocabulary";
import type { MailSettings } from "@/server/infra/mail/email-settings";
import { escapeHtml } from "@/server/features/notifications";

export type AccountMailKind = "passwordReset" | "invitation";

/**
 * Queues a mail carrying a one-time link (a password reset or an invitation) in the reader's
 * language, through the same outbox as notifications. Returns false when this installation sends no
 * mail, so the caller can say so (the admin then passes the link on another way).
 */
export async function queueAccountMail(
  tx: Tx,
  settings: MailSettings | null,
  mail: {
    kind: AccountMailKind;
    recipientId: number | null;
    to: string;
    name: string | null;
    locale: Locale;
    path: string;
    expiresAt: Date;
  },
): Promise<boolean> {
  if (!settings) return false;
  const translator = createTranslator({
    locale: mail.locale,
    messages: catalogues[mail.locale] as AbstractIntlMessages,
  });
  const t = (key: string, values?: Record<string, string>) =>
    translator(`recovery.mail.${mail.kind}.${key}` as never, values as never);
  const expires = new Intl.DateTimeFormat(mail.locale, {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: "Asia/Shanghai",
  }).format(mail.expiresAt);
  const url = `${settings.baseUrl.replace(/\/$/, "")}${mail.path}`;
  const greeting = mail.name ? translator("mail.greeting" as never, { name: mail.name } as never) : t("greeting");
  const lines = [greeting, "", t("body"), "", url, "", t("expires", { time: expires }), t("ignore"), ""];
  const html = [
    `<!doctype html><html lang="${mail.locale}"><body style="font-family:sans-serif;color:#0f172a">`,
    `<p>${escapeHtml(greeting)}</p><p>${escapeHtml(t("body"))}</p>`,
    `<p><a href="${escapeHtml(url)}">${escapeHtml(t("action"))}</a></p>`,
    `<p style="font-size:12px;color:#64748b">${escapeHtml(t("expires", { time: expires }))}<br>${escapeHtml(t("ignore"))}</p>`,
    "</body></html>",
  ].join("");
  await tx.insert(emailOutbox).values({
    recipientId: mail.recipientId,
    toAddress: mail.to,
    locale: mail.locale,
    subject: `[${translator("mail.subjectPrefix" as never)}] ${t("subject")}`,
    textBody: lines.join("\n"),
    htmlBody: html,
  });
  return true;
}

import { createTranslator, type AbstractIntlMessages } from "next-intl";
import { catalogues } from "@/i18n/catalogue";
import { unsubscribeToken } from "@/server/domain/notification-delivery";
import type { NotificationKind } from "@/shared/notification-kinds";
import { notificationText, type Translate } from "@/server/domain/notification-text";
import type { Locale } from "@/shared/vocabulary";
import type { MailSettings } from "@/server/infra/mail/email-settings";

export interface MailRecipient {
  id: number;
  displayName: string;
  locale: Locale;
}

export interface MailItem {
  kind: NotificationKind;
  link: string;
  params: Record<string, string | number>;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

const escapes: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => escapes[ch] ?? ch);

function translatorFor(locale: Locale): { t: Translate; time: (iso: string) => string } {
  const translator = createTranslator({ locale, messages: catalogues[locale] as AbstractIntlMessages });
  const t: Translate = (key, values) => translator(key as never, values as never);
  const format = new Intl.DateTimeFormat(locale, {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: "Asia/Shanghai",
  });
  return { t, time: (iso) => format.format(new Date(iso)) };
}

/**
 * One notification (or a day's, for a digest) as a mail in the recipient's language: a plain-text
 * part and an HTML part, links made absolute, and a one-click unsubscribe link (and the
 * List-Unsubscribe headers mail clients show as a button) for the kind it is about.
 */
export function renderMail(
  settings: MailSettings,
  recipient: MailRecipient,
  items: MailItem[],
  digestDay?: string,
): RenderedMail {
  const first = items[0];
  if (!first) throw new Error("A mail needs at least one notification");
  const { t, time } = translatorFor(recipient.locale);
  const base = settings.baseUrl.replace(/\/$/, "");
  const unsubscribeUrl = (kind: NotificationKind) =>
    `${base}/api/unsubscribe?token=${unsubscribeToken(settings.authSecret, recipient.id, kind)}`;
  const settingsUrl = `${base}/notifications/preferences`;
  const lines = items.map((item) => ({
    sentence: notificationText(t, item.kind, item.params, time),
    url: `${base}${item.link}`,
  }));
  const kinds = [...new Set(items.map((i) => i.kind))];
  const prefix = t("mail.subjectPrefix");
  const subject = digestDay
    ? `[${prefix}] ${t("mail.digestSubject", { count: items.length })}`
    : `[${prefix}] ${lines[0]!.sentence}`;

  const text = [
    t("mail.greeting", { name: recipient.displayName }),
    "",
    ...(digestDay ? [t("mail.digestIntro", { day: digestDay }), ""] : []),
    ...lines.flatMap((line) => [`${digestDay ? "- " : ""}${line.sentence}`, `  ${line.url}`, ""]),
    "--",
    ...kinds.map(
      (kind) => `${t(`notifications.kindNames.${kind}`)}: ${t("mail.unsubscribeHint", { url: unsubscribeUrl(kind) })}`,
    ),
    t("mail.settings", { url: settingsUrl }),
    "",
  ].join("\n");

  const html = [
    `<!doctype html><html lang="${recipient.locale}"><body style="font-family:sans-serif;color:#0f172a">`,
    `<p>${escapeHtml(t("mail.greeting", { name: recipient.displayName }))}</p>`,
    digestDay ? `<p>${escapeHtml(t("mail.digestIntro", { day: digestDay }))}</p>` : "",
    "<ul>",
    ...lines.map(
      (line) =>
        `<li><p>${escapeHtml(line.sentence)}<br><a href="${escapeHtml(line.url)}">${escapeHtml(t("mail.open"))}</a></p></li>`,
    ),
    "</ul>",
    '<hr><p style="font-size:12px;color:#64748b">',
    ...kinds.map(
      (kind) =>
        `${escapeHtml(t(`notifications.kindNames.${kind}`))}: <a href="${escapeHtml(unsubscribeUrl(kind))}">${escapeHtml(t("mail.unsubscribe"))}</a><br>`,
    ),
    `<a href="${escapeHtml(settingsUrl)}">${escapeHtml(t("notifications.preferencesLink"))}</a></p>`,
    "</body></html>",
  ].join("");

  return {
    subject,
    text,
    html,
    headers: {
      "List-Unsubscribe": `<${unsubscribeUrl(first.kind)}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    },
  };
}

import type { NotificationKind } from "@/shared/notification-kinds";

/** A next-intl translator over the whole catalogue (the page's `t`, or `createTranslator` for mail). */
export type Translate = (key: string, values?: Record<string, string | number>) => string;

/**
 * The sentence for one notification in the reader's language. The row stores parameters, not text,
 * so the same item reads in Chinese in the app and in English in an English reader's mail. Shared by
 * the notification centre and the mail renderer.
 */
export function notificationText(
  t: Translate,
  kind: NotificationKind,
  params: Record<string, string | number>,
  formatTime: (iso: string) => string,
): string {
  const values: Record<string, string | number> = {
    actor: t("notifications.someone"),
    where: "",
    reason: "—",
    answer: "declined",
    due: "—",
    achievement: "—",
    ...params,
  };
  if (typeof params.status === "string") values.status = t(`projects.statuses.${params.status}`);
  if (typeof params.closesAt === "string") values.closesAt = formatTime(params.closesAt);
  return t(`notifications.kinds.${kind}`, values);
}

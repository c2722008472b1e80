"use client";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import type { MeetingStatus } from "@/shared/meetings-vocabulary";
import { Badge } from "../../components/ui/card";
import { pick } from "../../lib/localized";

const tones: Record<MeetingStatus, "slate" | "brand" | "green" | "amber" | "red"> = {
  draft: "slate",
  scheduled: "brand",
  in_session: "green",
  minutes_pending: "amber",
  closed: "slate",
  cancelled: "red",
};

export function MeetingStatusBadge({ status }: { status: MeetingStatus }) {
  const t = useTranslations("meetings.status");
  return (
    <span data-testid="meeting-status">
      <Badge tone={tones[status]}>{t(status)}</Badge>
    </span>
  );
}

/** A bilingual pair of columns in the reader's language. */
export function usePick() {
  const locale = useLocale();
  return (row: object, field: string) => pick(locale, row as Record<string, unknown>, field);
}

/** Meetings are set in China time whatever the reader's clock says, so times are always shown in it. */
export function useChinaTime() {
  const format = useFormatter();
  const t = useTranslations("meetings");
  return {
    dateTime: (iso: string) =>
      format.dateTime(new Date(iso), { dateStyle: "medium", timeStyle: "short", timeZone: "Asia/Shanghai" }),
    time: (iso: string) => format.dateTime(new Date(iso), { timeStyle: "short", timeZone: "Asia/Shanghai" }),
    span: (startsAt: string, endsAt: string) =>
      t("span", {
        start: format.dateTime(new Date(startsAt), {
          dateStyle: "medium",
          timeStyle: "short",
          timeZone: "Asia/Shanghai",
        }),
        end: format.dateTime(new Date(endsAt), { timeStyle: "short", timeZone: "Asia/Shanghai" }),
      }),
  };
}

/** A text field's value from a submitted form ("" when absent). */
export function formText(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}

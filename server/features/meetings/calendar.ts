import { asc, inArray } from "drizzle-orm";
import ical, { ICalEventStatus } from "ical-generator";
import type { Db } from "@/db/client";
import { agendaItems, type Meeting } from "@/db/schema";
import type { SessionUser } from "../../infra/auth/session";
import type { Locale } from "@/shared/vocabulary";
import { readableMeeting } from "./meeting-state";

/**
 * Meetings as an iCalendar file (RFC 5545) for the reader's calendar: in the reader's language,
 * times as instants (UTC) so every calendar shows them right, cancelled meetings marked so. One
 * builder for the single-meeting download and the subscribed feeds, so both describe a meeting alike.
 */
export async function meetingsCalendar(
  db: Db,
  rows: readonly Meeting[],
  options: { locale: Locale; origin: string; name: string },
): Promise<string> {
  const en = options.locale === "en";
  const items = rows.length
    ? await db
        .select({
          meetingId: agendaItems.meetingId,
          titleZh: agendaItems.titleZh,
          titleEn: agendaItems.titleEn,
          durationMinutes: agendaItems.durationMinutes,
        })
        .from(agendaItems)
        .where(
          inArray(
            agendaItems.meetingId,
            rows.map((m) => m.id),
          ),
        )
        .orderBy(asc(agendaItems.meetingId), asc(agendaItems.position), asc(agendaItems.id))
    : [];
  const calendar = ical({
    name: options.name,
    prodId: { company: "Xietong", product: "meetings", language: en ? "EN" : "ZH" },
  });
  for (const meeting of rows) {
    const agenda = items.filter((item) => item.meetingId === meeting.id);
    const description = [
      en ? meeting.descriptionEn : meeting.descriptionZh,
      agenda.map((item, i) => `${i + 1}. ${en ? item.titleEn : item.titleZh} (${item.durationMinutes} min)`).join("\n"),
    ]
      .filter(Boolean)
      .join("\n\n");
    calendar.createEvent({
      // Stable across downloads and feeds, so a calendar updates the event instead of adding a second one.
      id: `meeting-${meeting.id}@xietong`,
      start: meeting.startsAt,
      end: meeting.endsAt,
      summary: en ? meeting.titleEn : meeting.titleZh,
      description,
      location: [meeting.place, meeting.onlineUrl].filter(Boolean).join(" · ") || null,
      url: `${options.origin}/meetings/${meeting.id}`,
      sequence: meeting.version,
      status: meeting.status === "cancelled" ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  return calendar.toString();
}

/** One meeting's .ics, read through the same visibility rule as the page. */
export async function meetingIcs(db: Db, user: SessionUser | null, meetingId: number, locale: Locale, origin: string) {
  const { meeting } = await readableMeeting(db, user, meetingId);
  const name = locale === "en" ? meeting.titleEn : meeting.titleZh;
  return {
    filename: `meeting-${meeting.id}.ics`,
    content: await meetingsCalendar(db, [meeting], { locale, origin, name }),
  };
}

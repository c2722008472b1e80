import ical, { ICalEventStatus } from "ical-generator";
import type { Db } from "@/db/client";
import type { SessionUser } from "../../infra/auth/session";
import type { Locale } from "@/shared/vocabulary";
import { agendaOf, readableMeeting } from "./meeting-state";

/**
 * One meeting as an iCalendar file (RFC 5545) for the reader's calendar: in the reader's language,
 * times as instants (UTC) so every calendar shows them right, cancelled meetings marked so.
 * Read through the same visibility rule as the page.
 */
export async function meetingIcs(db: Db, user: SessionUser | null, meetingId: number, locale: Locale, origin: string) {
  const { meeting } = await readableMeeting(db, user, meetingId);
  const agenda = await agendaOf(db, meeting.id);
  const en = locale === "en";
  const title = en ? meeting.titleEn : meeting.titleZh;
  const description = [
    en ? meeting.descriptionEn : meeting.descriptionZh,
    agenda.map((item, i) => `${i + 1}. ${en ? item.titleEn : item.titleZh} (${item.durationMinutes} min)`).join("\n"),
  ]
    .filter(Boolean)
    .join("\n\n");
  const url = `${origin}/meetings/${meeting.id}`;
  const calendar = ical({
    name: title,
    prodId: { company: "Xietong", product: "meetings", language: en ? "EN" : "ZH" },
  });
  calendar.createEvent({
    // Stable across downloads, so a calendar updates the event instead of adding a second one.
    id: `meeting-${meeting.id}@xietong`,
    start: meeting.startsAt,
    end: meeting.endsAt,
    summary: title,
    description,
    location: [meeting.place, meeting.onlineUrl].filter(Boolean).join(" · ") || null,
    url,
    sequence: meeting.version,
    status: meeting.status === "cancelled" ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  });
  return { filename: `meeting-${meeting.id}.ics`, content: calendar.toString() };
}

import { sql } from "drizzle-orm";
import { check, date, integer, pgEnum, pgTable, primaryKey, serial, text, timestamp } from "drizzle-orm/pg-core";
import { calendarDayKinds, pollAnswers } from "@/shared/meetings-vocabulary";
import { accounts } from "../core/accounts";
import { regions } from "../core/regions";
import { meetings } from "./meetings";

export const calendarDayKindEnum = pgEnum("calendar_day_kind", calendarDayKinds);
export const pollAnswerEnum = pgEnum("poll_answer", pollAnswers);

/**
 * Mainland China's public holidays and make-up working days (调休), one row per day. Seeded for the
 * current and next year (db/seed-calendar-days.ts); admins correct and extend it. A day absent here
 * is a working day from Monday to Friday and a rest day at the weekend.
 */
export const calendarDays = pgTable("calendar_days", {
  date: date("date", { mode: "string" }).primaryKey(),
  kind: calendarDayKindEnum("kind").notNull(),
  nameZh: text("name_zh").notNull(),
  nameEn: text("name_en").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
export type CalendarDayRow = typeof calendarDays.$inferSelect;

/** A meeting's time poll (one per meeting): open until its chair closes it by choosing a slot. */
export const meetingTimePolls = pgTable("meeting_time_polls", {
  meetingId: integer("meeting_id")
    .primaryKey()
    .references(() => meetings.id),
  createdById: integer("created_by_id")
    .notNull()
    .references(() => accounts.id),
  chosenSlotId: integer("chosen_slot_id"),
  closedAt: timestamp("closed_at", { withTimezone: true }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/** A candidate slot of a time poll. */
export const meetingPollSlots = pgTable(
  "meeting_poll_slots",
  {
    id: serial("id").primaryKey(),
    meetingId: integer("meeting_id")
      .notNull()
      .references(() => meetingTimePolls.meetingId),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    endsAt: timestamp("ends_at", { withTimezone: true }).notNull(),
  },
  (table) => [check("meeting_poll_slots_ends_after_start", sql`${table.endsAt} > ${table.startsAt}`)],
);
export type MeetingPollSlot = typeof meetingPollSlots.$inferSelect;

/** One person's answer for one slot; changed in place until the poll closes. */
export const meetingPollAnswers = pgTable(
  "meeting_poll_answers",
  {
    slotId: integer("slot_id")
      .notNull()
      .references(() => meetingPollSlots.id),
    accountId: integer("account_id")
      .notNull()
      .references(() => accounts.id),
    regionId: integer("region_id")
      .notNull()
      .references(() => regions.id),
    answer: pollAnswerEnum("answer").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.slotId, table.accountId] })],
);

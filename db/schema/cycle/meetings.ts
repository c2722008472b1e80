import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { attendanceModes, meetingKinds, meetingStatuses, speakerStates } from "@/shared/meetings-vocabulary";
import { pollKinds, pollStatuses, type PollAnswer, type PollOption, type PollTally } from "@/shared/meeting-polls";
import { accounts } from "../core/accounts";
import { ballotRuleEnum, ballots } from "../decisions/ballots";
import { topics } from "../decisions/deliberation";
import { opinionRounds } from "./opinions";
import { projects } from "../decisions/projects";
import { regions } from "../core/regions";

export const meetingKindEnum = pgEnum("meeting_kind", meetingKinds);
export const meetingStatusEnum = pgEnum("meeting_status", meetingStatuses);
export const attendanceModeEnum = pgEnum("attendance_mode", attendanceModes);
export const speakerStateEnum = pgEnum("speaker_state", speakerStates);

/**
 * A coordination meeting or an innovation forum. Its status moves only through the state machine of
 * server/features/meetings/rules.ts; `version` guards edits against a stale form.
 */
export const meetings = pgTable(
  "meetings",
  {
    id: serial("id").primaryKey(),
    kind: meetingKindEnum("kind").notNull(),
    status: meetingStatusEnum("status").notNull().default("draft"),
    titleZh: text("title_zh").notNull(),
    titleEn: text("title_en").notNull(),
    descriptionZh: text("description_zh").notNull().default(""),
    descriptionEn: text("description_en").notNull().default(""),
    hostRegionId: integer("host_region_id")
      .notNull()
      .references(() => regions.id),
    place: text("place").notNull().default(""),
    onlineUrl: text("online_url").notNull().default(""),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    endsAt: timestamp("ends_at", { withTimezone: true }).notNull(),
    /** A forum's page readable by anyone, signed in or not; never for a coordination meeting. */
    publicPage: boolean("public_page").notNull().default(false),
    createdById: integer("created_by_id")
      .notNull()
      .references(() => accounts.id),
    /** The agenda item under discussion while in session, and since when (the timer's start). */
    currentItemId: integer("current_item_id"),
    currentItemStartedAt: timestamp("current_item_started_at", { withTimezone: true }),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    check("meetings_ends_after_start", sql`${table.endsAt} > ${table.startsAt}`),
    check("meetings_public_only_forum", sql`not ${table.publicPage} or ${table.kind} = 'forum'`),
    index("meetings_starts_at_idx").on(table.startsAt),
  ],
);
export type Meeting = typeof meetings.$inferSelect;

/** One item of a meeting's agenda, in `position` order, optionally linked to a topic, a project or a ballot. */
export const agendaItems = pgTable(
  "meeting_agenda_items",
  {
    id: serial("id").primaryKey(),
    meetingId: integer("meeting_id")
      .notNull()
      .references(() => meetings.id),
    position: integer("position").notNull(),
    titleZh: text("title_zh").notNull(),
    titleEn: text("title_en").notNull(),
    /** The time box, in minutes. */
    durationMinutes: integer("duration_minutes").notNull(),
    presenter: text("presenter").notNull().default(""),
    topicId: integer("topic_id").references(() => topics.id),
    projectId: integer("project_id").references(() => projects.id),
    ballotId: integer("ballot_id").references(() => ballots.id),
    /** The opinion round the item discusses; shown and digested only for readers who may see that round. */
    roundId: integer("round_id").references(() => opinionRounds.id),
    /** The minutes of this item, drafted by the chair during and after the meeting. */
    minutes: text("minutes").notNull().default(""),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    check("meeting_agenda_items_duration", sql`${table.durationMinutes} between 1 and 600`),
    index("meeting_agenda_items_meeting_idx").on(table.meetingId, table.position),
  ],
);
export type AgendaItem = typeof agendaItems.$inferSelect;

/**
 * Who comes, one row per registrant. The region is the registrant's at registration (a delegate is
 * from the same region by definition); `checkedInAt` is set once the meeting is in session.
 */
export const meetingRegistrations = pgTable(
  "meeting_registrations",
  {
    meetingId: integer("meeting_id")
      .notNull()
      .references(() => meetings.id),
    accountId: integer("account_id")
      .notNull()
      .references(() => accounts.id),
    regionId: integer("region_id")
      .notNull()
      .references(() => regions.id),
    mode: attendanceModeEnum("mode").notNull(),
    delegateName: text("delegate_name").notNull().default(""),
    checkedInAt: timestamp("checked_in_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.meetingId, table.accountId] }),
    check("meeting_registrations_delegate_named", sql`${table.mode} <> 'delegate' or ${table.delegateName} <> ''`),
  ],
);
export type MeetingRegistration = typeof meetingRegistrations.$inferSelect;

/** The speaking queue: a raised hand waits, the chair orders the queue and gives the floor. */
export const meetingSpeakers = pgTable(
  "meeting_speakers",
  {
    id: serial("id").primaryKey(),
    meetingId: integer("meeting_id")
      .notNull()
      .references(() => meetings.id),
    accountId: integer("account_id")
      .notNull()
      .references(() => accounts.id),
    regionId: integer("region_id")
      .notNull()
      .references(() => regions.id),
    state: speakerStateEnum("state").notNull().default("waiting"),
    position: integer("position").notNull(),
    raisedAt: timestamp("raised_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    // One raised hand per person at a time, held by the database.
    uniqueIndex("meeting_speakers_one_open_idx")
      .on(table.meetingId, table.accountId)
      .where(sql`${table.state} <> 'done'`),
  ],
);
export type MeetingSpeaker = typeof meetingSpeakers.$inferSelect;

/** A decision taken on an agenda item, carried (when voted) by a ballot of the existing machinery. */
export const meetingDecisions = pgTable(
  "meeting_decisions",
  {
    id: serial("id").primaryKey(),
    meetingId: integer("meeting_id")
      .notNull()
      .references(() => meetings.id),
    itemId: integer("item_id")
      .notNull()
      .references(() => agendaItems.id),
    textZh: text("text_zh").notNull(),
    textEn: text("text_en").notNull(),
    ballotId: integer("ballot_id").references(() => ballots.id),
    recordedById: integer("recorded_by_id")
      .notNull()
      .references(() => accounts.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("meeting_decisions_meeting_idx").on(table.meetingId)],
);
export type MeetingDecision = typeof meetingDecisions.$inferSelect;

export const pollKindEnum = pgEnum("meeting_poll_kind", pollKinds);
export const pollStatusEnum = pgEnum("meeting_poll_status", pollStatuses);

/**
 * A quick poll the chair runs during a session, decided under a ballot rule and tallied per region
 * (server/features/meetings/polls/poll-rules.ts). `result` is written once, at the close.
 */
export const meetingPolls = pgTable(
  "meeting_polls",
  {
    id: serial("id").primaryKey(),
    meetingId: integer("meeting_id")
      .notNull()
      .references(() => meetings.id),
    itemId: integer("item_id").references(() => agendaItems.id),
    kind: pollKindEnum("kind").notNull(),
    questionZh: text("question_zh").notNull(),
    questionEn: text("question_en").notNull(),
    /** Ranked and dot polls: 2–10 options, each in both languages. */
    options: jsonb("options").$type<PollOption[]>().notNull().default([]),
    dotsPerVoter: integer("dots_per_voter"),
    rule: ballotRuleEnum("rule").notNull(),
    status: pollStatusEnum("status").notNull().default("open"),
    openedById: integer("opened_by_id")
      .notNull()
      .references(() => accounts.id),
    openedAt: timestamp("opened_at", { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    result: jsonb("result").$type<PollTally>(),
  },
  (table) => [
    check(
      "meeting_polls_dots",
      sql`(${table.kind} = 'dots') = (${table.dotsPerVoter} is not null) and coalesce(${table.dotsPerVoter}, 1) between 1 and 10`,
    ),
    check("meeting_polls_closed", sql`(${table.status} = 'closed') = (${table.closedAt} is not null)`),
    index("meeting_polls_meeting_idx").on(table.meetingId),
  ],
);
export type MeetingPoll = typeof meetingPolls.$inferSelect;

/** One answer per person, changeable until the poll closes; the region is the voter's registration's. */
export const meetingPollVotes = pgTable(
  "meeting_poll_votes",
  {
    pollId: integer("poll_id")
      .notNull()
      .references(() => meetingPolls.id),
    accountId: integer("account_id")
      .notNull()
      .references(() => accounts.id),
    regionId: integer("region_id")
      .notNull()
      .references(() => regions.id),
    answer: jsonb("answer").$type<PollAnswer>().notNull(),
    votedAt: timestamp("voted_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.pollId, table.accountId] })],
);

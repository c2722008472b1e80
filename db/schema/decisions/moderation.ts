import { sql } from "drizzle-orm";
import { boolean, index, integer, pgEnum, pgTable, serial, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import {
  moderationActionKinds,
  moderationTargetKinds,
  queueReasons,
  reportStatuses,
} from "@/shared/moderation-vocabulary";
import { accounts } from "../core/accounts";
import { forums } from "./deliberation";

export {
  moderationActionKinds,
  moderationTargetKinds,
  queueReasons,
  reportStatuses,
} from "@/shared/moderation-vocabulary";

export const moderationTargetKindEnum = pgEnum("moderation_target_kind", moderationTargetKinds);
export const reportReasonEnum = pgEnum("report_reason", queueReasons);
export const reportStatusEnum = pgEnum("report_status", reportStatuses);
export const moderationActionKindEnum = pgEnum("moderation_action_kind", moderationActionKinds);

/**
 * An entry in the moderation queue: a person's report of a comment, topic or project, or (with no
 * reporter and reason `held`) a post the forum's hold-for-review rule kept back.
 */
export const reports = pgTable(
  "reports",
  {
    id: serial("id").primaryKey(),
    targetKind: moderationTargetKindEnum("target_kind").notNull(),
    targetId: integer("target_id").notNull(),
    /** The reported item's author, so the queue shows their history without resolving every kind of item. */
    targetAuthorId: integer("target_author_id")
      .notNull()
      .references(() => accounts.id),
    reporterId: integer("reporter_id").references(() => accounts.id),
    reason: reportReasonEnum("reason").notNull(),
    note: text("note").notNull().default(""),
    status: reportStatusEnum("status").notNull().default("open"),
    resolvedById: integer("resolved_by_id").references(() => accounts.id),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
    /** What happened, as the reporter is told (e.g. "hidden: personal attack"). */
    resolution: text("resolution"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    // One report per person per item, held by the database.
    uniqueIndex("reports_one_per_reporter_idx")
      .on(table.targetKind, table.targetId, table.reporterId)
      .where(sql`${table.reporterId} IS NOT NULL`),
    index("reports_open_idx").on(table.status, table.createdAt),
    index("reports_target_idx").on(table.targetKind, table.targetId),
    index("reports_reporter_idx").on(table.reporterId, table.createdAt),
  ],
);
export type Report = typeof reports.$inferSelect;

/** What moderators did, by subject account: the "author's history" the queue shows beside a report. */
export const moderationActions = pgTable(
  "moderation_actions",
  {
    id: serial("id").primaryKey(),
    action: moderationActionKindEnum("action").notNull(),
    /** comment, topic, project, thread or account. */
    targetType: text("target_type").notNull(),
    targetId: integer("target_id").notNull(),
    /** The person acted against: the author of the content, or the suspended account. */
    subjectAccountId: integer("subject_account_id").references(() => accounts.id),
    actorId: integer("actor_id")
      .notNull()
      .references(() => accounts.id),
    reason: text("reason").notNull().default(""),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("moderation_actions_subject_idx").on(table.subjectAccountId, table.createdAt)],
);
export type ModerationAction = typeof moderationActions.$inferSelect;

/** The admin-maintained list that, where a forum asks for it, holds posts containing one of these words. */
export const blockedWords = pgTable("blocked_words", {
  id: serial("id").primaryKey(),
  /** NFKC-normalised and lower-cased. */
  word: text("word").notNull().unique(),
  createdById: integer("created_by_id").references(() => accounts.id),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});
export type BlockedWord = typeof blockedWords.$inferSelect;

/** Per-forum hold-for-review; a forum without a row holds nothing. */
export const forumHoldSettings = pgTable("forum_hold_settings", {
  forumId: integer("forum_id")
    .primaryKey()
    .references(() => forums.id),
  /** Posts from accounts younger than this many days wait for review; null turns it off. */
  newAccountDays: integer("new_account_days"),
  holdBlockedWords: boolean("hold_blocked_words").notNull().default(false),
  holdLinks: boolean("hold_links").notNull().default(false),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
export type ForumHoldSettings = typeof forumHoldSettings.$inferSelect;

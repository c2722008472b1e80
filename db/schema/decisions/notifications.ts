import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { emailModes, emailStatuses, notificationKinds } from "@/shared/notification-kinds";
import { accounts } from "../core/accounts";
import { threads } from "./deliberation";

export const notificationKindEnum = pgEnum("notification_kind", notificationKinds);
export const emailModeEnum = pgEnum("email_mode", emailModes);
export const emailStatusEnum = pgEnum("email_status", emailStatuses);

/**
 * One thing one person should know about, written in the same transaction as its cause.
 * `dedupeKey` makes a trigger that may run twice (a reminder after a restart) produce one row.
 */
export const notifications = pgTable(
  "notifications",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    recipientId: integer("recipient_id")
      .notNull()
      .references(() => accounts.id),
    kind: notificationKindEnum("kind").notNull(),
    actorId: integer("actor_id").references(() => accounts.id),
    /** Where it happened, as the page path the item links to (e.g. /topics/4#comment-81). */
    link: text("link").notNull(),
    /** What the item says, as message parameters (titles, names, reasons), rendered in the reader's language. */
    params: jsonb("params").$type<Record<string, string | number>>().notNull().default({}),
    dedupeKey: text("dedupe_key"),
    /** False when the person turned this kind off in the app but still wants it by email (the row feeds the mail only). */
    inApp: boolean("in_app").notNull().default(true),
    /** True while the item waits for the person's daily digest. */
    digestPending: boolean("digest_pending").notNull().default(false),
    readAt: timestamp("read_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index("notifications_recipient_idx").on(table.recipientId, table.id),
    index("notifications_unread_idx")
      .on(table.recipientId)
      .where(sql`${table.readAt} IS NULL`),
    index("notifications_digest_idx")
      .on(table.recipientId)
      .where(sql`${table.digestPending}`),
    uniqueIndex("notifications_dedupe_idx").on(table.recipientId, table.dedupeKey),
  ],
);
export type Notification = typeof notifications.$inferSelect;

/** Following a thing means following its comment thread; topics and projects both own one. */
export const follows = pgTable(
  "follows",
  {
    accountId: integer("account_id")
      .notNull()
      .references(() => accounts.id),
    threadId: integer("thread_id")
      .notNull()
      .references(() => threads.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.accountId, table.threadId] }),
    index("follows_thread_idx").on(table.threadId),
  ],
);

/** Only the kinds a person changed from the defaults in `notification-kinds.ts` have a row. */
export const notificationPreferences = pgTable(
  "notification_preferences",
  {
    accountId: integer("account_id")
      .notNull()
      .references(() => accounts.id),
    kind: notificationKindEnum("kind").notNull(),
    inApp: boolean("in_app").notNull(),
    email: emailModeEnum("email").notNull(),
  },
  (table) => [primaryKey({ columns: [table.accountId, table.kind] })],
);

/**
 * Mail waiting to go out. Written in the cause's transaction (or by the digest job), sent after
 * commit by a worker that retries with backoff, so a failing mail server never blocks an action.
 */
export const emailOutbox = pgTable(
  "email_outbox",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    /** Null for mail to an address with no account yet (a renewed invitation). */
    recipientId: integer("recipient_id").references(() => accounts.id),
    /** Null for a digest, which carries several notifications. */
    notificationId: bigint("notification_id", { mode: "number" }).references(() => notifications.id),
    toAddress: text("to_address").notNull(),
    locale: text("locale").notNull(),
    subject: text("subject").notNull(),
    textBody: text("text_body").notNull(),
    htmlBody: text("html_body").notNull(),
    headers: jsonb("headers").$type<Record<string, string>>().notNull().default({}),
    status: emailStatusEnum("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    lastError: text("last_error"),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index("email_outbox_due_idx")
      .on(table.nextAttemptAt)
      .where(sql`${table.status} = 'pending'`),
  ],
);

/**
 * Work due at a time (ballot closing reminders, daily digests), kept in the database so that a
 * restart neither loses nor repeats it: a job is claimed and marked done in one transaction.
 */
export const scheduledJobs = pgTable(
  "scheduled_jobs",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    kind: text("kind").notNull(),
    /** Unique per kind, e.g. "ballot:4:24h" or "digest:17:2026-11-29". */
    key: text("key").notNull(),
    payload: jsonb("payload").$type<Record<string, string | number>>().notNull().default({}),
    dueAt: timestamp("due_at", { withTimezone: true }).notNull(),
    doneAt: timestamp("done_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex("scheduled_jobs_kind_key_idx").on(table.kind, table.key),
    index("scheduled_jobs_due_idx")
      .on(table.dueAt)
      .where(sql`${table.doneAt} IS NULL`),
  ],
);

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
  serial,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { webhookDeliveryStatuses, webhookFormats } from "@/shared/webhook-vocabulary";
import { accounts } from "../core/accounts";
import { forums } from "../decisions/deliberation";
import { regions } from "../core/regions";

export const webhookFormatEnum = pgEnum("webhook_format", webhookFormats);
export const webhookDeliveryStatusEnum = pgEnum("webhook_delivery_status", webhookDeliveryStatuses);

/**
 * Outgoing webhooks that admins configure. The address (a chat bot's URL carries its key) and the
 * signing secret are stored encrypted under the auth secret, like TOTP secrets: a database copy does
 * not let anyone post into a region's work chat.
 */
export const webhooks = pgTable("webhooks", {
  id: serial("id").primaryKey(),
  name: text("name").notNull(),
  format: webhookFormatEnum("format").notNull(),
  urlSealed: text("url_sealed").notNull(),
  /** Host and a masked path, for showing the webhook without revealing its key. */
  urlHint: text("url_hint").notNull(),
  secretSealed: text("secret_sealed"),
  locale: text("locale").notNull().default("zh-CN"),
  /** Only events about this region's projects; null for every region. */
  regionId: integer("region_id").references(() => regions.id),
  /** Only topics of this forum; null for every forum. */
  forumId: integer("forum_id").references(() => forums.id),
  kinds: text("kinds").array().notNull(),
  active: boolean("active").notNull().default(true),
  createdBy: integer("created_by").references(() => accounts.id),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * One notice to one webhook. Unique per webhook and outbox event, so scanning an event twice (a
 * restart, two processes) cannot send it twice; the notice is rendered when it is queued, from what
 * the public may read at that moment.
 */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    webhookId: integer("webhook_id")
      .notNull()
      .references(() => webhooks.id, { onDelete: "cascade" }),
    /** The outbox event it reports; null for a test notice. */
    eventId: bigint("event_id", { mode: "number" }),
    kind: text("kind").notNull(),
    notice: jsonb("notice").notNull(),
    status: webhookDeliveryStatusEnum("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    lastError: text("last_error"),
    lastHttpStatus: integer("last_http_status"),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex("webhook_deliveries_event_idx").on(table.webhookId, table.eventId),
    index("webhook_deliveries_due_idx")
      .on(table.nextAttemptAt)
      .where(sql`${table.status} = 'pending'`),
    index("webhook_deliveries_webhook_idx").on(table.webhookId, table.id),
  ],
);

/** How far the webhook scanner has read the outbox (one row). */
export const webhookCursor = pgTable("webhook_cursor", {
  id: integer("id").primaryKey().default(1),
  lastEventId: bigint("last_event_id", { mode: "number" }).notNull().default(0),
});

import { sql } from "drizzle-orm";
import {
  bigint,
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
import { dumpStatuses, dumpTriggers } from "@/shared/open-data-vocabulary";
import { accounts } from "../core/accounts";

export const dumpStatusEnum = pgEnum("open_data_dump_status", dumpStatuses);
export const dumpTriggerEnum = pgEnum("open_data_dump_trigger", dumpTriggers);

/**
 * Keys admins issue to callers of the open-data API for a higher rate limit. Only the SHA-256 of the
 * key is kept: keys are 32 random bytes, so a plain hash cannot be reversed by guessing, and a database
 * copy gives nobody a working key. The prefix lets admins tell keys apart.
 */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: serial("id").primaryKey(),
    name: text("name").notNull(),
    keyHash: text("key_hash").notNull(),
    prefix: text("prefix").notNull(),
    perMinute: integer("per_minute").notNull(),
    createdBy: integer("created_by").references(() => accounts.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (table) => [uniqueIndex("api_keys_hash_idx").on(table.keyHash)],
);

/** One open-data dump (a zip of CSV and JSON): queued, written by the dump worker, listed on /open-data. */
export const openDataDumps = pgTable(
  "open_data_dumps",
  {
    id: serial("id").primaryKey(),
    status: dumpStatusEnum("status").notNull().default("queued"),
    trigger: dumpTriggerEnum("trigger").notNull(),
    /** The nightly dump's UTC day (one per day), null for dumps an admin asked for. */
    day: text("day"),
    requestedBy: integer("requested_by").references(() => accounts.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    /** Datasets written so far and in all, for the progress shown to admins. */
    progress: integer("progress").notNull().default(0),
    total: integer("total").notNull().default(0),
    fileName: text("file_name"),
    sizeBytes: bigint("size_bytes", { mode: "number" }),
    /** Rows per dataset. */
    counts: jsonb("counts").$type<Record<string, number>>(),
    error: text("error"),
  },
  (table) => [
    uniqueIndex("open_data_dumps_day_idx").on(table.day),
    index("open_data_dumps_queued_idx")
      .on(table.createdAt)
      .where(sql`${table.status} = 'queued'`),
  ],
);

export type ApiKey = typeof apiKeys.$inferSelect;
export type OpenDataDump = typeof openDataDumps.$inferSelect;

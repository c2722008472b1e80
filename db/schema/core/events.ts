import { sql } from "drizzle-orm";
import { bigint, bigserial, index, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

/**
 * The event outbox: every live notice is a row written in the same transaction as the change it
 * describes, so a rolled-back change emits nothing and a committed one is never dropped.
 * `seq` is monotonic and gap-free per stream, taken from `stream_heads` under a row lock, so a
 * client that saw seq N can ask for everything after N and miss nothing that commits later.
 */
export const events = pgTable(
  "events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    stream: text("stream").notNull(),
    seq: bigint("seq", { mode: "number" }).notNull(),
    type: text("type").notNull(),
    payload: jsonb("payload").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    /** Set once some process has broadcast it; the sweeper broadcasts what a crash left unset. */
    publishedAt: timestamp("published_at", { withTimezone: true }),
  },
  (table) => [
    uniqueIndex("events_stream_seq_idx").on(table.stream, table.seq),
    index("events_unpublished_idx")
      .on(table.id)
      .where(sql`${table.publishedAt} IS NULL`),
  ],
);
export type EventRow = typeof events.$inferSelect;

export const streamHeads = pgTable("stream_heads", {
  stream: text("stream").primaryKey(),
  lastSeq: bigint("last_seq", { mode: "number" }).notNull(),
});

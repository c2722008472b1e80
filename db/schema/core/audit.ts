import { bigserial, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { accounts } from "./accounts";

/**
 * Append-only record of administration and moderation actions, written in the action's own
 * transaction. A trigger in the migrations refuses UPDATE and DELETE on this table.
 */
export const auditEntries = pgTable("audit_entries", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  actorId: integer("actor_id").references(() => accounts.id),
  action: text("action").notNull(),
  targetType: text("target_type").notNull(),
  targetId: text("target_id").notNull(),
  reason: text("reason"),
  before: jsonb("before"),
  after: jsonb("after"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});
export type AuditEntry = typeof auditEntries.$inferSelect;

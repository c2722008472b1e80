import { sql } from "drizzle-orm";
import { check, date, index, integer, pgEnum, pgTable, primaryKey, serial, text, timestamp } from "drizzle-orm/pg-core";
import { confirmationStatuses, decisionActionStatuses } from "@/shared/meetings-vocabulary";
import { accounts } from "../core/accounts";
import { regions } from "../core/regions";
import { meetingDecisions } from "./meetings";

export const confirmationStatusEnum = pgEnum("decision_confirmation_status", confirmationStatuses);
export const decisionActionStatusEnum = pgEnum("decision_action_status", decisionActionStatuses);

/**
 * Each participating region's answer to the record of one decision, written as pending for every
 * region when the chair approves the minutes. A decision is confirmed only when every row is.
 */
export const decisionConfirmations = pgTable(
  "meeting_decision_confirmations",
  {
    decisionId: integer("decision_id")
      .notNull()
      .references(() => meetingDecisions.id),
    regionId: integer("region_id")
      .notNull()
      .references(() => regions.id),
    status: confirmationStatusEnum("status").notNull().default("pending"),
    comment: text("comment").notNull().default(""),
    answeredById: integer("answered_by_id").references(() => accounts.id),
    answeredAt: timestamp("answered_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.decisionId, table.regionId] }),
    check(
      "meeting_decision_confirmations_contest_says_why",
      sql`${table.status} <> 'contested' or ${table.comment} <> ''`,
    ),
  ],
);
export type DecisionConfirmation = typeof decisionConfirmations.$inferSelect;

/** Something a decision asks of one region, by a date; seven days overdue, the region's members are told. */
export const decisionActions = pgTable(
  "meeting_decision_actions",
  {
    id: serial("id").primaryKey(),
    decisionId: integer("decision_id")
      .notNull()
      .references(() => meetingDecisions.id),
    textZh: text("text_zh").notNull(),
    textEn: text("text_en").notNull(),
    ownerRegionId: integer("owner_region_id")
      .notNull()
      .references(() => regions.id),
    /** A China calendar day. */
    dueOn: date("due_on", { mode: "string" }).notNull(),
    status: decisionActionStatusEnum("status").notNull().default("open"),
    createdById: integer("created_by_id")
      .notNull()
      .references(() => accounts.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index("meeting_decision_actions_decision_idx").on(table.decisionId),
    index("meeting_decision_actions_due_idx").on(table.dueOn),
  ],
);
export type DecisionAction = typeof decisionActions.$inferSelect;

import { sql } from "drizzle-orm";
import {
  bigint,
  check,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { projectStatuses } from "@/shared/project-vocabulary";
import { coauthorStatuses, projectRegionRoles } from "@/shared/project-vocabulary";
import { accounts } from "../core/accounts";
import { threads } from "./deliberation";
import { recommendations } from "../core/recommendations";
import { regions } from "../core/regions";

export { projectStatuses, type ProjectStatus } from "@/shared/project-vocabulary";
export {
  coauthorStatuses,
  projectRegionRoles,
  type CoauthorStatus,
  type ProjectRegionRole,
} from "@/shared/project-vocabulary";

export const projectStatusEnum = pgEnum("project_status", projectStatuses);
export const projectRegionRoleEnum = pgEnum("project_region_role", projectRegionRoles);
export const coauthorStatusEnum = pgEnum("coauthor_status", coauthorStatuses);

/** A joint science-and-technology proposal spanning regions; its lifecycle is server/features/projects/rules/project-lifecycle.ts. */
export const projects = pgTable(
  "projects",
  {
    id: serial("id").primaryKey(),
    status: projectStatusEnum("status").notNull().default("draft"),
    proposerId: integer("proposer_id")
      .notNull()
      .references(() => accounts.id),
    /** Also a `lead` row in project_regions, which filters and dashboards read; kept here for the page. */
    leadRegionId: integer("lead_region_id")
      .notNull()
      .references(() => regions.id),
    threadId: integer("thread_id")
      .notNull()
      .unique()
      .references(() => threads.id),
    title: text("title").notNull(),
    summary: text("summary").notNull(),
    body: text("body").notNull(),
    bodyHtml: text("body_html").notNull(),
    expectedOutcomes: text("expected_outcomes").notNull(),
    /** Integer yuan; bigint because a large programme can pass 2^31 yuan (¥2.1 billion). */
    budgetYuan: bigint("budget_yuan", { mode: "number" }).notNull(),
    durationMonths: integer("duration_months").notNull(),
    /** Normalised by server/features/projects/rules/project-rules.ts `normaliseTags`. */
    tags: text("tags")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** Lower-cased title, summary, body, outcomes and tags for substring search (see server/features/projects/rules/project-search.ts). */
    searchText: text("search_text").notNull().default(""),
    /** The number of the current text; earlier ones are in project_versions. */
    version: integer("version").notNull().default(1),
    /** Who wrote the current version, and when. */
    editedById: integer("edited_by_id")
      .notNull()
      .references(() => accounts.id),
    editedAt: timestamp("edited_at", { withTimezone: true }).notNull().defaultNow(),
    commentCount: integer("comment_count").notNull().default(0),
    /** Set while a moderator keeps the project hidden from everyone but its authors; the reason is public. */
    hiddenAt: timestamp("hidden_at", { withTimezone: true }),
    hiddenReason: text("hidden_reason"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
    statusChangedAt: timestamp("status_changed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    check("projects_budget_positive", sql`${table.budgetYuan} > 0`),
    check("projects_duration_range", sql`${table.durationMonths} between 1 and 120`),
    check("projects_version_positive", sql`${table.version} >= 1`),
    index("projects_status_created_idx").on(table.status, table.createdAt, table.id),
    index("projects_status_discussed_idx").on(table.status, table.commentCount, table.id),
    index("projects_status_budget_idx").on(table.status, table.budgetYuan, table.id),
    index("projects_proposer_idx").on(table.proposerId),
    index("projects_tags_idx").using("gin", table.tags),
  ],
);
export type Project = typeof projects.$inferSelect;

/** Every region taking part, the lead included, so "projects of region X" is one indexed lookup. */
export const projectRegions = pgTable(
  "project_regions",
  {
    projectId: integer("project_id")
      .notNull()
      .references(() => projects.id),
    regionId: integer("region_id")
      .notNull()
      .references(() => regions.id),
    role: projectRegionRoleEnum("role").notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.projectId, table.regionId] }),
    index("project_regions_region_idx").on(table.regionId, table.projectId),
    // One lead per project, held by the database.
    uniqueIndex("project_regions_one_lead_idx")
      .on(table.projectId)
      .where(sql`${table.role} = 'lead'`),
  ],
);

export const projectRecommendations = pgTable(
  "project_recommendations",
  {
    projectId: integer("project_id")
      .notNull()
      .references(() => projects.id),
    recommendationId: integer("recommendation_id")
      .notNull()
      .references(() => recommendations.id),
  },
  (table) => [
    primaryKey({ columns: [table.projectId, table.recommendationId] }),
    index("project_recommendations_recommendation_idx").on(table.recommendationId),
  ],
);

/** Co-proposers: invited by the proposer, each from a partner region, who accept or decline. */
export const projectCoauthors = pgTable(
  "project_coauthors",
  {
    projectId: integer("project_id")
      .notNull()
      .references(() => projects.id),
    accountId: integer("account_id")
      .notNull()
      .references(() => accounts.id),
    /** The invitee's region when invited: the partner region they stand for. */
    regionId: integer("region_id")
      .notNull()
      .references(() => regions.id),
    status: coauthorStatusEnum("status").notNull().default("invited"),
    invitedById: integer("invited_by_id")
      .notNull()
      .references(() => accounts.id),
    invitedAt: timestamp("invited_at", { withTimezone: true }).notNull().defaultNow(),
    respondedAt: timestamp("responded_at", { withTimezone: true }),
  },
  (table) => [
    primaryKey({ columns: [table.projectId, table.accountId] }),
    index("project_coauthors_account_idx").on(table.accountId, table.status),
  ],
);
export type ProjectCoauthor = typeof projectCoauthors.$inferSelect;

/**
 * Earlier versions of a proposal: a full snapshot of its editable fields, written when an edit after
 * submission replaces it. The current version lives in `projects`.
 */
export const projectVersions = pgTable(
  "project_versions",
  {
    id: serial("id").primaryKey(),
    projectId: integer("project_id")
      .notNull()
      .references(() => projects.id),
    version: integer("version").notNull(),
    title: text("title").notNull(),
    summary: text("summary").notNull(),
    body: text("body").notNull(),
    bodyHtml: text("body_html").notNull(),
    expectedOutcomes: text("expected_outcomes").notNull(),
    budgetYuan: bigint("budget_yuan", { mode: "number" }).notNull(),
    durationMonths: integer("duration_months").notNull(),
    tags: text("tags").array().notNull(),
    leadRegionId: integer("lead_region_id")
      .notNull()
      .references(() => regions.id),
    partnerRegionIds: integer("partner_region_ids").array().notNull(),
    /** Recommendation numbers (1–5), which read better in a diff than ids. */
    recommendations: integer("recommendations").array().notNull(),
    /** Who wrote this version, and when it was written (not when it was replaced). */
    editedById: integer("edited_by_id")
      .notNull()
      .references(() => accounts.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    replacedAt: timestamp("replaced_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex("project_versions_project_version_idx").on(table.projectId, table.version)],
);
export type ProjectVersion = typeof projectVersions.$inferSelect;

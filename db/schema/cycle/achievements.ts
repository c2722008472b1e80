import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  date,
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
import {
  achievementKinds,
  achievementStatuses,
  dealTermsStatuses,
  ipStatuses,
  negotiationSides,
  needStatuses,
  organisationTypes,
  regionStrengths,
  transferModes,
  type RevenueShare,
} from "@/shared/achievement-vocabulary";
import { accounts } from "../core/accounts";
import { projects } from "../decisions/projects";
import { regions } from "../core/regions";

export const achievementKindEnum = pgEnum("achievement_kind", achievementKinds);
export const achievementStatusEnum = pgEnum("achievement_status", achievementStatuses);
export const ipStatusEnum = pgEnum("ip_status", ipStatuses);
export const transferModeEnum = pgEnum("transfer_mode", transferModes);
export const organisationTypeEnum = pgEnum("organisation_type", organisationTypes);
export const regionStrengthEnum = pgEnum("region_strength", regionStrengths);
export const needStatusEnum = pgEnum("need_status", needStatuses);
export const dealTermsStatusEnum = pgEnum("deal_terms_status", dealTermsStatuses);
export const negotiationSideEnum = pgEnum("negotiation_side", negotiationSides);

/** A result offered for transfer: a patent, software, a standard, …; its visibility rule is in server/features/achievements/rules. */
export const achievements = pgTable(
  "achievements",
  {
    id: serial("id").primaryKey(),
    kind: achievementKindEnum("kind").notNull(),
    status: achievementStatusEnum("status").notNull().default("published"),
    titleZh: text("title_zh").notNull(),
    titleEn: text("title_en").notNull(),
    summaryZh: text("summary_zh").notNull(),
    summaryEn: text("summary_en").notNull(),
    /** The joint project it came out of; null for an independent result. */
    originProjectId: integer("origin_project_id").references(() => projects.id),
    trl: integer("trl").notNull(),
    ipStatus: ipStatusEnum("ip_status").notNull().default("none"),
    /** The application or grant number; required once the IP is filed or granted. */
    ipNumber: text("ip_number"),
    transferModes: transferModeEnum("transfer_modes").array().notNull(),
    /** Indicative price in integer yuan; null means "negotiable". */
    priceYuan: bigint("price_yuan", { mode: "number" }),
    /** Normalised sector tags (same rule as project tags). */
    sectors: text("sectors")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** Lower-cased titles, summaries, sectors and IP number for the showcase's substring search. */
    searchText: text("search_text").notNull().default(""),
    /** The search text's character pairs (and Chinese characters), so a search reads the GIN index, not every row. */
    searchGrams: text("search_grams")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    version: integer("version").notNull().default(1),
    createdById: integer("created_by_id")
      .notNull()
      .references(() => accounts.id),
    editedById: integer("edited_by_id")
      .notNull()
      .references(() => accounts.id),
    editedAt: timestamp("edited_at", { withTimezone: true }).notNull().defaultNow(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    check("achievements_trl_range", sql`${table.trl} between 1 and 9`),
    check("achievements_price_positive", sql`${table.priceYuan} is null or ${table.priceYuan} > 0`),
    index("achievements_status_created_idx").on(table.status, table.createdAt, table.id),
    index("achievements_origin_idx").on(table.originProjectId),
    index("achievements_sectors_idx").using("gin", table.sectors),
    index("achievements_search_grams_idx").using("gin", table.searchGrams),
  ],
);
export type Achievement = typeof achievements.$inferSelect;

/** Who owns an achievement: an organisation in a region. Several allowed; flows between regions read these. */
export const achievementOwners = pgTable(
  "achievement_owners",
  {
    id: serial("id").primaryKey(),
    achievementId: integer("achievement_id")
      .notNull()
      .references(() => achievements.id),
    organisation: text("organisation").notNull(),
    regionId: integer("region_id")
      .notNull()
      .references(() => regions.id),
  },
  (table) => [
    index("achievement_owners_achievement_idx").on(table.achievementId),
    index("achievement_owners_region_idx").on(table.regionId),
  ],
);

/** The accounts that speak for the owners: they edit, answer enquiries and record transfers. */
export const achievementEditors = pgTable(
  "achievement_editors",
  {
    achievementId: integer("achievement_id")
      .notNull()
      .references(() => achievements.id),
    accountId: integer("account_id")
      .notNull()
      .references(() => accounts.id),
  },
  (table) => [
    primaryKey({ columns: [table.achievementId, table.accountId] }),
    index("achievement_editors_account_idx").on(table.accountId),
  ],
);

/** Earlier texts of an achievement, like project_versions: the snapshot that a later edit replaced. */
export const achievementVersions = pgTable(
  "achievement_versions",
  {
    id: serial("id").primaryKey(),
    achievementId: integer("achievement_id")
      .notNull()
      .references(() => achievements.id),
    version: integer("version").notNull(),
    snapshot: jsonb("snapshot").notNull(),
    editedById: integer("edited_by_id")
      .notNull()
      .references(() => accounts.id),
    writtenAt: timestamp("written_at", { withTimezone: true }).notNull(),
    replacedAt: timestamp("replaced_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex("achievement_versions_version_idx").on(table.achievementId, table.version)],
);

/** What kind of organisation an account speaks for; set by an admin (only enterprises post needs). */
export const accountOrganisationTypes = pgTable("account_organisation_types", {
  accountId: integer("account_id")
    .primaryKey()
    .references(() => accounts.id),
  organisationType: organisationTypeEnum("organisation_type").notNull(),
  setById: integer("set_by_id").references(() => accounts.id),
  setAt: timestamp("set_at", { withTimezone: true }).notNull().defaultNow(),
});

/** The small admin-edited table of each city's strength that the complementary-region bonus reads. */
export const regionStrengthsTable = pgTable("region_strengths", {
  regionId: integer("region_id")
    .primaryKey()
    .references(() => regions.id),
  strength: regionStrengthEnum("strength").notNull(),
  updatedById: integer("updated_by_id").references(() => accounts.id),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * One row whose version goes up, in the same transaction, with every statement that changes what the
 * match index is built from (achievements, their owners, needs, region strengths): statement-level
 * triggers in migration 0034. The index's freshness check reads this row instead of aggregating over
 * every published achievement, which cost most of a match on PGlite.
 */
export const matchCatalogueStamp = pgTable(
  "match_catalogue_stamp",
  {
    id: integer("id").primaryKey().default(1),
    version: bigint("version", { mode: "number" }).notNull().default(0),
  },
  (table) => [check("match_catalogue_stamp_one_row", sql`${table.id} = 1`)],
);

/** A technology need posted by an enterprise. Public while open, like the showcase. */
export const technologyNeeds = pgTable(
  "technology_needs",
  {
    id: serial("id").primaryKey(),
    status: needStatusEnum("status").notNull().default("open"),
    postedById: integer("posted_by_id")
      .notNull()
      .references(() => accounts.id),
    organisation: text("organisation").notNull(),
    regionId: integer("region_id")
      .notNull()
      .references(() => regions.id),
    title: text("title").notNull(),
    problem: text("problem").notNull(),
    sectors: text("sectors")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    budgetMinYuan: bigint("budget_min_yuan", { mode: "number" }),
    budgetMaxYuan: bigint("budget_max_yuan", { mode: "number" }),
    /** Months until the firm wants the technology in use. */
    timelineMonths: integer("timeline_months").notNull(),
    /** The readiness the firm can absorb: achievements below it need more work before they help. */
    minTrl: integer("min_trl").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    check("technology_needs_trl_range", sql`${table.minTrl} between 1 and 9`),
    check(
      "technology_needs_budget_order",
      sql`${table.budgetMinYuan} is null or ${table.budgetMaxYuan} is null or ${table.budgetMinYuan} <= ${table.budgetMaxYuan}`,
    ),
    index("technology_needs_status_idx").on(table.status, table.createdAt),
  ],
);
export type TechnologyNeed = typeof technologyNeeds.$inferSelect;

/**
 * A private enquiry about one achievement: the asker and the achievement's editors (and admins)
 * only. All contact goes through it; no address is ever shown.
 */
export const achievementEnquiries = pgTable(
  "achievement_enquiries",
  {
    id: serial("id").primaryKey(),
    achievementId: integer("achievement_id")
      .notNull()
      .references(() => achievements.id),
    askerId: integer("asker_id")
      .notNull()
      .references(() => accounts.id),
    /** The need it answers, when it came from a match. */
    needId: integer("need_id").references(() => technologyNeeds.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastMessageAt: timestamp("last_message_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex("achievement_enquiries_asker_idx").on(table.achievementId, table.askerId),
    index("achievement_enquiries_asker_only_idx").on(table.askerId),
  ],
);

export const enquiryMessages = pgTable(
  "enquiry_messages",
  {
    id: serial("id").primaryKey(),
    enquiryId: integer("enquiry_id")
      .notNull()
      .references(() => achievementEnquiries.id),
    authorId: integer("author_id")
      .notNull()
      .references(() => accounts.id),
    body: text("body").notNull(),
    /** Set by a moderator acting on abuse: the text is withheld from the parties. */
    hiddenAt: timestamp("hidden_at", { withTimezone: true }),
    hiddenById: integer("hidden_by_id").references(() => accounts.id),
    hiddenReason: text("hidden_reason"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("enquiry_messages_enquiry_idx").on(table.enquiryId, table.id)],
);

/**
 * A signed transfer: licence, assignment, joint development or service. Its value is shown only when
 * both sides agreed to publish it (seller and buyer flags); otherwise it never leaves the parties.
 */
export const technologyTransfers = pgTable(
  "technology_transfers",
  {
    id: serial("id").primaryKey(),
    achievementId: integer("achievement_id")
      .notNull()
      .references(() => achievements.id),
    enquiryId: integer("enquiry_id").references(() => achievementEnquiries.id),
    mode: transferModeEnum("mode").notNull(),
    buyerOrganisation: text("buyer_organisation").notNull(),
    buyerRegionId: integer("buyer_region_id")
      .notNull()
      .references(() => regions.id),
    /** The account of the buyer when it is on the platform: it alone may agree to publish the value. */
    buyerAccountId: integer("buyer_account_id").references(() => accounts.id),
    valueYuan: bigint("value_yuan", { mode: "number" }),
    sellerPublishesValue: boolean("seller_publishes_value").notNull().default(false),
    buyerPublishesValue: boolean("buyer_publishes_value").notNull().default(false),
    signedOn: date("signed_on", { mode: "string" }).notNull(),
    recordedById: integer("recorded_by_id")
      .notNull()
      .references(() => accounts.id),
    /** Revenue shares per region party to the deal (basis points summing to 10 000), from the accepted terms. */
    revenueShares: jsonb("revenue_shares").$type<RevenueShare[]>().notNull().default([]),
    /** The accepted terms it was recorded from, when it came out of a negotiation. */
    termsId: integer("terms_id"),
    /** The joint project a `joint_project` deal drafted. */
    projectId: integer("project_id").references(() => projects.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    check("technology_transfers_value_positive", sql`${table.valueYuan} is null or ${table.valueYuan} > 0`),
    index("technology_transfers_achievement_idx").on(table.achievementId),
    index("technology_transfers_buyer_region_idx").on(table.buyerRegionId),
  ],
);

/**
 * Terms proposed in a negotiation: mode, value and revenue shares per region. The other side accepts or
 * declines; either side may counter (the open proposal is superseded). Private to the negotiation.
 */
export const dealTerms = pgTable(
  "deal_terms",
  {
    id: serial("id").primaryKey(),
    enquiryId: integer("enquiry_id")
      .notNull()
      .references(() => achievementEnquiries.id),
    proposedById: integer("proposed_by_id")
      .notNull()
      .references(() => accounts.id),
    side: negotiationSideEnum("side").notNull(),
    mode: transferModeEnum("mode").notNull(),
    valueYuan: bigint("value_yuan", { mode: "number" }),
    shares: jsonb("shares").$type<RevenueShare[]>().notNull(),
    note: text("note").notNull().default(""),
    status: dealTermsStatusEnum("status").notNull().default("proposed"),
    respondedById: integer("responded_by_id").references(() => accounts.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    respondedAt: timestamp("responded_at", { withTimezone: true }),
  },
  (table) => [
    check("deal_terms_value_positive", sql`${table.valueYuan} is null or ${table.valueYuan} > 0`),
    index("deal_terms_enquiry_idx").on(table.enquiryId, table.id),
  ],
);
export type DealTerms = typeof dealTerms.$inferSelect;

/** One notice per need × achievement: a match above the threshold is announced to the need's poster once. */
export const needMatchNotices = pgTable(
  "need_match_notices",
  {
    needId: integer("need_id")
      .notNull()
      .references(() => technologyNeeds.id),
    achievementId: integer("achievement_id")
      .notNull()
      .references(() => achievements.id),
    score: integer("score").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.needId, table.achievementId] })],
);

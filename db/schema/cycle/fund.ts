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
  callStatuses,
  outcomeTypes,
  portfolioBallotOutcomes,
  defaultDriftThresholdBp,
  portfolioMethods,
  progressStatuses,
  revisionOutcomes,
  type PortfolioMethod,
} from "@/shared/fund-vocabulary";
import { accounts } from "../core/accounts";
import { ballots, benefitPlans } from "../decisions/ballots";
import { projects } from "../decisions/projects";
import { recommendations } from "../core/recommendations";
import { regions } from "../core/regions";

export const fundCallStatusEnum = pgEnum("fund_call_status", callStatuses);
export const fundProgressStatusEnum = pgEnum("fund_progress_status", progressStatuses);
export const fundPortfolioMethodEnum = pgEnum("fund_portfolio_method", portfolioMethods);
export const fundOutcomeTypeEnum = pgEnum("fund_outcome_type", outcomeTypes);
export const portfolioBallotOutcomeEnum = pgEnum("portfolio_ballot_outcome", portfolioBallotOutcomes);
export const fundRevisionOutcomeEnum = pgEnum("fund_revision_outcome", revisionOutcomes);

/** One rubric criterion; the shape server/features/fund/rules/review.ts checks. */
export interface StoredCriterion {
  key: string;
  nameZh: string;
  nameEn: string;
  weight: number;
}
export interface StoredScore {
  key: string;
  score: number;
  comment: string;
}

/**
 * A call for proposals of the joint fund; its lifecycle is server/features/fund/rules/call-lifecycle.ts.
 * The centre pays `central_bp` of every funded project's cost, the regions the rest by the project's
 * agreed plan; the centre's money is `central_yuan`, each region's is a row in fund_contributions.
 */
export const fundCalls = pgTable(
  "fund_calls",
  {
    id: serial("id").primaryKey(),
    status: fundCallStatusEnum("status").notNull().default("draft"),
    titleZh: text("title_zh").notNull(),
    titleEn: text("title_en").notNull(),
    descriptionZh: text("description_zh").notNull(),
    descriptionEn: text("description_en").notNull(),
    deadline: timestamp("deadline", { withTimezone: true }).notNull(),
    /** The China day reviews are due; reviewers with an unsubmitted review are reminded before it. */
    reviewDueOn: date("review_due_on", { mode: "string" }),
    centralBp: integer("central_bp").notNull(),
    centralYuan: bigint("central_yuan", { mode: "number" }).notNull(),
    criteria: jsonb("criteria").$type<StoredCriterion[]>().notNull(),
    /** Conflict-of-interest option: no reviewer from a region taking part in the proposal. */
    excludeProposalRegions: boolean("exclude_proposal_regions").notNull().default(false),
    createdById: integer("created_by_id")
      .notNull()
      .references(() => accounts.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    statusChangedAt: timestamp("status_changed_at", { withTimezone: true }).notNull().defaultNow(),
    /** The body's decision on the portfolio: which method's portfolio, by whom, why. */
    portfolioMethod: fundPortfolioMethodEnum("portfolio_method"),
    portfolioDecidedById: integer("portfolio_decided_by_id").references(() => accounts.id),
    portfolioDecidedAt: timestamp("portfolio_decided_at", { withTimezone: true }),
    portfolioReason: text("portfolio_reason"),
    /** How far (basis points of share) a funded project's actual cost shares may drift before a revision may be proposed. */
    driftThresholdBp: integer("drift_threshold_bp").notNull().default(defaultDriftThresholdBp),
  },
  (table) => [
    check("fund_calls_central_bp_range", sql`${table.centralBp} between 0 and 10000`),
    check("fund_calls_drift_threshold_range", sql`${table.driftThresholdBp} between 1 and 10000`),
    check("fund_calls_central_yuan_nonnegative", sql`${table.centralYuan} >= 0`),
    index("fund_calls_status_idx").on(table.status, table.deadline),
  ],
);
export type FundCall = typeof fundCalls.$inferSelect;

export const fundCallRecommendations = pgTable(
  "fund_call_recommendations",
  {
    callId: integer("call_id")
      .notNull()
      .references(() => fundCalls.id),
    recommendationId: integer("recommendation_id")
      .notNull()
      .references(() => recommendations.id),
  },
  (table) => [primaryKey({ columns: [table.callId, table.recommendationId] })],
);

/** Each region's money in a call, integer yuan. */
export const fundContributions = pgTable(
  "fund_contributions",
  {
    callId: integer("call_id")
      .notNull()
      .references(() => fundCalls.id),
    regionId: integer("region_id")
      .notNull()
      .references(() => regions.id),
    amountYuan: bigint("amount_yuan", { mode: "number" }).notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.callId, table.regionId] }),
    check("fund_contributions_nonnegative", sql`${table.amountYuan} >= 0`),
  ],
);

/** The reviewer flag on researcher accounts: a row while an admin has granted it (audited). */
export const fundReviewers = pgTable("fund_reviewers", {
  accountId: integer("account_id")
    .primaryKey()
    .references(() => accounts.id),
  grantedById: integer("granted_by_id")
    .notNull()
    .references(() => accounts.id),
  grantedAt: timestamp("granted_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * A joint project submitted to a call with the benefit-sharing plan whose cost shares it asks to be
 * funded by; `requested_yuan` is the project's budget when submitted, the cost the portfolio splits.
 */
export const fundSubmissions = pgTable(
  "fund_submissions",
  {
    id: serial("id").primaryKey(),
    callId: integer("call_id")
      .notNull()
      .references(() => fundCalls.id),
    projectId: integer("project_id")
      .notNull()
      .references(() => projects.id),
    planId: integer("plan_id")
      .notNull()
      .references(() => benefitPlans.id),
    requestedYuan: bigint("requested_yuan", { mode: "number" }).notNull(),
    submittedById: integer("submitted_by_id")
      .notNull()
      .references(() => accounts.id),
    submittedAt: timestamp("submitted_at", { withTimezone: true }).notNull().defaultNow(),
    funded: boolean("funded").notNull().default(false),
  },
  (table) => [
    uniqueIndex("fund_submissions_call_project_idx").on(table.callId, table.projectId),
    check("fund_submissions_requested_positive", sql`${table.requestedYuan} > 0`),
  ],
);
export type FundSubmission = typeof fundSubmissions.$inferSelect;

/**
 * A reviewer's assignment to a proposal and, once submitted, their review. The conflict-of-interest
 * declaration is stamped when the reviewer accepts; scores are taken only after it.
 */
export const fundAssignments = pgTable(
  "fund_assignments",
  {
    id: serial("id").primaryKey(),
    submissionId: integer("submission_id")
      .notNull()
      .references(() => fundSubmissions.id),
    reviewerId: integer("reviewer_id")
      .notNull()
      .references(() => accounts.id),
    assignedById: integer("assigned_by_id")
      .notNull()
      .references(() => accounts.id),
    assignedAt: timestamp("assigned_at", { withTimezone: true }).notNull().defaultNow(),
    declaredAt: timestamp("declared_at", { withTimezone: true }),
    scores: jsonb("scores").$type<StoredScore[]>(),
    /** Hundredths of a point, rules/review.ts `weightedScore`. */
    weightedScore: integer("weighted_score"),
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
  },
  (table) => [
    uniqueIndex("fund_assignments_submission_reviewer_idx").on(table.submissionId, table.reviewerId),
    index("fund_assignments_reviewer_idx").on(table.reviewerId),
  ],
);

export const fundMilestones = pgTable(
  "fund_milestones",
  {
    id: serial("id").primaryKey(),
    submissionId: integer("submission_id")
      .notNull()
      .references(() => fundSubmissions.id),
    title: text("title").notNull(),
    deliverable: text("deliverable").notNull(),
    dueOn: date("due_on", { mode: "string" }).notNull(),
    evidenceUrl: text("evidence_url"),
    doneOn: date("done_on", { mode: "string" }),
    createdById: integer("created_by_id")
      .notNull()
      .references(() => accounts.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("fund_milestones_submission_idx").on(table.submissionId, table.dueOn)],
);

/** Money actually paid to a funded project by one funder: a region, or the centre (`region_id` null). */
export const fundDisbursements = pgTable(
  "fund_disbursements",
  {
    id: serial("id").primaryKey(),
    submissionId: integer("submission_id")
      .notNull()
      .references(() => fundSubmissions.id),
    regionId: integer("region_id").references(() => regions.id),
    amountYuan: bigint("amount_yuan", { mode: "number" }).notNull(),
    paidOn: date("paid_on", { mode: "string" }).notNull(),
    note: text("note").notNull().default(""),
    recordedById: integer("recorded_by_id")
      .notNull()
      .references(() => accounts.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    check("fund_disbursements_positive", sql`${table.amountYuan} > 0`),
    index("fund_disbursements_submission_idx").on(table.submissionId),
  ],
);

export const fundProgressUpdates = pgTable(
  "fund_progress_updates",
  {
    id: serial("id").primaryKey(),
    submissionId: integer("submission_id")
      .notNull()
      .references(() => fundSubmissions.id),
    status: fundProgressStatusEnum("status").notNull(),
    percent: integer("percent").notNull(),
    body: text("body").notNull(),
    authorId: integer("author_id")
      .notNull()
      .references(() => accounts.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    check("fund_progress_percent_range", sql`${table.percent} between 0 and 100`),
    index("fund_progress_submission_idx").on(table.submissionId, table.createdAt),
  ],
);

/** Outcomes a funded project reports (papers, patents, contracts, …), a count each, audited when recorded. */
export const fundOutcomes = pgTable(
  "fund_outcomes",
  {
    id: serial("id").primaryKey(),
    submissionId: integer("submission_id")
      .notNull()
      .references(() => fundSubmissions.id),
    type: fundOutcomeTypeEnum("type").notNull(),
    count: integer("count").notNull(),
    achievedOn: date("achieved_on", { mode: "string" }).notNull(),
    link: text("link"),
    note: text("note").notNull().default(""),
    recordedById: integer("recorded_by_id")
      .notNull()
      .references(() => accounts.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    check("fund_outcomes_count_positive", sql`${table.count} > 0`),
    index("fund_outcomes_submission_idx").on(table.submissionId, table.achievedOn),
  ],
);

/** A portfolio as it was frozen for the regions' vote: the shape of server/features/fund/rules/portfolio-plan.ts. */
export interface StoredPortfolioPlan {
  method: PortfolioMethod;
  projects: { id: number; score: number; parts: { funderId: number; yuan: number }[] }[];
  funders: { funderId: number; spentYuan: number; capYuan: number }[];
  totalScore: number;
}

/**
 * A call's portfolio put to one ballot under regional consent (issue #19.3). The ballot has no
 * project; its one plan (`plan_id`, no shares) stands for `plan`, frozen at opening. `outcome` is
 * written at the close: awarded, or why not.
 */
export const portfolioBallots = pgTable(
  "portfolio_ballots",
  {
    ballotId: integer("ballot_id")
      .primaryKey()
      .references(() => ballots.id),
    callId: integer("call_id")
      .notNull()
      .references(() => fundCalls.id),
    planId: integer("plan_id")
      .notNull()
      .references(() => benefitPlans.id),
    plan: jsonb("plan").$type<StoredPortfolioPlan>().notNull(),
    outcome: portfolioBallotOutcomeEnum("outcome"),
  },
  (table) => [
    index("portfolio_ballots_call_idx").on(table.callId, table.ballotId),
    // One undecided portfolio ballot per call, held by the database.
    uniqueIndex("portfolio_ballots_one_pending_idx")
      .on(table.callId)
      .where(sql`${table.outcome} is null`),
  ],
);
export type PortfolioBallot = typeof portfolioBallots.$inferSelect;

/** Each region's drift when a revision was proposed, in basis points of share (server/features/fund/rules/cost-drift.ts). */
export interface StoredDrift {
  regionId: number;
  plannedBp: number;
  actualBp: number;
  driftBp: number;
}

/**
 * A funded project's cost shares put back to the regions when the money actually paid drifted from
 * the agreed plan (issue #19). The ballot is the project's (a further round), under regional consent,
 * with two plans: `kept_plan_id` (the agreed shares as they stand) and `revised_plan_id`. On the
 * revision's win the submission's `plan_id` becomes it, so the planned disbursements follow.
 */
export const fundRevisions = pgTable(
  "fund_revisions",
  {
    ballotId: integer("ballot_id")
      .primaryKey()
      .references(() => ballots.id),
    submissionId: integer("submission_id")
      .notNull()
      .references(() => fundSubmissions.id),
    /** The plan in force when proposed; the close refuses to revise if it changed meanwhile. */
    agreedPlanId: integer("agreed_plan_id")
      .notNull()
      .references(() => benefitPlans.id),
    keptPlanId: integer("kept_plan_id")
      .notNull()
      .references(() => benefitPlans.id),
    revisedPlanId: integer("revised_plan_id")
      .notNull()
      .references(() => benefitPlans.id),
    reason: text("reason").notNull(),
    drift: jsonb("drift").$type<StoredDrift[]>().notNull(),
    thresholdBp: integer("threshold_bp").notNull(),
    proposedById: integer("proposed_by_id")
      .notNull()
      .references(() => accounts.id),
    proposedAt: timestamp("proposed_at", { withTimezone: true }).notNull(),
    outcome: fundRevisionOutcomeEnum("outcome"),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
  },
  (table) => [
    index("fund_revisions_submission_idx").on(table.submissionId, table.ballotId),
    // One open revision per project at a time, held by the database.
    uniqueIndex("fund_revisions_one_pending_idx")
      .on(table.submissionId)
      .where(sql`${table.outcome} is null`),
  ],
);
export type FundRevision = typeof fundRevisions.$inferSelect;

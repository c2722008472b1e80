import { sql } from "drizzle-orm";
import {
  boolean,
  check,
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
import type { Decision } from "@/shared/ballot-result";
import { ballotRules, ballotStatuses, ballotVisibilities, voteChoices } from "@/shared/ballot-vocabulary";
import { accounts } from "../core/accounts";
import { projects } from "./projects";
import { regions } from "../core/regions";

export {
  ballotRules,
  ballotStatuses,
  ballotVisibilities,
  voteChoices,
  type BallotRule,
  type BallotStatus,
  type BallotVisibility,
  type VoteChoice,
} from "@/shared/ballot-vocabulary";

export const ballotRuleEnum = pgEnum("ballot_rule", ballotRules);
export const ballotVisibilityEnum = pgEnum("ballot_visibility", ballotVisibilities);
export const ballotStatusEnum = pgEnum("ballot_status", ballotStatuses);
export const voteChoiceEnum = pgEnum("vote_choice", voteChoices);

/**
 * A ballot is one round of voting on frozen plans: a project's benefit-sharing plans, or (no project)
 * a fund call's portfolio, linked by its portfolio_ballots row (db/schema/cycle/fund.ts). The electorate,
 * the per-region quorum and the plans are fixed when it opens; `result` and `digest` are written once, at the close.
 */
export const ballots = pgTable(
  "ballots",
  {
    id: serial("id").primaryKey(),
    /** Null for a portfolio ballot. */
    projectId: integer("project_id").references(() => projects.id),
    round: integer("round").notNull(),
    rule: ballotRuleEnum("rule").notNull().default("regional_consent"),
    quorumBp: integer("quorum_bp").notNull().default(5000),
    visibility: ballotVisibilityEnum("visibility").notNull().default("secret"),
    showRunningTallies: boolean("show_running_tallies").notNull().default(false),
    status: ballotStatusEnum("status").notNull().default("open"),
    openedById: integer("opened_by_id")
      .notNull()
      .references(() => accounts.id),
    openedAt: timestamp("opened_at", { withTimezone: true }).notNull().defaultNow(),
    closesAt: timestamp("closes_at", { withTimezone: true }).notNull(),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    /** Null when the scheduler closed it at its time. */
    closedById: integer("closed_by_id").references(() => accounts.id),
    result: jsonb("result").$type<Decision>(),
    /**
     * HMAC-SHA256 (hex) of the canonical sorted vote set under `digest_key`, see
     * server/features/ballots/rules/ballot-secrecy.ts: a commitment nobody without the key can test guesses against.
     */
    digest: text("digest"),
    /** The digest's key: random per ballot, made at opening, never leaves the server. */
    digestKey: text("digest_key").notNull(),
  },
  (table) => [
    check("ballots_quorum_range", sql`${table.quorumBp} between 0 and 10000`),
    check("ballots_round_positive", sql`${table.round} >= 1`),
    uniqueIndex("ballots_project_round_idx").on(table.projectId, table.round),
    // At most one ballot of a project is open at a time, held by the database.
    uniqueIndex("ballots_one_open_idx")
      .on(table.projectId)
      .where(sql`${table.status} = 'open'`),
    // The scheduler's lookup of what is due.
    index("ballots_open_closes_idx")
      .on(table.closesAt)
      .where(sql`${table.status} = 'open'`),
  ],
);
export type Ballot = typeof ballots.$inferSelect;

/**
 * A benefit-sharing plan. Proposed while the project is submitted (`ballot_id` null); attached to, and
 * frozen by, the ballot that puts it to the vote. A later round's revised plans are new rows. A
 * portfolio ballot's one plan has no project and no shares: what it proposes is its portfolio_ballots row.
 */
export const benefitPlans = pgTable(
  "benefit_plans",
  {
    id: serial("id").primaryKey(),
    /** Null only for a portfolio ballot's plan. */
    projectId: integer("project_id").references(() => projects.id),
    ballotId: integer("ballot_id").references(() => ballots.id),
    authorId: integer("author_id")
      .notNull()
      .references(() => accounts.id),
    rationale: text("rationale").notNull(),
    terms: text("terms"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index("benefit_plans_project_idx").on(table.projectId, table.id),
    index("benefit_plans_ballot_idx").on(table.ballotId, table.id),
  ],
);
export type BenefitPlan = typeof benefitPlans.$inferSelect;

export const planShares = pgTable(
  "plan_shares",
  {
    planId: integer("plan_id")
      .notNull()
      .references(() => benefitPlans.id),
    regionId: integer("region_id")
      .notNull()
      .references(() => regions.id),
    costBp: integer("cost_bp").notNull(),
    benefitBp: integer("benefit_bp").notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.planId, table.regionId] }),
    check("plan_shares_cost_range", sql`${table.costBp} between 0 and 10000`),
    check("plan_shares_benefit_range", sql`${table.benefitBp} between 0 and 10000`),
  ],
);
export type PlanShare = typeof planShares.$inferSelect;

/** Each participating region's electorate size and quorum, fixed at opening. */
export const ballotRegions = pgTable(
  "ballot_regions",
  {
    ballotId: integer("ballot_id")
      .notNull()
      .references(() => ballots.id),
    regionId: integer("region_id")
      .notNull()
      .references(() => regions.id),
    electorate: integer("electorate").notNull(),
    quorum: integer("quorum").notNull(),
  },
  (table) => [primaryKey({ columns: [table.ballotId, table.regionId] })],
);

/** Who may vote, with the region they stood for when the ballot opened. */
export const ballotElectorate = pgTable(
  "ballot_electorate",
  {
    ballotId: integer("ballot_id")
      .notNull()
      .references(() => ballots.id),
    accountId: integer("account_id")
      .notNull()
      .references(() => accounts.id),
    regionId: integer("region_id")
      .notNull()
      .references(() => regions.id),
    /** Set by the voter's first vote; turnout counts these. */
    firstVotedAt: timestamp("first_voted_at", { withTimezone: true }),
  },
  (table) => [
    primaryKey({ columns: [table.ballotId, table.accountId] }),
    index("ballot_electorate_region_idx").on(table.ballotId, table.regionId),
  ],
);

export const votes = pgTable(
  "votes",
  {
    ballotId: integer("ballot_id")
      .notNull()
      .references(() => ballots.id),
    planId: integer("plan_id")
      .notNull()
      .references(() => benefitPlans.id),
    voterId: integer("voter_id")
      .notNull()
      .references(() => accounts.id),
    /** Copied from the electorate so the recount needs no join. */
    regionId: integer("region_id")
      .notNull()
      .references(() => regions.id),
    choice: voteChoiceEnum("choice").notNull(),
    /** The voter's private ballot tracker: random, new whenever the mark changes; the result lists the counted ones. */
    receipt: text("receipt").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex("votes_ballot_plan_voter_idx").on(table.ballotId, table.planId, table.voterId)],
);
export type Vote = typeof votes.$inferSelect;

/**
 * Live counters, split into slots so concurrent voters do not queue on one row: a vote changes the
 * row of its (plan, region) at slot `voter_id mod ballotTallySlots`; readers sum the slots.
 */
export const ballotTallySlots = pgTable(
  "ballot_tally_slots",
  {
    ballotId: integer("ballot_id")
      .notNull()
      .references(() => ballots.id),
    planId: integer("plan_id")
      .notNull()
      .references(() => benefitPlans.id),
    regionId: integer("region_id")
      .notNull()
      .references(() => regions.id),
    slot: integer("slot").notNull(),
    approve: integer("approve").notNull().default(0),
    reject: integer("reject").notNull().default(0),
    abstain: integer("abstain").notNull().default(0),
  },
  (table) => [primaryKey({ columns: [table.ballotId, table.planId, table.regionId, table.slot] })],
);

/**
 * A region's consent, given by one of its coordination-body members, to decide a project by simple
 * majority although its plans change cost shares. Given while the project awaits its ballot
 * (`ballot_id` null); the ballot that opens on it takes the pending consents (and shows them).
 */
export const simpleMajorityConsents = pgTable(
  "simple_majority_consents",
  {
    id: serial("id").primaryKey(),
    projectId: integer("project_id")
      .notNull()
      .references(() => projects.id),
    regionId: integer("region_id")
      .notNull()
      .references(() => regions.id),
    accountId: integer("account_id")
      .notNull()
      .references(() => accounts.id),
    ballotId: integer("ballot_id").references(() => ballots.id),
    givenAt: timestamp("given_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    // One pending consent per region: a second member of the region finds it given.
    uniqueIndex("simple_majority_consents_pending_idx")
      .on(table.projectId, table.regionId)
      .where(sql`${table.ballotId} is null`),
    index("simple_majority_consents_ballot_idx").on(table.ballotId),
  ],
);
export type SimpleMajorityConsent = typeof simpleMajorityConsents.$inferSelect;

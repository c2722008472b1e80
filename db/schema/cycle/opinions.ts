import { sql } from "drizzle-orm";
import {
  boolean,
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
import { opinionChoices, organisationKinds, roundStates } from "@/shared/opinion-vocabulary";
import { accounts } from "../core/accounts";
import { commentStateEnum, comments, forums, topics } from "../decisions/deliberation";
import { regions } from "../core/regions";

export {
  opinionChoices,
  organisationKinds,
  roundStates,
  type OpinionChoice,
  type OrganisationKind,
  type RoundState,
} from "@/shared/opinion-vocabulary";

export const organisationKindEnum = pgEnum("organisation_kind", organisationKinds);
export const roundStateEnum = pgEnum("opinion_round_state", roundStates);
export const opinionChoiceEnum = pgEnum("opinion_choice", opinionChoices);

/**
 * The kind of organisation a person works for, which tells a sectoral split from a regional one on
 * the opinion map. Kept beside the account (one row per account, set on the profile) rather than as
 * a column of accounts, so this feature adds no column to a table others are changing.
 */
export const accountOrganisationKinds = pgTable("account_organisation_kinds", {
  accountId: integer("account_id")
    .primaryKey()
    .references(() => accounts.id),
  kind: organisationKindEnum("kind").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** An opinion round on a topic, or on a forum (a recommendation's) when it has no topic. */
export const opinionRounds = pgTable(
  "opinion_rounds",
  {
    id: serial("id").primaryKey(),
    forumId: integer("forum_id")
      .notNull()
      .references(() => forums.id),
    topicId: integer("topic_id").references(() => topics.id),
    question: text("question").notNull(),
    state: roundStateEnum("state").notNull().default("open"),
    /** New statements wait for a moderator before anyone votes on them. */
    holdNewStatements: boolean("hold_new_statements").notNull().default(false),
    /** Votes a person casts before they are placed on the map (capped at the number of statements). */
    minVotes: integer("min_votes").notNull().default(7),
    createdById: integer("created_by_id")
      .notNull()
      .references(() => accounts.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp("closed_at", { withTimezone: true }),
  },
  (table) => [
    index("opinion_rounds_topic_idx").on(table.topicId),
    index("opinion_rounds_forum_idx").on(table.forumId, table.id),
    check("opinion_rounds_min_votes", sql`${table.minVotes} BETWEEN 1 AND 50`),
  ],
);
export type OpinionRound = typeof opinionRounds.$inferSelect;

export const opinionStatements = pgTable(
  "opinion_statements",
  {
    id: serial("id").primaryKey(),
    roundId: integer("round_id")
      .notNull()
      .references(() => opinionRounds.id),
    authorId: integer("author_id")
      .notNull()
      .references(() => accounts.id),
    authorRegionId: integer("author_region_id")
      .notNull()
      .references(() => regions.id),
    text: text("text").notNull(),
    /** The comment it was made from by that comment's author, if any. */
    fromCommentId: integer("from_comment_id").references(() => comments.id),
    /** visible, held (waiting for a moderator) or hidden; never withdrawn once votes rest on it. */
    state: commentStateEnum("state").notNull().default("visible"),
    hiddenReason: text("hidden_reason"),
    /** Votes cast on it (pass included), kept with each vote so the next-statement order is one indexed read. */
    voteCount: integer("vote_count").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index("opinion_statements_round_idx").on(table.roundId, table.state, table.voteCount, table.id),
    uniqueIndex("opinion_statements_from_comment_idx").on(table.roundId, table.fromCommentId),
    check("opinion_statements_text_length", sql`char_length(${table.text}) BETWEEN 1 AND 280`),
  ],
);
export type OpinionStatement = typeof opinionStatements.$inferSelect;

/**
 * A person's standing in a round, written at their first vote: their region and kind of organisation
 * then (the map keeps history if they move), and the random name of their dot on the public map.
 */
export const opinionParticipants = pgTable(
  "opinion_participants",
  {
    roundId: integer("round_id")
      .notNull()
      .references(() => opinionRounds.id),
    accountId: integer("account_id")
      .notNull()
      .references(() => accounts.id),
    regionId: integer("region_id")
      .notNull()
      .references(() => regions.id),
    organisationKind: organisationKindEnum("organisation_kind"),
    pseudonym: text("pseudonym").notNull(),
    joinedAt: timestamp("joined_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.roundId, table.accountId] }),
    uniqueIndex("opinion_participants_pseudonym_idx").on(table.roundId, table.pseudonym),
  ],
);

export const opinionVotes = pgTable(
  "opinion_votes",
  {
    statementId: integer("statement_id")
      .notNull()
      .references(() => opinionStatements.id),
    voterId: integer("voter_id")
      .notNull()
      .references(() => accounts.id),
    roundId: integer("round_id")
      .notNull()
      .references(() => opinionRounds.id),
    choice: opinionChoiceEnum("choice").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    /** The round's vote version (opinionVoteVersions) of the transaction that last wrote this vote. */
    version: integer("version").notNull().default(0),
  },
  // One vote per person per statement, held by the database.
  (table) => [
    primaryKey({ columns: [table.statementId, table.voterId] }),
    index("opinion_votes_round_idx").on(table.roundId),
    index("opinion_votes_round_version_idx").on(table.roundId, table.version),
  ],
);

/**
 * A counter per round that every transaction writing votes bumps as its last lock, and stamps on the
 * votes it writes. The row lock orders the bumps as the commits, so a snapshot that sees version V has
 * every vote of versions up to V: a process that holds a round's votes in memory up to V reads only
 * the votes of a later version (vote-matrix.ts), whichever process wrote them.
 */
export const opinionVoteVersions = pgTable("opinion_vote_versions", {
  roundId: integer("round_id")
    .primaryKey()
    .references(() => opinionRounds.id),
  version: integer("version").notNull().default(0),
});

/**
 * The latest computed map of a round (k-anonymised, what pages show) and, apart, each participant's
 * group label, which only the next recompute reads to keep group names stable.
 */
export const opinionMaps = pgTable("opinion_maps", {
  roundId: integer("round_id")
    .primaryKey()
    .references(() => opinionRounds.id),
  version: integer("version").notNull().default(0),
  /**
   * The map packed (rules/map-codec.ts): one string costs PGlite no JSON parsing on the event loop.
   * Rows written before packing hold the map's JSON text, which readers still accept.
   */
  map: text("map").notNull(),
  /** Participant id → group label, packed the same way (or JSON pairs in older rows). */
  labels: text("labels").notNull(),
  /** The round's vote total the map was computed from, so a recompute can tell it is behind. */
  votesSeen: integer("votes_seen").notNull().default(0),
  computedAt: timestamp("computed_at", { withTimezone: true }).notNull().defaultNow(),
  durationMs: integer("duration_ms").notNull().default(0),
});

import { sql } from "drizzle-orm";
import { index, integer, pgEnum, pgTable, primaryKey, serial, text, timestamp } from "drizzle-orm/pg-core";
import { commentStates, reactionKinds, stances, threadOwnerKinds } from "@/shared/vocabulary";
import { accounts } from "../core/accounts";
import { measures, recommendations } from "../core/recommendations";
import { clusters, regions } from "../core/regions";

export {
  commentStates,
  reactionKinds,
  stances,
  threadOwnerKinds,
  type CommentState,
  type ReactionKind,
  type Stance,
  type ThreadOwnerKind,
} from "@/shared/vocabulary";

export const stanceEnum = pgEnum("stance", stances);
export const commentStateEnum = pgEnum("comment_state", commentStates);
export const reactionKindEnum = pgEnum("reaction_kind", reactionKinds);
export const threadOwnerKindEnum = pgEnum("thread_owner_kind", threadOwnerKinds);

/** A forum: one per recommendation, plus any an admin opens (e.g. one per city cluster). */
export const forums = pgTable("forums", {
  id: serial("id").primaryKey(),
  slug: text("slug").notNull().unique(),
  recommendationId: integer("recommendation_id").references(() => recommendations.id),
  clusterId: integer("cluster_id").references(() => clusters.id),
  titleZh: text("title_zh").notNull(),
  titleEn: text("title_en").notNull(),
  descriptionZh: text("description_zh").notNull().default(""),
  descriptionEn: text("description_en").notNull().default(""),
  archivedAt: timestamp("archived_at", { withTimezone: true }),
  createdById: integer("created_by_id").references(() => accounts.id),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});
export type Forum = typeof forums.$inferSelect;

/**
 * The comments of any discussable thing. A topic owns one, a project owns one; a new kind of owner
 * adds a row here and needs no new comment code.
 */
export const threads = pgTable("threads", {
  id: serial("id").primaryKey(),
  ownerKind: threadOwnerKindEnum("owner_kind").notNull(),
  /** The stream that hears this thread's events, e.g. `topic:4` or `project:9`. */
  stream: text("stream").notNull(),
  lockedAt: timestamp("locked_at", { withTimezone: true }),
  commentCount: integer("comment_count").notNull().default(0),
  lastActivityAt: timestamp("last_activity_at", { withTimezone: true }).notNull().defaultNow(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});
export type Thread = typeof threads.$inferSelect;

export const topics = pgTable(
  "topics",
  {
    id: serial("id").primaryKey(),
    forumId: integer("forum_id")
      .notNull()
      .references(() => forums.id),
    threadId: integer("thread_id")
      .notNull()
      .unique()
      .references(() => threads.id),
    authorId: integer("author_id")
      .notNull()
      .references(() => accounts.id),
    /** The author's region when posting: filters and charts keep history even if they move. */
    authorRegionId: integer("author_region_id")
      .notNull()
      .references(() => regions.id),
    title: text("title").notNull(),
    body: text("body").notNull(),
    bodyHtml: text("body_html").notNull(),
    /** Plain text for lists and notifications, made once when the body is written. */
    excerpt: text("excerpt").notNull().default(""),
    state: commentStateEnum("state").notNull().default("visible"),
    /** The public reason shown while a moderator keeps the topic hidden. */
    hiddenReason: text("hidden_reason"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastActivityAt: timestamp("last_activity_at", { withTimezone: true }).notNull().defaultNow(),
    commentCount: integer("comment_count").notNull().default(0),
  },
  (table) => [
    index("topics_forum_activity_idx").on(table.forumId, table.lastActivityAt, table.id),
    index("topics_forum_discussed_idx").on(table.forumId, table.commentCount, table.id),
  ],
);
export type Topic = typeof topics.$inferSelect;

export const comments = pgTable(
  "comments",
  {
    id: serial("id").primaryKey(),
    threadId: integer("thread_id")
      .notNull()
      .references(() => threads.id),
    parentId: integer("parent_id"),
    /** The top-level comment this one answers (itself for a top-level comment): pages load whole sub-threads. */
    rootId: integer("root_id"),
    depth: integer("depth").notNull().default(0),
    authorId: integer("author_id")
      .notNull()
      .references(() => accounts.id),
    authorRegionId: integer("author_region_id")
      .notNull()
      .references(() => regions.id),
    stance: stanceEnum("stance"),
    amendmentMeasureId: integer("amendment_measure_id").references(() => measures.id),
    amendmentText: text("amendment_text"),
    body: text("body").notNull(),
    bodyHtml: text("body_html").notNull(),
    state: commentStateEnum("state").notNull().default("visible"),
    hiddenReason: text("hidden_reason"),
    editedAt: timestamp("edited_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index("comments_thread_roots_idx")
      .on(table.threadId, table.id)
      .where(sql`${table.parentId} IS NULL`),
    index("comments_root_idx").on(table.rootId, table.id),
    index("comments_author_created_idx").on(table.authorId, table.createdAt),
  ],
);
export type Comment = typeof comments.$inferSelect;

/** Earlier texts of an edited comment, kept so readers can see what changed. */
export const commentVersions = pgTable(
  "comment_versions",
  {
    id: serial("id").primaryKey(),
    commentId: integer("comment_id")
      .notNull()
      .references(() => comments.id),
    stance: stanceEnum("stance"),
    amendmentMeasureId: integer("amendment_measure_id").references(() => measures.id),
    amendmentText: text("amendment_text"),
    body: text("body").notNull(),
    bodyHtml: text("body_html").notNull(),
    /** When this text was first published (the comment's creation or its previous edit). */
    writtenAt: timestamp("written_at", { withTimezone: true }).notNull(),
    replacedAt: timestamp("replaced_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("comment_versions_comment_idx").on(table.commentId, table.id)],
);

export const reactions = pgTable(
  "reactions",
  {
    commentId: integer("comment_id")
      .notNull()
      .references(() => comments.id),
    accountId: integer("account_id")
      .notNull()
      .references(() => accounts.id),
    regionId: integer("region_id")
      .notNull()
      .references(() => regions.id),
    kind: reactionKindEnum("kind").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  // One reaction per person per comment, held by the database, not only the code.
  (table) => [primaryKey({ columns: [table.commentId, table.accountId] })],
);

import { eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { forums, opinionRounds, topics, type OpinionRound, type OpinionStatement } from "@/db/schema";
import type { SessionUser } from "@/server/infra/auth/session";
import { streamKey, type StreamKey } from "@/server/domain/stream-access";
import { commentVisibility, topicVisibility, type Visibility } from "@/server/domain/visibility";
import { AppError } from "@/server/errors";
import type { StatementView } from "./events";

export type Viewer = Pick<SessionUser, "id" | "role"> | null;

export const roundStream = (roundId: number): StreamKey => streamKey({ kind: "round", id: roundId });

const missing = () => new AppError("NOT_FOUND", "That opinion round does not exist");

/**
 * One visibility rule for a round, asked by every read (page, statements, map, export, stream): a
 * round is as visible as the topic it runs on; a forum's round as its forum (forums are public).
 */
export async function roundVisibility(db: Db | Tx, viewer: Viewer, round: OpinionRound): Promise<Visibility> {
  if (round.topicId === null) return "full";
  const [topic] = await db
    .select({ state: topics.state, authorId: topics.authorId })
    .from(topics)
    .where(eq(topics.id, round.topicId));
  return topic ? topicVisibility(topic, viewer) : "none";
}

/** The round, or NOT_FOUND when it does not exist for this viewer; with `lock` its row is locked for update. */
export async function loadVisibleRound(
  db: Db | Tx,
  viewer: Viewer,
  roundId: number,
  lock?: "update" | "share",
): Promise<OpinionRound> {
  const query = db.select().from(opinionRounds).where(eq(opinionRounds.id, roundId));
  const [round] = lock ? await query.for(lock === "update" ? "update" : "key share") : await query;
  if (!round || (await roundVisibility(db, viewer, round)) === "none") throw missing();
  return round;
}

/** Contributions (statements, votes) need an open round on a topic that is not merely a notice. */
export async function ensureOpenForContributions(db: Db | Tx, viewer: Viewer, round: OpinionRound): Promise<void> {
  if (round.state === "closed") throw new AppError("ROUND_CLOSED", "This opinion round has closed");
  if ((await roundVisibility(db, viewer, round)) !== "full") throw missing();
  const [forum] = await db.select({ archivedAt: forums.archivedAt }).from(forums).where(eq(forums.id, round.forumId));
  if (forum?.archivedAt) throw new AppError("FORUM_ARCHIVED", "This forum is archived and read-only");
}

/** A statement's visibility: the comment rule (held: its author and moderators; hidden: a notice). */
export const statementVisibility = (statement: OpinionStatement, viewer: Viewer): Visibility =>
  commentVisibility(statement, viewer);

export function statementView(statement: OpinionStatement, visibility: Visibility): StatementView {
  return {
    id: statement.id,
    roundId: statement.roundId,
    text: visibility === "full" ? statement.text : null,
    state: statement.state,
    hiddenReason: statement.state === "hidden" ? statement.hiddenReason : null,
    voteCount: statement.voteCount,
    fromCommentId: statement.fromCommentId,
    createdAt: statement.createdAt.toISOString(),
  };
}

/** What the public stream may carry: a statement as a signed-out reader sees it. */
export const publicStatementView = (statement: OpinionStatement) =>
  statementView(statement, statementVisibility(statement, null));

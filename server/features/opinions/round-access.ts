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
 * Returned as a rule of the viewer, so a batch of votes from many people reads the topic once.
 */
export async function roundVisibilityRule(db: Db | Tx, round: OpinionRound): Promise<(viewer: Viewer) => Visibility> {
  if (round.topicId === null) return () => "full";
  const [topic] = await db
    .select({ state: topics.state, authorId: topics.authorId })
    .from(topics)
    .where(eq(topics.id, round.topicId));
  return (viewer) => (topic ? topicVisibility(topic, viewer) : "none");
}

export async function roundVisibility(db: Db | Tx, viewer: Viewer, round: OpinionRound): Promise<Visibility> {
  return (await roundVisibilityRule(db, round))(viewer);
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
  const refusal = (await contributionRefusal(db, round))(viewer);
  if (refusal) throw refusal;
}

/**
 * Why a viewer may not contribute to a round (null: they may), in the order the single-vote path
 * refuses: a round they cannot see does not exist, then closed, then a topic shown only as a notice,
 * then an archived forum. The round's topic and forum are read once for any number of viewers.
 */
export async function contributionRefusal(
  db: Db | Tx,
  round: OpinionRound,
): Promise<(viewer: Viewer) => AppError | null> {
  const visibility = await roundVisibilityRule(db, round);
  const [forum] = await db.select({ archivedAt: forums.archivedAt }).from(forums).where(eq(forums.id, round.forumId));
  return (viewer) => {
    const seen = visibility(viewer);
    if (seen === "none") return missing();
    if (round.state === "closed") return new AppError("ROUND_CLOSED", "This opinion round has closed");
    if (seen !== "full") return missing();
    if (forum?.archivedAt) return new AppError("FORUM_ARCHIVED", "This forum is archived and read-only");
    return null;
  };
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

import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import type { Tx } from "@/db/client";
import { comments, opinionStatements, topics, type OpinionRound } from "@/db/schema";
import type { SessionUser } from "@/server/infra/auth/session";
import { commentVisibility } from "@/server/domain/visibility";
import { AppError } from "@/server/errors";
import { recordAudit } from "@/server/infra/audit";
import type { ServiceDeps } from "@/server/infra/deps";
import { asCountedAttempt, type PostingLimit } from "@/server/infra/rate-limit";
import { transact, type Emit } from "@/server/infra/transact";
import type { addStatementInput, moderateStatementInput, statementFromCommentInput } from "./contract";
import { enqueueHeld, resolveQueueEntries } from "@/server/features/moderation";
import { requestMapRefresh } from "./map-refresher";
import {
  ensureOpenForContributions,
  loadVisibleRound,
  publicStatementView,
  roundStream,
  statementView,
} from "./round-access";
import { isModerator, statementKey } from "./rules/round-rules";
import { opinionLimits } from "@/shared/opinion-vocabulary";

async function insertStatement(
  tx: Tx,
  emit: Emit,
  deps: ServiceDeps,
  actor: SessionUser,
  round: OpinionRound,
  text: string,
  fromCommentId: number | null,
) {
  const existing = await tx
    .select({ text: opinionStatements.text })
    .from(opinionStatements)
    .where(eq(opinionStatements.roundId, round.id));
  const key = statementKey(text);
  if (existing.some((s) => statementKey(s.text) === key))
    throw new AppError("STATEMENT_EXISTS", "This round already has that statement");
  // A moderator's own statement needs no review; everyone else's waits when the round holds new ones.
  const held = round.holdNewStatements && !isModerator(actor.role);
  const [statement] = await tx
    .insert(opinionStatements)
    .values({
      roundId: round.id,
      authorId: actor.id,
      authorRegionId: actor.regionId,
      text,
      fromCommentId,
      state: held ? "held" : "visible",
      createdAt: deps.now(),
    })
    .returning();
  if (!statement) throw new Error("statement insert returned nothing");
  // A held statement waits in the moderators' queue; it is not news for the public stream until approved.
  if (held)
    await enqueueHeld(tx, emit, {
      kind: "statement",
      id: statement.id,
      authorId: actor.id,
      causes: ["round_review"],
      now: deps.now(),
    });
  else
    await emit(roundStream(round.id), "statement:changed", {
      roundId: round.id,
      statement: publicStatementView(statement),
    });
  return { ...statementView(statement, "full"), mine: true };
}

const statementLimit: PostingLimit = {
  name: "statement",
  windowMs: 3_600_000,
  max: opinionLimits.statementsPerHour,
};
const statementRefusal = () => "You have submitted many statements in the last hour; please wait a little";

export async function addStatement(deps: ServiceDeps, actor: SessionUser, input: z.output<typeof addStatementInput>) {
  return asCountedAttempt(deps.rateLimits, statementLimit, actor.id, statementRefusal, () =>
    transact(deps, async (tx, emit) => {
      const round = await loadVisibleRound(tx, actor, input.roundId, "share");
      await ensureOpenForContributions(tx, actor, round);
      return insertStatement(tx, emit, deps, actor, round, input.text, null);
    }),
  );
}

/**
 * A comment's author turns it into a statement of a round on the same topic (or, for a forum's round,
 * on a topic of that forum). The text may be shortened to fit; the link back to the comment stays.
 */
export async function statementFromComment(
  deps: ServiceDeps,
  actor: SessionUser,
  input: z.output<typeof statementFromCommentInput>,
) {
  return asCountedAttempt(deps.rateLimits, statementLimit, actor.id, statementRefusal, () =>
    transact(deps, async (tx, emit) => {
      const round = await loadVisibleRound(tx, actor, input.roundId, "share");
      await ensureOpenForContributions(tx, actor, round);
      const [comment] = await tx.select().from(comments).where(eq(comments.id, input.commentId));
      if (!comment || commentVisibility(comment, actor) === "none")
        throw new AppError("NOT_FOUND", "That comment does not exist");
      if (comment.authorId !== actor.id)
        throw new AppError("NOT_AUTHOR", "Only its author can turn a comment into a statement");
      if (comment.state !== "visible")
        throw new AppError("COMMENT_UNAVAILABLE", "That comment is not shown, so it cannot become a statement");
      const [topic] = await tx
        .select({ id: topics.id, forumId: topics.forumId })
        .from(topics)
        .where(eq(topics.threadId, comment.threadId));
      const sameTopic =
        topic && (round.topicId === null ? topic.forumId === round.forumId : topic.id === round.topicId);
      if (!sameTopic) throw new AppError("NOT_FOUND", "That comment is not in this round's discussion");
      const [already] = await tx
        .select({ id: opinionStatements.id })
        .from(opinionStatements)
        .where(and(eq(opinionStatements.roundId, round.id), eq(opinionStatements.fromCommentId, comment.id)));
      if (already) throw new AppError("STATEMENT_EXISTS", "This comment is already a statement of the round");
      return insertStatement(tx, emit, deps, actor, round, input.text, comment.id);
    }),
  );
}

/** Hide, restore or approve (a held statement) — for moderators, never on their own statement. */
export async function moderateStatement(
  deps: ServiceDeps,
  actor: SessionUser,
  input: z.output<typeof moderateStatementInput>,
) {
  const result = await transact(deps, async (tx, emit) => {
    const [statement] = await tx
      .select()
      .from(opinionStatements)
      .where(eq(opinionStatements.id, input.statementId))
      .for("update");
    if (!statement) throw new AppError("NOT_FOUND", "That statement does not exist");
    const round = await loadVisibleRound(tx, actor, statement.roundId);
    if (!isModerator(actor.role)) throw new AppError("NOT_MODERATOR", "Only moderators can review statements");
    if (statement.authorId === actor.id)
      throw new AppError("OWN_CONTENT", "You cannot moderate your own statement; another moderator must");
    const next =
      input.action === "hide"
        ? { state: "hidden" as const, hiddenReason: input.reason || null }
        : { state: "visible" as const, hiddenReason: null };
    if (input.action === "approve" && statement.state !== "held")
      throw new AppError("NOTHING_TO_RESOLVE", "That statement is not waiting for review");
    if (statement.state === next.state) return { statement: statementView(statement, "full"), roundId: round.id };
    const [updated] = await tx
      .update(opinionStatements)
      .set(next)
      .where(eq(opinionStatements.id, statement.id))
      .returning();
    await recordAudit(tx, {
      actorId: actor.id,
      action: `opinion_statement.${input.action}`,
      targetType: "opinion_statement",
      targetId: statement.id,
      reason: input.reason || null,
      before: { state: statement.state },
      after: { state: next.state },
    });
    await emit(roundStream(round.id), "statement:changed", {
      roundId: round.id,
      statement: publicStatementView(updated!),
    });
    // The same decision closes the statement's entries in the moderators' queue, as it would there.
    await resolveQueueEntries(tx, emit, {
      kind: "statement",
      id: statement.id,
      where: round.question,
      path: `/opinions/${round.id}#statement-${statement.id}`,
      action: input.action,
      subjectAccountId: statement.authorId,
      actorId: actor.id,
      reason: input.reason,
      now: deps.now(),
    });
    return { statement: statementView(updated!, "full"), roundId: round.id };
  });
  // The map leaves hidden statements out (and takes approved ones in).
  requestMapRefresh(deps, result.roundId);
  return result.statement;
}

import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "@/db/client";
import {
  comments,
  forums,
  opinionMaps,
  opinionParticipants,
  opinionRounds,
  opinionStatements,
  opinionVotes,
  topics,
  type OpinionRound,
} from "@/db/schema";
import type { SessionUser } from "@/server/infra/auth/session";
import { topicVisibility } from "@/server/domain/visibility";
import { AppError } from "@/server/errors";
import { recordAudit } from "@/server/infra/audit";
import type { ServiceDeps } from "@/server/infra/deps";
import { transact } from "@/server/infra/transact";
import type { createRoundInput, roundsOfInput } from "./contract";
import {
  loadVisibleRound,
  roundStream,
  roundVisibility,
  statementView,
  statementVisibility,
  type Viewer,
} from "./round-access";
import { readStoredMap } from "./rules/map-codec";
import { mayCloseRound, mayOpenRound } from "./rules/round-rules";

export async function createRound(deps: ServiceDeps, actor: SessionUser, input: z.output<typeof createRoundInput>) {
  if (!mayOpenRound(actor.role))
    throw new AppError("ROLE_REQUIRED", "Opinion rounds are opened by coordination-body members and moderators");
  return transact(deps, async (tx) => {
    let forumId = input.forumId ?? null;
    if (input.topicId) {
      const [topic] = await tx.select().from(topics).where(eq(topics.id, input.topicId));
      if (!topic || topicVisibility(topic, actor) !== "full")
        throw new AppError("NOT_FOUND", "That topic does not exist");
      forumId = topic.forumId;
    }
    const [forum] = forumId ? await tx.select().from(forums).where(eq(forums.id, forumId)) : [];
    if (!forum) throw new AppError("NOT_FOUND", "That forum does not exist");
    if (forum.archivedAt) throw new AppError("FORUM_ARCHIVED", "This forum is archived and read-only");
    const [round] = await tx
      .insert(opinionRounds)
      .values({
        forumId: forum.id,
        topicId: input.topicId ?? null,
        question: input.question,
        holdNewStatements: input.holdNewStatements,
        minVotes: input.minVotes,
        createdById: actor.id,
        createdAt: deps.now(),
      })
      .returning();
    return { id: round!.id };
  });
}

export async function closeRound(deps: ServiceDeps, actor: SessionUser, roundId: number) {
  return transact(deps, async (tx, emit) => {
    const round = await loadVisibleRound(tx, actor, roundId, "update");
    if (!mayCloseRound(actor, round))
      throw new AppError("ROUND_FORBIDDEN", "Only the person who opened the round or a moderator can close it");
    if (round.state === "closed") return { id: round.id, state: round.state };
    await tx.update(opinionRounds).set({ state: "closed", closedAt: deps.now() }).where(eq(opinionRounds.id, round.id));
    await recordAudit(tx, {
      actorId: actor.id,
      action: "opinion_round.close",
      targetType: "opinion_round",
      targetId: round.id,
    });
    await emit(roundStream(round.id), "round:changed", { roundId: round.id, state: "closed" });
    return { id: round.id, state: "closed" as const };
  });
}

/** The rounds of a topic or of a forum, newest first, with their statement and voter counts. */
export async function listRounds(deps: Pick<ServiceDeps, "db">, viewer: Viewer, input: z.output<typeof roundsOfInput>) {
  const where = input.topicId
    ? eq(opinionRounds.topicId, input.topicId)
    : input.forumId
      ? eq(opinionRounds.forumId, input.forumId)
      : undefined;
  if (!where) return [];
  const rows = await deps.db.select().from(opinionRounds).where(where).orderBy(desc(opinionRounds.id)).limit(50);
  const visible = [];
  // A forum's list names each round's topic, but only a topic the viewer may read in full (not a notice).
  const readableTopics = new Set<number>();
  for (const round of rows) {
    const visibility = await roundVisibility(deps.db, viewer, round);
    if (visibility === "none") continue;
    visible.push(round);
    if (visibility === "full" && round.topicId !== null) readableTopics.add(round.topicId);
  }
  if (visible.length === 0) return [];
  const titles =
    readableTopics.size > 0
      ? await deps.db
          .select({ id: topics.id, title: topics.title })
          .from(topics)
          .where(sql`${topics.id} in ${[...readableTopics]}`)
      : [];
  const counts = await deps.db
    .select({
      roundId: opinionParticipants.roundId,
      voters: sql<number>`count(*)::int`,
    })
    .from(opinionParticipants)
    .where(sql`${opinionParticipants.roundId} in ${visible.map((r) => r.id)}`)
    .groupBy(opinionParticipants.roundId);
  const statements = await deps.db
    .select({ roundId: opinionStatements.roundId, n: sql<number>`count(*)::int` })
    .from(opinionStatements)
    .where(
      and(sql`${opinionStatements.roundId} in ${visible.map((r) => r.id)}`, eq(opinionStatements.state, "visible")),
    )
    .groupBy(opinionStatements.roundId);
  return visible.map((round) => ({
    id: round.id,
    question: round.question,
    state: round.state,
    topicId: round.topicId,
    topicTitle: titles.find((topic) => topic.id === round.topicId)?.title ?? null,
    createdAt: round.createdAt,
    voters: counts.find((c) => c.roundId === round.id)?.voters ?? 0,
    statements: statements.find((c) => c.roundId === round.id)?.n ?? 0,
  }));
}

/** What another feature shows of a round it links to: its question and state, through the round's own rule. */
export interface RoundLinkView {
  id: number;
  question: string;
  state: OpinionRound["state"];
}

async function visibleLinks(db: Db, viewer: Viewer, rows: OpinionRound[]): Promise<RoundLinkView[]> {
  const visible: RoundLinkView[] = [];
  for (const round of rows)
    if ((await roundVisibility(db, viewer, round)) !== "none")
      visible.push({ id: round.id, question: round.question, state: round.state });
  return visible;
}

/** The rounds among `ids` the viewer may see (an agenda's links); the others are left out, as if absent. */
export async function visibleRounds(db: Db, viewer: Viewer, ids: number[]): Promise<RoundLinkView[]> {
  if (ids.length === 0) return [];
  return visibleLinks(db, viewer, await db.select().from(opinionRounds).where(inArray(opinionRounds.id, ids)));
}

/** The newest rounds the viewer may see, for a picker that links one (a meeting's agenda item). */
export async function roundChoices(db: Db, viewer: Viewer): Promise<RoundLinkView[]> {
  return visibleLinks(db, viewer, await db.select().from(opinionRounds).orderBy(desc(opinionRounds.id)).limit(50));
}

/**
 * Everything the round's page shows: the round, its statements as this viewer may see them, the
 * latest map, and the viewer's own votes and dot. Read in one snapshot with the stream head by the
 * router, so the page follows the stream from exactly this state.
 */
export async function getRound(db: Db, viewer: Viewer, roundId: number) {
  const round = await loadVisibleRound(db, viewer, roundId);
  const [forum] = await db
    .select({
      id: forums.id,
      slug: forums.slug,
      titleZh: forums.titleZh,
      titleEn: forums.titleEn,
      recommendationId: forums.recommendationId,
    })
    .from(forums)
    .where(eq(forums.id, round.forumId));
  const [topic] = round.topicId
    ? await db
        .select({ id: topics.id, title: topics.title, threadId: topics.threadId })
        .from(topics)
        .where(eq(topics.id, round.topicId))
    : [];
  const rows = await db
    .select()
    .from(opinionStatements)
    .where(eq(opinionStatements.roundId, round.id))
    .orderBy(asc(opinionStatements.id));
  const statements = rows.flatMap((s) => {
    const visibility = statementVisibility(s, viewer);
    return visibility === "none" ? [] : [{ ...statementView(s, visibility), mine: viewer?.id === s.authorId }];
  });
  const [stored] = await db.select().from(opinionMaps).where(eq(opinionMaps.roundId, round.id));
  let me: { pseudonym: string | null; votes: { statementId: number; choice: "agree" | "disagree" | "pass" }[] } | null =
    null;
  if (viewer) {
    const [participant] = await db
      .select({ pseudonym: opinionParticipants.pseudonym })
      .from(opinionParticipants)
      .where(and(eq(opinionParticipants.roundId, round.id), eq(opinionParticipants.accountId, viewer.id)));
    const votes = await db
      .select({ statementId: opinionVotes.statementId, choice: opinionVotes.choice })
      .from(opinionVotes)
      .where(and(eq(opinionVotes.roundId, round.id), eq(opinionVotes.voterId, viewer.id)));
    me = { pseudonym: participant?.pseudonym ?? null, votes };
  }
  return {
    round: {
      id: round.id,
      question: round.question,
      state: round.state,
      holdNewStatements: round.holdNewStatements,
      minVotes: round.minVotes,
      createdById: round.createdById,
      createdAt: round.createdAt,
      closedAt: round.closedAt,
      forum: forum ?? null,
      topic: topic ?? null,
    },
    statements,
    map: stored
      ? { version: stored.version, computedAt: stored.computedAt.toISOString(), map: readStoredMap(stored.map) }
      : null,
    me,
  };
}

/** The reader's own visible comments in the round's discussion, which they may turn into statements. */
export async function myCommentsForRound(db: Db, actor: SessionUser, roundId: number) {
  const round = await loadVisibleRound(db, actor, roundId);
  const rows = await db
    .select({ id: comments.id, body: comments.body })
    .from(comments)
    .innerJoin(topics, eq(topics.threadId, comments.threadId))
    .where(
      and(
        eq(comments.authorId, actor.id),
        eq(comments.state, "visible"),
        round.topicId === null ? eq(topics.forumId, round.forumId) : eq(topics.id, round.topicId),
      ),
    )
    .orderBy(desc(comments.id))
    .limit(20);
  return rows.map((row) => ({ id: row.id, text: row.body.replace(/\s+/g, " ").trim().slice(0, 280) }));
}

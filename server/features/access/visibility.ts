import { and, eq, inArray, sql, type Placeholder, type SQL } from "drizzle-orm";
import type { SelectedFields } from "drizzle-orm/pg-core";
import type { Db, Tx } from "@/db/client";
import {
  accounts,
  ballots,
  type CoauthorStatus,
  fundCalls,
  opinionRounds,
  portfolioBallots,
  type Project,
  projects,
  type Role,
  type Thread,
  threads,
  type Topic,
  topics,
} from "@/db/schema";
import { mayChairBallots } from "@/server/features/ballots/rules/ballot-governance";
import { callVisible } from "@/server/features/fund/rules/call-lifecycle";
import type { Stream } from "@/server/domain/stream-access";
import { topicVisibility, type Visibility } from "@/server/domain/visibility";
import { AppError } from "@/server/errors";
import { roundVisibility } from "@/server/features/opinions";
import {
  coauthorStatusOfSql,
  projectSeenBySql,
  relationOf,
  seenProjectsSql,
  visibilityOf,
  type Viewer,
} from "./project-access";
import { meetingStreamVisible } from "@/server/features/meetings";
import { postingStreamVisible } from "@/server/features/talent";
import { enquiryStreamVisible } from "@/server/features/achievements";

/**
 * The visibility rules of server/domain/visibility.ts applied to what a read names by id: a thread
 * (through its owner), a topic, a live stream. Every read of comments, reactions, topics and streams
 * asks here, so no path answers for an object the viewer may not see.
 */

async function projectVisibilityById(
  db: Db | Tx,
  viewer: Viewer,
  where: { id: number } | { threadId: number },
): Promise<Visibility> {
  const [project] = await db
    .select()
    .from(projects)
    .where("id" in where ? eq(projects.id, where.id) : eq(projects.threadId, where.threadId));
  if (!project) return "none";
  return visibilityOf(project, viewer, await relationOf(db, project, viewer));
}

/** How much of a project the viewer may see (null: someone signed out), for paths that hold no session. */
export async function projectVisibilityFor(db: Db | Tx, viewer: Viewer, projectId: number): Promise<Visibility> {
  return projectVisibilityById(db, viewer, { id: projectId });
}

async function topicRow(db: Db | Tx, where: { id: number } | { threadId: number }) {
  const [topic] = await db
    .select({ state: topics.state, authorId: topics.authorId })
    .from(topics)
    .where("id" in where ? eq(topics.id, where.id) : eq(topics.threadId, where.threadId));
  return topic;
}

async function topicVisibilityBy(
  db: Db | Tx,
  viewer: Viewer,
  where: { id: number } | { threadId: number },
): Promise<Visibility> {
  const topic = await topicRow(db, where);
  return topic ? topicVisibility(topic, viewer) : "none";
}

/**
 * What a thread's readability depends on, as columns of a select from `threads` joined by
 * `selectThreadOwners`: its owner's row (a project or a topic) and the viewer's co-proposer standing.
 * `threadVisibilityOf` applies the rule to them, so a read that fetches them inside its own
 * statement (a page of comments) applies the same rule as `threadVisibility`.
 */
export function threadOwnerColumns(viewerId: number | Placeholder | null) {
  return {
    ownerKind: threads.ownerKind,
    projectStatus: projects.status,
    projectSubmittedAt: projects.submittedAt,
    projectHiddenAt: projects.hiddenAt,
    projectProposerId: projects.proposerId,
    coauthorStatus: viewerId === null ? sql<CoauthorStatus | null>`null` : coauthorStatusOfSql(viewerId),
    topicState: topics.state,
    topicAuthorId: topics.authorId,
  };
}

export interface ThreadOwnerFacts {
  ownerKind: Thread["ownerKind"];
  projectStatus: Project["status"] | null;
  projectSubmittedAt: Date | null;
  projectHiddenAt: Date | null;
  projectProposerId: number | null;
  coauthorStatus: CoauthorStatus | null;
  topicState: Topic["state"] | null;
  topicAuthorId: number | null;
}

/**
 * A select of one thread's owner facts with `extra` columns beside them (the caller adds its joins
 * and `where`): the owners are left-joined, so a thread whose owner row is missing still answers.
 */
export function selectThreadOwners<Extra extends SelectedFields>(
  db: Db | Tx,
  viewerId: number | Placeholder | null,
  extra: Extra,
) {
  return db
    .select({ ...threadOwnerColumns(viewerId), ...extra })
    .from(threads)
    .leftJoin(projects, eq(projects.threadId, threads.id))
    .leftJoin(topics, eq(topics.threadId, threads.id));
}

/** A thread is as visible as its owner (a project or a topic); no thread or no owner is "none". */
export function threadVisibilityOf(facts: ThreadOwnerFacts | undefined, viewer: Viewer): Visibility {
  if (!facts) return "none";
  if (facts.ownerKind === "project") {
    if (facts.projectStatus === null || facts.projectProposerId === null) return "none";
    const project = {
      status: facts.projectStatus,
      submittedAt: facts.projectSubmittedAt,
      hiddenAt: facts.projectHiddenAt,
    };
    const isProposer = viewer !== null && facts.projectProposerId === viewer.id;
    return visibilityOf(project, viewer, { isProposer, coauthorStatus: viewer ? facts.coauthorStatus : null });
  }
  if (facts.topicState === null || facts.topicAuthorId === null) return "none";
  return topicVisibility({ state: facts.topicState, authorId: facts.topicAuthorId }, viewer);
}

/**
 * `threadVisibilityOf(...) !== "none"` in SQL over `selectThreadOwners`' joins, for a statement that should
 * not read a thread's rows when the viewer may not read it (a page of comments). The JS rule still decides;
 * this only spares the read, and thread-readable.int.test.ts checks both agree for every owner and viewer.
 */
export function threadReadableSql(
  viewerId: number | Placeholder | null,
  viewerRole: Role | Placeholder | null,
): SQL<boolean> {
  const role = sql`${viewerRole}::text`;
  // A thread whose project row is missing reads as nulls here: not readable, even for an admin.
  const project = sql`${projects.proposerId} is not null and ${projectSeenBySql(viewerId, viewerRole)}`;
  const topic = sql`${topics.state} in ('visible', 'hidden') or (${topics.state} = 'held'
    and (${topics.authorId} = ${viewerId} or ${role} in ('moderator', 'admin')))`;
  return sql<boolean>`(case when ${threads.ownerKind} = 'project' then ${project} else ${topic} end)`;
}

/** A thread is as visible as its owner (a project or a topic), read in one statement. */
export async function threadVisibility(db: Db | Tx, viewer: Viewer, threadId: number): Promise<Visibility> {
  const [facts] = await selectThreadOwners(db, viewer?.id ?? null, {}).where(eq(threads.id, threadId));
  return threadVisibilityOf(facts, viewer);
}

/** `ensureThreadReadable` for a visibility the caller read itself (with `threadVisibilityOf`). */
export function ensureThreadVisibility(visibility: Visibility): void {
  if (visibility === "none") throw new AppError("NOT_FOUND", "That discussion does not exist");
}

/** NOT_FOUND unless the viewer may read the thread, so a private thread's existence does not leak. */
export async function ensureThreadReadable(db: Db | Tx, viewer: Viewer, threadId: number): Promise<void> {
  ensureThreadVisibility(await threadVisibility(db, viewer, threadId));
}

export async function topicVisibilityOf(db: Db | Tx, viewer: Viewer, topicId: number): Promise<Visibility> {
  return topicVisibilityBy(db, viewer, { id: topicId });
}

/** A portfolio ballot is as visible as its fund call: the call's one rule (callVisible), its managers read from the account row. */
async function portfolioBallotVisible(db: Db, viewer: Viewer, ballotId: number): Promise<boolean> {
  const [call] = await db
    .select({ status: fundCalls.status })
    .from(portfolioBallots)
    .innerJoin(fundCalls, eq(fundCalls.id, portfolioBallots.callId))
    .where(eq(portfolioBallots.ballotId, ballotId));
  if (!call) return false;
  return callVisible(call.status, await viewerChairsBallots(db, viewer));
}

/** Whether the viewer manages fund calls, read from the account row (a role change applies at once). */
async function viewerChairsBallots(db: Db | Tx, viewer: Viewer): Promise<boolean> {
  const [account] = viewer
    ? await db.select({ role: accounts.role, chair: accounts.chair }).from(accounts).where(eq(accounts.id, viewer.id))
    : [];
  return account ? mayChairBallots(account) : false;
}

/**
 * Whether the viewer may listen to a stream whose events concern one object: a project's, a topic's
 * (its thread) or a ballot's (its project's) stream is open to those who may see the object.
 * `canSubscribe` (server/domain/stream-access.ts) decides the rest first.
 */
export async function streamVisibleTo(db: Db, viewer: Viewer, stream: Stream): Promise<boolean> {
  switch (stream.kind) {
    case "project":
      return (await projectVisibilityById(db, viewer, { id: stream.id })) !== "none";
    case "topic": {
      // A topic stream carries ids only; one of a topic not (yet) written stays open as before, so a
      // client may subscribe while the topic is being created.
      const topic = await topicRow(db, { id: stream.id });
      return topic === undefined || topicVisibility(topic, viewer) !== "none";
    }
    case "ballot": {
      const [ballot] = await db.select({ projectId: ballots.projectId }).from(ballots).where(eq(ballots.id, stream.id));
      if (ballot === undefined) return true;
      if (ballot.projectId === null) return portfolioBallotVisible(db, viewer, stream.id);
      return (await projectVisibilityById(db, viewer, { id: ballot.projectId })) !== "none";
    }
    case "meeting":
      return meetingStreamVisible(db, viewer, stream.id);
    case "round": {
      const [round] = await db.select().from(opinionRounds).where(eq(opinionRounds.id, stream.id));
      return round === undefined || (await roundVisibility(db, viewer, round)) !== "none";
    }
    case "posting":
      return postingStreamVisible(db, viewer, stream.id);
    case "enquiry":
      return enquiryStreamVisible(db, viewer, stream.id);
    default:
      return true;
  }
}

/**
 * Of some ballots, those the viewer may see, in two reads: a project's ballot is as visible as its
 * project, a portfolio ballot as its fund call (the same rules as `streamVisibleTo`).
 */
export async function ballotsVisibleTo(db: Db | Tx, viewer: Viewer, ballotIds: readonly number[]): Promise<number[]> {
  if (ballotIds.length === 0) return [];
  const [projectBallots, callBallots] = await Promise.all([
    db
      .select({ id: ballots.id })
      .from(ballots)
      .innerJoin(projects, eq(projects.id, ballots.projectId))
      .where(and(inArray(ballots.id, [...ballotIds]), seenProjectsSql(viewer))),
    db
      .select({ id: portfolioBallots.ballotId, status: fundCalls.status })
      .from(portfolioBallots)
      .innerJoin(fundCalls, eq(fundCalls.id, portfolioBallots.callId))
      .where(inArray(portfolioBallots.ballotId, [...ballotIds])),
  ]);
  const manager = callBallots.length > 0 && (await viewerChairsBallots(db, viewer));
  const seen = new Set([
    ...projectBallots.map((r) => r.id),
    ...callBallots.filter((r) => callVisible(r.status, manager)).map((r) => r.id),
  ]);
  return ballotIds.filter((id) => seen.has(id));
}

import { and, eq, inArray, sql, type Placeholder } from "drizzle-orm";
import { z } from "zod";
import {
  accounts,
  commentVersions,
  comments,
  measures,
  reactions,
  regions,
  streamHeads,
  threads,
  type Comment,
} from "@/db/schema";
import { preparedPerDb } from "@/db/prepared";
import type { ReactionKind } from "@/db/schema/decisions/deliberation";
import type { SessionUser } from "@/server/infra/auth/session";
import {
  limits,
  stanceRequiredMessage,
  type addCommentInput,
  type editCommentInput,
  type listCommentsInput,
  type reactInput,
} from "./contract";
import { decodeCursor, encodeCursor } from "@/server/domain/cursor";
import { commentVisibility } from "@/server/domain/visibility";
import { renderWithMentions } from "@/server/features/accounts";
import { notifyNewComment } from "@/server/features/notifications";
import { AppError } from "@/server/errors";
import type { Tx } from "@/db/client";
import { authorColumns, authorRegionColumns, authorRegions, joinAuthorRegionOn } from "@/server/features/accounts";
import type { ServiceDeps } from "@/server/infra/deps";
import type { EventMap } from "@/server/events/contract";
import type { PublishedComment, ThreadActivityType } from "./events";
import { asStreamKey } from "@/server/domain/stream-access";
import { announcePostChange, enqueueHeld, holdForReview } from "@/server/features/moderation";
import { recordThreadActivity, resolveThreadOwner, type ThreadOwner } from "./thread-owners";
import { asCountedAttempt, type PostingLimit } from "@/server/infra/rate-limit";
import { lockStreamHead, transact, type Emit } from "@/server/infra/transact";
import { publishedTopic, stancePicture } from "@/server/features/topic-listing";
import {
  ensureThreadReadable,
  ensureThreadVisibility,
  selectThreadOwners,
  threadReadableSql,
  threadVisibilityOf,
} from "@/server/features/access";

const rootCursor = z.object({ id: z.number().int() });

export type ReactionCounts = Record<ReactionKind, number>;
const noReactions = (): ReactionCounts => ({ agree: 0, disagree: 0, pass: 0 });

type Viewer = Pick<SessionUser, "id" | "role"> | null;

/** A comment of a page as the statement's JSON carries it (dates as ISO strings). */
interface PageComment {
  id: number;
  threadId: number;
  parentId: number | null;
  rootId: number | null;
  depth: number;
  state: Comment["state"];
  stance: Comment["stance"];
  authorId: number;
  amendmentMeasureId: number | null;
  amendmentText: string | null;
  bodyHtml: string;
  /** Only on the viewer's own comments: the markdown source goes back to its author alone. */
  body: string | null;
  hiddenReason: string | null;
  editedAt: string | null;
  createdAt: string;
  author: { id: number; displayName: string; role: SessionUser["role"]; organisation: string };
  region: { id: number; code: string; nameZh: string; nameEn: string };
  reactions: ReactionCounts;
  myReaction: ReactionKind | null;
  hasVersions: boolean;
}

const viewerId = sql.placeholder("viewerId");
/** The page's top-level comments after the cursor, oldest first, `size` of them. */
const pageRoots = (size: Placeholder) => sql`select ${comments.id} from ${comments}
  where ${comments.threadId} = ${threads.id} and ${comments.parentId} is null
    and ${comments.id} > ${sql.placeholder("afterId")}
  order by ${comments.id} limit ${size}`;
const reactionOf = (kind: ReactionKind) => sql`count(*) filter (where ${reactions.kind} = ${sql.raw(`'${kind}'`)})`;
const pageComment = sql`json_build_object('id', ${comments.id}, 'threadId', ${comments.threadId},
  'parentId', ${comments.parentId}, 'rootId', ${comments.rootId}, 'depth', ${comments.depth},
  'state', ${comments.state}, 'stance', ${comments.stance}, 'authorId', ${comments.authorId},
  'amendmentMeasureId', ${comments.amendmentMeasureId}, 'amendmentText', ${comments.amendmentText},
  'bodyHtml', ${comments.bodyHtml},
  'body', case when ${comments.authorId} = ${viewerId} then ${comments.body} end,
  'hiddenReason', ${comments.hiddenReason}, 'editedAt', ${comments.editedAt}, 'createdAt', ${comments.createdAt},
  'author', json_build_object('id', ${accounts.id}, 'displayName', ${accounts.displayName},
    'role', ${accounts.role}, 'organisation', ${accounts.organisation}),
  'region', json_build_object('id', ${authorRegions.id}, 'code', ${authorRegions.code},
    'nameZh', ${authorRegions.nameZh}, 'nameEn', ${authorRegions.nameEn}),
  'reactions', (select json_build_object('agree', ${reactionOf("agree")}, 'disagree', ${reactionOf("disagree")},
      'pass', ${reactionOf("pass")})
    from ${reactions} where ${reactions.commentId} = ${comments.id}),
  'myReaction', (select ${reactions.kind} from ${reactions}
    where ${reactions.commentId} = ${comments.id} and ${reactions.accountId} = ${viewerId}),
  'hasVersions', exists (select 1 from ${commentVersions} where ${commentVersions.commentId} = ${comments.id}))`;

const readable = threadReadableSql(viewerId, sql.placeholder("viewerRole"));

/**
 * A page of a thread in one statement, built once per database handle: the thread's owner facts
 * (its readability, judged by the access module's rule in JS), the stream's head, the top-level ids
 * after the cursor (one more than the page, to tell whether another follows) and the page's comments
 * with their authors, reaction counts and the viewer's own reaction, read only when the rule's SQL
 * twin says the viewer may read the thread. One statement is one snapshot,
 * so no transaction: each statement cost the server more CPU (drizzle, the driver) than PostgreSQL
 * spent on the read.
 */
const commentsPage = preparedPerDb((db) =>
  selectThreadOwners(db, viewerId, {
    headSeq: sql<number | string>`coalesce(${streamHeads.lastSeq}, 0)`,
    rootIds: sql<number[]>`case when ${readable} then coalesce((select json_agg(id order by id)
      from (${pageRoots(sql.placeholder("probe"))}) as roots(id)), '[]'::json) else '[]'::json end`,
    comments: sql<PageComment[]>`case when ${readable} then coalesce((select json_agg(${pageComment}
      order by ${comments.rootId}, ${comments.id})
      from ${comments}
      join ${accounts} on ${accounts.id} = ${comments.authorId}
      join ${regions} as ${authorRegions} on ${joinAuthorRegionOn(comments.authorRegionId)}
      where ${comments.rootId} in (${pageRoots(sql.placeholder("limit"))})), '[]'::json) else '[]'::json end`,
  })
    .leftJoin(streamHeads, eq(streamHeads.stream, threads.stream))
    .where(eq(threads.id, sql.placeholder("threadId")))
    .prepare("comments_page"),
);

/**
 * One page of a thread: up to `limit` top-level comments after the cursor, oldest first, each with
 * every reply beneath it, their reaction counts and the viewer's own reaction, with the thread
 * stream's head from the same snapshot (the thread follows the stream from it).
 */
export async function listComments(
  deps: Pick<ServiceDeps, "db">,
  viewer: Viewer,
  input: z.output<typeof listCommentsInput>,
) {
  let afterId = 0;
  if (input.cursor) {
    const cursor = decodeCursor(input.cursor, rootCursor);
    if (!cursor) {
      // An unreadable thread is NOT_FOUND whatever the cursor, so its existence does not leak.
      await ensureThreadReadable(deps.db, viewer, input.threadId);
      throw new AppError("BAD_CURSOR", "That page link is not valid; reload the discussion");
    }
    afterId = cursor.id;
  }
  const [row] = await commentsPage(deps.db).execute({
    threadId: input.threadId,
    viewerId: viewer?.id ?? null,
    viewerRole: viewer?.role ?? null,
    afterId,
    limit: input.limit,
    probe: input.limit + 1,
  });
  ensureThreadVisibility(threadVisibilityOf(row, viewer));
  const { rootIds } = row!;
  const nextCursor = rootIds.length > input.limit ? encodeCursor({ id: rootIds[input.limit - 1]! }) : null;
  const items = row!.comments
    .filter((comment) => commentVisibility(comment, viewer) !== "none")
    .map((comment) =>
      presentComment(
        {
          ...comment,
          editedAt: comment.editedAt === null ? null : new Date(comment.editedAt),
          createdAt: new Date(comment.createdAt),
        },
        comment.author,
        comment.region,
        comment.hasVersions ? 1 : 0,
        comment.reactions,
        comment.myReaction,
        viewer,
      ),
    );
  return { items, nextCursor, headSeq: Number(row!.headSeq) };
}

type PresentedFields =
  | "id"
  | "threadId"
  | "parentId"
  | "rootId"
  | "depth"
  | "state"
  | "stance"
  | "authorId"
  | "amendmentMeasureId"
  | "amendmentText"
  | "bodyHtml"
  | "hiddenReason"
  | "editedAt"
  | "createdAt";

/** `body` is the markdown source, given back only to its author (a page reads it for them alone). */
function presentComment(
  comment: Pick<Comment, PresentedFields> & { body: string | null },
  author: { id: number; displayName: string; role: SessionUser["role"]; organisation: string },
  region: { id: number; code: string; nameZh: string; nameEn: string },
  versionCount: number,
  reactionTotals: ReactionCounts,
  myReaction: ReactionKind | null,
  viewer: Viewer,
) {
  const isAuthor = viewer?.id === comment.authorId;
  // Withdrawn text is gone for everyone; hidden text stays visible to its author only.
  const showBody = commentVisibility(comment, viewer) === "full";
  return {
    id: comment.id,
    threadId: comment.threadId,
    parentId: comment.parentId,
    rootId: comment.rootId,
    depth: comment.depth,
    state: comment.state,
    stance: comment.stance,
    amendment:
      showBody && comment.amendmentMeasureId
        ? { measureId: comment.amendmentMeasureId, proposedText: comment.amendmentText ?? "" }
        : null,
    bodyHtml: showBody ? comment.bodyHtml : null,
    body: showBody && isAuthor ? comment.body : null,
    hiddenReason: comment.state === "hidden" ? comment.hiddenReason : null,
    edited: comment.editedAt !== null && versionCount > 0,
    editedAt: comment.editedAt,
    createdAt: comment.createdAt,
    author,
    region,
    reactions: reactionTotals,
    myReaction,
    isAuthor,
  };
}
export type CommentView = ReturnType<typeof presentComment>;

/**
 * The comment as the event of its thread's stream carries it, read in the change's transaction so the
 * event holds the committed state: the public view when visible, else null (held, hidden or withdrawn
 * text goes to no follower).
 */
async function publishedComment(tx: Tx, comment: Comment): Promise<PublishedComment | null> {
  if (comment.state !== "visible") return null;
  const [row] = await tx
    .select({
      author: authorColumns,
      region: authorRegionColumns,
      versionCount: sql<number>`(select count(*)::int from ${commentVersions} where ${commentVersions.commentId} = ${comments.id})`,
    })
    .from(comments)
    .innerJoin(accounts, eq(accounts.id, comments.authorId))
    .innerJoin(authorRegions, joinAuthorRegionOn(comments.authorRegionId))
    .where(eq(comments.id, comment.id));
  if (!row) return null;
  const counts = comment.editedAt ? await reactionCounts(tx, [comment.id]) : new Map<number, ReactionCounts>();
  const view = presentComment(
    comment,
    row.author,
    row.region,
    Number(row.versionCount),
    counts.get(comment.id) ?? noReactions(),
    null,
    null,
  );
  if (view.bodyHtml === null) return null;
  return {
    id: view.id,
    threadId: view.threadId,
    parentId: view.parentId,
    rootId: view.rootId ?? view.id,
    depth: view.depth,
    state: "visible",
    stance: view.stance,
    amendment: view.amendment,
    bodyHtml: view.bodyHtml,
    hiddenReason: null,
    edited: view.edited,
    editedAt: view.editedAt?.toISOString() ?? null,
    createdAt: view.createdAt.toISOString(),
    author: view.author,
    region: view.region,
    reactions: view.reactions,
  };
}

async function reactionCounts(db: ServiceDeps["db"] | Tx, commentIds: number[]): Promise<Map<number, ReactionCounts>> {
  const result = new Map<number, ReactionCounts>();
  if (commentIds.length === 0) return result;
  const rows = await db
    .select({ commentId: reactions.commentId, kind: reactions.kind, n: sql<number>`count(*)::int` })
    .from(reactions)
    .where(inArray(reactions.commentId, commentIds))
    .groupBy(reactions.commentId, reactions.kind);
  for (const row of rows) {
    const counts = result.get(row.commentId) ?? noReactions();
    counts[row.kind] = Number(row.n);
    result.set(row.commentId, counts);
  }
  return result;
}

async function checkAmendment(tx: Tx, owner: ThreadOwner, amendment: { measureId: number } | null | undefined) {
  if (!amendment) return;
  const [measure] = await tx.select().from(measures).where(eq(measures.id, amendment.measureId));
  if (
    !measure ||
    (owner.measureRecommendationIds && !owner.measureRecommendationIds.includes(measure.recommendationId))
  ) {
    throw new AppError("BAD_MEASURE", "An amendment must name one of the measures under discussion here");
  }
}

/**
 * Tells the thread's stream, and its owner's other streams (a topic's forum) what changed. The forum
 * is told the topic's list row as it now stands and, when a counted stance moved, the forum's stance
 * picture, so its page patches both instead of reading them again.
 */
async function announce<K extends ThreadActivityType>(
  tx: Tx,
  emit: Emit,
  owner: ThreadOwner,
  type: K,
  payload: EventMap[K],
  stanceMoved: boolean,
) {
  await emit(asStreamKey(owner.thread.stream), type, payload);
  for (const stream of owner.alsoNotify) {
    const forumId = owner.forumId;
    // Read under the forum's head lock, so each seq's picture includes every earlier seq's change.
    if (stanceMoved && forumId !== null) await lockStreamHead(tx, stream);
    await emit(stream, "thread:activity", {
      threadId: owner.thread.id,
      type,
      topic: await publishedTopic(tx, { threadId: owner.thread.id }),
      ...(stanceMoved && forumId !== null ? { stancePicture: await stancePicture(tx, forumId) } : {}),
    });
  }
}

/** Whether a comment in this state counts in its forum's stance picture (forums.ts stancePicture). */
const countsInPicture = (comment: Pick<Comment, "state" | "stance">) =>
  comment.state === "visible" && comment.stance !== null;

const commentLimit: PostingLimit = { name: "comment", windowMs: 60_000, max: limits.commentsPerMinute };

export async function addComment(deps: ServiceDeps, actor: SessionUser, input: z.output<typeof addCommentInput>) {
  return asCountedAttempt(
    deps.rateLimits,
    commentLimit,
    actor.id,
    (wait) =>
      `You can post at most ${limits.commentsPerMinute} comments a minute. Please wait ${wait} s and try again.`,
    () => insertComment(deps, actor, input),
  );
}

async function insertComment(deps: ServiceDeps, actor: SessionUser, input: z.output<typeof addCommentInput>) {
  // Rendered before the transaction opens, so a slow body holds no rows and no connection.
  const bodyHtml = await renderWithMentions(deps.db, input.body);
  return transact(deps, async (tx, emit) => {
    const owner = await resolveThreadOwner(tx, input.threadId);
    if (owner.closedReason) throw owner.closedReason;
    await ensureThreadReadable(tx, actor, input.threadId);
    let parent: Comment | undefined;
    if (input.parentId) {
      [parent] = await tx.select().from(comments).where(eq(comments.id, input.parentId));
      if (!parent || parent.threadId !== input.threadId)
        throw new AppError("BAD_PARENT", "The comment you reply to is not in this discussion");
      if (parent.state !== "visible")
        throw new AppError("COMMENT_UNAVAILABLE", "You cannot reply to a comment that was withdrawn or hidden");
    }
    await checkAmendment(tx, owner, input.amendment);

    const now = deps.now();

    // A forum may hold posts for review (new accounts, blocked words, links): they wait in the moderation queue.
    const held = await holdForReview(
      tx,
      owner.forumId,
      actor,
      `${input.body}\n${input.amendment?.proposedText ?? ""}`,
      now,
    );
    const [created] = await tx
      .insert(comments)
      .values({
        threadId: input.threadId,
        parentId: parent?.id ?? null,
        rootId: parent?.rootId ?? null,
        depth: parent ? parent.depth + 1 : 0,
        authorId: actor.id,
        authorRegionId: actor.regionId,
        stance: input.stance,
        amendmentMeasureId: input.amendment?.measureId ?? null,
        amendmentText: input.amendment?.proposedText ?? null,
        body: input.body,
        bodyHtml,
        state: held.length > 0 ? "held" : "visible",
        createdAt: now,
      })
      .returning();
    if (!created) throw new Error("Comment insert returned no row");
    if (!parent) await tx.update(comments).set({ rootId: created.id }).where(eq(comments.id, created.id));
    // The owner's row before the queue's head lock (enqueueHeld, announceToQueue), as a moderator's move
    // takes them; the queue's before the thread's and forum's heads, as a hide takes them.
    await recordThreadActivity(tx, owner.thread, now, 1);
    // Held, it is queued with the entries showing it; else the entries whose context now shows it.
    if (held.length > 0)
      await enqueueHeld(tx, emit, { kind: "comment", id: created.id, authorId: actor.id, causes: held, now });
    else await announceToQueue(tx, emit, created);
    await announce(
      tx,
      emit,
      owner,
      "comment:added",
      {
        commentId: created.id,
        parentId: created.parentId,
        comment: await publishedComment(tx, { ...created, rootId: created.rootId ?? created.id }),
      },
      countsInPicture(created),
    );
    // A held comment is not public yet, so nobody is told of it until a moderator lets it through.
    if (held.length === 0) await notifyNewComment(tx, emit, created, parent);
    return { id: created.id, threadId: created.threadId, held: held.length > 0 };
  });
}

/** The moderation queue's entries that show the comment (its own, those with it in their context), if any. */
const announceToQueue = (tx: Tx, emit: Emit, comment: Pick<Comment, "id" | "threadId">) =>
  announcePostChange(tx, emit, {
    item: { kind: "comment", id: comment.id },
    thread: { id: comment.threadId, showing: comment.id },
  });

async function loadOwnComment(tx: Tx, actor: SessionUser, commentId: number) {
  const [comment] = await tx.select().from(comments).where(eq(comments.id, commentId)).for("update");
  if (!comment) throw new AppError("NOT_FOUND", "That comment does not exist");
  if (comment.authorId !== actor.id) throw new AppError("NOT_AUTHOR", "Only the author can change this comment");
  if (comment.state === "withdrawn")
    throw new AppError("COMMENT_WITHDRAWN", "This comment was withdrawn and can no longer be changed");
  return comment;
}

export async function editComment(deps: ServiceDeps, actor: SessionUser, input: z.output<typeof editCommentInput>) {
  const bodyHtml = await renderWithMentions(deps.db, input.body);
  return transact(deps, async (tx, emit) => {
    const comment = await loadOwnComment(tx, actor, input.commentId);
    const owner = await resolveThreadOwner(tx, comment.threadId);
    if (owner.closedReason) throw owner.closedReason;
    if (comment.parentId === null && input.stance === null)
      throw new AppError("STANCE_REQUIRED", stanceRequiredMessage);
    await checkAmendment(tx, owner, input.amendment);
    const now = deps.now();
    // An edit is a new text: the forum's hold rules apply to it as to a new post, or a link or a
    // blocked word could be added after a harmless first version went through. A comment already held
    // or hidden keeps its state; only a visible one goes back to the queue.
    const held =
      comment.state === "visible"
        ? await holdForReview(tx, owner.forumId, actor, `${input.body}\n${input.amendment?.proposedText ?? ""}`, now)
        : [];
    await tx.insert(commentVersions).values({
      commentId: comment.id,
      stance: comment.stance,
      amendmentMeasureId: comment.amendmentMeasureId,
      amendmentText: comment.amendmentText,
      body: comment.body,
      bodyHtml: comment.bodyHtml,
      writtenAt: comment.editedAt ?? comment.createdAt,
      replacedAt: now,
    });
    const [updated] = await tx
      .update(comments)
      .set({
        body: input.body,
        bodyHtml,
        stance: input.stance,
        amendmentMeasureId: input.amendment?.measureId ?? null,
        amendmentText: input.amendment?.proposedText ?? null,
        editedAt: now,
        ...(held.length > 0 ? { state: "held" as const } : {}),
      })
      .where(eq(comments.id, comment.id))
      .returning();
    if (!updated) throw new Error("Comment update returned no row");
    await recordThreadActivity(tx, owner.thread, now, 0);
    if (held.length > 0)
      await enqueueHeld(tx, emit, { kind: "comment", id: comment.id, authorId: actor.id, causes: held, now });
    else await announceToQueue(tx, emit, updated);
    await announce(
      tx,
      emit,
      owner,
      "comment:edited",
      { commentId: comment.id, state: updated.state, comment: await publishedComment(tx, updated) },
      countsInPicture(comment) || countsInPicture(updated),
    );
    return { id: comment.id, held: held.length > 0 || comment.state === "held" };
  });
}

export async function withdrawComment(deps: ServiceDeps, actor: SessionUser, commentId: number) {
  return transact(deps, async (tx, emit) => {
    const comment = await loadOwnComment(tx, actor, commentId);
    const owner = await resolveThreadOwner(tx, comment.threadId);
    await tx.update(comments).set({ state: "withdrawn" }).where(eq(comments.id, comment.id));
    await announceToQueue(tx, emit, comment);
    await announce(tx, emit, owner, "comment:withdrawn", { commentId: comment.id }, countsInPicture(comment));
    return { id: comment.id, state: "withdrawn" as const };
  });
}

/** A comment the viewer may know of: in a thread they may read, and not held from them; else NOT_FOUND. */
async function loadReadableComment(db: ServiceDeps["db"], viewer: Viewer, commentId: number): Promise<Comment> {
  const [comment] = await db.select().from(comments).where(eq(comments.id, commentId));
  if (!comment || commentVisibility(comment, viewer) === "none")
    throw new AppError("NOT_FOUND", "That comment does not exist");
  await ensureThreadReadable(db, viewer, comment.threadId);
  return comment;
}

/** Earlier texts, newest first; none for withdrawn comments, whose text is gone. */
export async function commentHistory(deps: Pick<ServiceDeps, "db">, viewer: Viewer, commentId: number) {
  const comment = await loadReadableComment(deps.db, viewer, commentId);
  if (commentVisibility(comment, viewer) !== "full")
    throw new AppError("COMMENT_UNAVAILABLE", "The history of this comment is not available");
  const versions = await deps.db
    .select({
      id: commentVersions.id,
      stance: commentVersions.stance,
      amendmentMeasureId: commentVersions.amendmentMeasureId,
      amendmentText: commentVersions.amendmentText,
      bodyHtml: commentVersions.bodyHtml,
      writtenAt: commentVersions.writtenAt,
      replacedAt: commentVersions.replacedAt,
    })
    .from(commentVersions)
    .where(eq(commentVersions.commentId, commentId))
    .orderBy(sql`${commentVersions.id} desc`);
  return {
    current: { bodyHtml: comment.bodyHtml, stance: comment.stance, writtenAt: comment.editedAt ?? comment.createdAt },
    versions,
  };
}

export async function reactToComment(deps: ServiceDeps, actor: SessionUser, input: z.output<typeof reactInput>) {
  return transact(deps, async (tx, emit) => {
    const [comment] = await tx.select().from(comments).where(eq(comments.id, input.commentId));
    if (!comment) throw new AppError("NOT_FOUND", "That comment does not exist");
    if (comment.state !== "visible")
      throw new AppError("COMMENT_UNAVAILABLE", "You cannot react to a comment that was withdrawn or hidden");
    await ensureThreadReadable(tx, actor, comment.threadId);
    const owner = await resolveThreadOwner(tx, comment.threadId);
    // An archived forum or locked thread is read-only for reactions too.
    if (owner.closedReason) throw owner.closedReason;
    if (input.kind === null) {
      await tx.delete(reactions).where(and(eq(reactions.commentId, comment.id), eq(reactions.accountId, actor.id)));
    } else {
      await tx
        .insert(reactions)
        .values({
          commentId: comment.id,
          accountId: actor.id,
          regionId: actor.regionId,
          kind: input.kind,
          updatedAt: deps.now(),
        })
        .onConflictDoUpdate({
          target: [reactions.commentId, reactions.accountId],
          set: { kind: input.kind, updatedAt: deps.now() },
        });
    }
    const counts = (await reactionCounts(tx, [comment.id])).get(comment.id) ?? noReactions();
    await emit(asStreamKey(owner.thread.stream), "reaction:changed", { commentId: comment.id, counts });
    return { commentId: comment.id, kind: input.kind, counts };
  });
}

/** Reaction counts split by the reactors' regions, shown on demand. */
export async function reactionSplit(deps: Pick<ServiceDeps, "db">, viewer: Viewer, commentId: number) {
  await loadReadableComment(deps.db, viewer, commentId);
  const rows = await deps.db
    .select({ regionId: reactions.regionId, kind: reactions.kind, n: sql<number>`count(*)::int` })
    .from(reactions)
    .where(eq(reactions.commentId, commentId))
    .groupBy(reactions.regionId, reactions.kind);
  const byRegion = new Map<number, ReactionCounts>();
  for (const row of rows) {
    const counts = byRegion.get(row.regionId) ?? noReactions();
    counts[row.kind] = Number(row.n);
    byRegion.set(row.regionId, counts);
  }
  return [...byRegion.entries()]
    .map(([regionId, counts]) => ({ regionId, counts }))
    .sort((a, b) => a.regionId - b.regionId);
}

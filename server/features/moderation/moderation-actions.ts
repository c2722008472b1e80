import { and, eq, isNotNull } from "drizzle-orm";
import type { z } from "zod";
import type { Tx } from "@/db/client";
import {
  comments,
  forums,
  moderationActions,
  opinionStatements,
  reports,
  threads,
  topics,
  projects,
} from "@/db/schema";
import type { SessionUser } from "@/server/infra/auth/session";
import type { dismissInput, hideInput, lockInput, moveTopicInput, restoreInput } from "./contract";
import {
  contentActionRefusal,
  targetKey,
  type ModerationActionKind,
  type ModerationRefusal,
  type ModerationTargetKind,
} from "./rules/moderation";
import { AppError } from "@/server/errors";
import { recordAudit } from "@/server/infra/audit";
import type { ServiceDeps } from "@/server/infra/deps";
import { loadTarget, writeTargetState, type ModerationTarget } from "./moderation-targets";
import { changedEntries, queueAuthorChange, queueChange, queueTails } from "./moderation-queue";
import { notifyNewComment } from "@/server/features/notifications";
import { listedForumNow, publishedTopic, stancePicture, topicForum } from "@/server/features/topic-listing";
import { notify } from "@/server/features/notifications";
import { lockStreamHead, transact, type Emit } from "@/server/infra/transact";
import { asStreamKey, streamKey } from "@/server/domain/stream-access";
import { visibilityEvent } from "@/server/features/deliberation/events";
import { publicStatementView, requestMapRefresh, roundStream } from "@/server/features/opinions";
import { loadReportedEnquiryMessage, setEnquiryMessageHidden } from "@/server/features/achievements";

const refusalMessages: Record<ModerationRefusal, string> = {
  NOT_MODERATOR: "Only moderators and admins can do this",
  OWN_CONTENT: "You cannot moderate your own content; another moderator must",
  PRIVATE_PARTY: "You are a party to this negotiation; another moderator must act on it",
  OWN_ACCOUNT: "You cannot act on your own account",
  ADMIN_REQUIRED: "Only an admin can act on a moderator's or admin's account",
};

export function refuse(refusal: ModerationRefusal | null): void {
  if (refusal) throw new AppError(refusal, refusalMessages[refusal]);
}

export async function recordModerationAction(
  tx: Tx,
  row: {
    action: ModerationActionKind;
    targetType: string;
    targetId: number;
    subjectAccountId: number | null;
    actorId: number;
    reason: string;
    now: Date;
  },
): Promise<void> {
  await tx.insert(moderationActions).values({ ...row, createdAt: row.now });
}

/**
 * Closes the item's open queue entries and tells each reporter how it was resolved (their
 * `user:<id>` stream). `onlyReports` leaves hold-for-review entries open (dismissing reports does
 * not release a held post).
 */
export async function resolveOpenReports(
  tx: Tx,
  emit: Emit,
  target: Pick<ModerationTarget, "kind" | "id" | "path" | "where" | "authorId">,
  outcome: { status: "actioned" | "dismissed"; resolution: string; actorId: number; now: Date; onlyReports?: boolean },
): Promise<number> {
  const conditions = [eq(reports.targetKind, target.kind), eq(reports.targetId, target.id), eq(reports.status, "open")];
  if (outcome.onlyReports) conditions.push(isNotNull(reports.reporterId));
  const closed = await tx
    .update(reports)
    .set({
      status: outcome.status,
      resolution: outcome.resolution,
      resolvedById: outcome.actorId,
      resolvedAt: outcome.now,
    })
    .where(and(...conditions))
    .returning({ id: reports.id, reporterId: reports.reporterId });
  // The queue's head lock before the reporters' streams, as a new report takes them; the queue is told
  // once the action is recorded (announceQueueResolution), its author's history then including it.
  if (closed.length > 0) await lockStreamHead(tx, streamKey({ kind: "moderation" }));
  for (const report of closed) {
    if (report.reporterId !== null)
      await emit(streamKey({ kind: "user", id: report.reporterId }), "report:resolved", {
        reportId: report.id,
        status: outcome.status,
      });
  }
  const reporterIds = closed.flatMap((r) => (r.reporterId === null ? [] : [r.reporterId]));
  await notify(
    tx,
    emit,
    reporterIds.map((recipientId) => ({
      recipientId,
      kind: "report_resolved" as const,
      actorId: outcome.actorId,
      link: "/moderation/my-reports",
      params: { where: target.where, status: outcome.status },
    })),
  );
  return closed.length;
}

/**
 * Tells the queue of a recorded moderation action, under the stream's head lock, once the action is
 * in its author's history. With entries closed (`resolved` > 0): the item's entry as it stands now
 * (null once none is open), and what fills the place it frees. Without: the author, and the item's
 * entry if it has one open. Either way, the entries that show the item (in `thread`) as they now read.
 */
async function announceToQueue(
  tx: Tx,
  emit: Emit,
  change: {
    action: ModerationActionKind;
    target: { kind: ModerationTargetKind | "thread"; id: number; authorId: number };
    thread?: { id: number; showing?: number };
    resolved?: { status: "actioned" | "dismissed"; count: number };
  },
): Promise<void> {
  const { target } = change;
  const item = target.kind === "thread" ? null : { kind: target.kind, id: target.id };
  const stream = streamKey({ kind: "moderation" });
  if (item && change.resolved && change.resolved.count > 0) {
    const { entry, author } = await queueChange(tx, item, target.authorId);
    const entries = change.thread ? await changedEntries(tx, { items: [], thread: change.thread }) : [];
    await emit(stream, "queue:resolved", {
      targetKind: item.kind,
      targetId: item.id,
      status: change.resolved.status,
      entry,
      author,
      entries: entries.filter((e) => e.key !== targetKey(item.kind, item.id)),
      tails: await queueTails(tx),
    });
    return;
  }
  const entries = await changedEntries(tx, { items: item ? [item] : [], thread: change.thread });
  await emit(stream, "queue:changed", {
    action: change.action,
    targetType: target.kind,
    targetId: target.id,
    author: await queueAuthorChange(tx, target.authorId),
    entries,
  });
}

/** A comment's thread, for the entries whose context shows it; other kinds show only in their own entry. */
const showingIn = (target: Pick<ModerationTarget, "kind" | "id" | "threadId">) =>
  target.kind === "comment" && target.threadId !== null ? { id: target.threadId, showing: target.id } : undefined;

/**
 * An item moderated where it lives (an opinion statement on its round's page) rather than from the
 * queue: its open entries close as the queue's own hide / restore / approve would close them, and
 * the action joins its author's moderation history.
 */
export async function resolveQueueEntries(
  tx: Tx,
  emit: Emit,
  item: Pick<ModerationTarget, "kind" | "id" | "path" | "where"> & {
    action: "hide" | "restore" | "approve";
    subjectAccountId: number;
    actorId: number;
    reason: string;
    now: Date;
  },
): Promise<void> {
  const reason = item.reason || "—";
  const target = { ...item, authorId: item.subjectAccountId };
  const status = item.action === "restore" ? "dismissed" : "actioned";
  const resolved = await resolveOpenReports(tx, emit, target, {
    status,
    resolution: `${item.action === "hide" ? "hidden" : item.action === "approve" ? "approved" : "restored"}: ${reason}`,
    actorId: item.actorId,
    now: item.now,
  });
  await recordModerationAction(tx, {
    action: item.action,
    targetType: item.kind,
    targetId: item.id,
    subjectAccountId: item.subjectAccountId,
    actorId: item.actorId,
    reason,
    now: item.now,
  });
  await announceToQueue(tx, emit, { action: item.action, target, resolved: { status, count: resolved } });
}

/** `reason` (on hiding) is the public notice shown in place of the text, so pages apply the event as it is. */
async function announceVisibility(
  deps: ServiceDeps,
  tx: Tx,
  emit: Emit,
  target: ModerationTarget,
  type: "hidden" | "restored",
  by: { actorId: number; now: Date },
  reason?: string,
): Promise<void> {
  if (target.kind === "enquiry_message") {
    // The message's row and its placeholder (or its text again) on the parties' stream, together.
    const reported = await loadReportedEnquiryMessage(tx, target.id);
    if (!reported) return;
    await setEnquiryMessageHidden(
      tx,
      emit,
      reported.message,
      type === "hidden" ? { at: by.now, byId: by.actorId, reason: reason ?? "" } : null,
    );
    return;
  }
  if (target.kind === "statement") {
    // The round's page applies the statement as the public sees it now; its map is recomputed without
    // (or again with) the statement once this commits.
    const [statement] = await tx.select().from(opinionStatements).where(eq(opinionStatements.id, target.id));
    const roundId = target.roundId;
    if (!statement || roundId === null) return;
    await emit(roundStream(roundId), "statement:changed", { roundId, statement: publicStatementView(statement) });
    emit.afterCommit(() => requestMapRefresh(deps, roundId));
    return;
  }
  const notice = { targetKind: target.kind, targetId: target.id, ...(reason === undefined ? {} : { reason }) };
  if (target.kind !== "topic") {
    for (const stream of target.streams) await emit(stream, visibilityEvent(target.kind, type), notice);
    if (target.kind === "comment") await announceToForum(tx, emit, target.id, type);
    return;
  }
  const restored = type === "restored";
  // A restored topic is listed again: its list row, read after the change under the topic's row lock,
  // goes with the notice; the topic's own page gets back the text its readers saw withheld.
  const [topic] = await tx
    .select({ forumId: topics.forumId, title: topics.title, bodyHtml: topics.bodyHtml })
    .from(topics)
    .where(eq(topics.id, target.id));
  if (!topic) return;
  const row = restored ? { topic: await publishedTopic(tx, { topicId: target.id }) } : {};
  await emit(streamKey({ kind: "topic", id: target.id }), visibilityEvent("topic", type), {
    ...notice,
    ...row,
    ...(restored ? { shown: { title: topic.title, bodyHtml: topic.bodyHtml } } : {}),
  });
  const forum = await forumPictureNow(tx, topic.forumId);
  await emit(forum.stream, visibilityEvent("topic", type), { ...notice, ...row, stancePicture: forum.stancePicture });
  // The forums list counts visible topics: a restore or an approval adds one, hiding a visible one takes
  // one away (a held topic hidden was never counted).
  if (restored || target.state === "visible") await announceTopicCount(emit, tx, topic.forumId);
}

/** A forum's row on the `forums` stream after its count of visible topics moved; after the forum's own head. */
async function announceTopicCount(emit: Emit, tx: Tx, forumId: number) {
  await emit(streamKey({ kind: "forums" }), "forum:topic-count", { forumId, forum: await listedForumNow(tx, forumId) });
}

/**
 * A topic's comment hidden or restored (or a held one approved): a comment with a stance starts or
 * stops counting in its forum's picture, so the forum is told the picture as it now stands and the
 * topic's row, as a new comment tells it. Nothing when the thread is not a topic's.
 */
async function announceToForum(tx: Tx, emit: Emit, commentId: number, type: "hidden" | "restored") {
  const [row] = await tx
    .select({ threadId: comments.threadId, stance: comments.stance, forumId: topics.forumId })
    .from(comments)
    .innerJoin(topics, eq(topics.threadId, comments.threadId))
    .where(eq(comments.id, commentId));
  if (!row || row.stance === null) return;
  const forum = await forumPictureNow(tx, row.forumId);
  await emit(forum.stream, "thread:activity", {
    threadId: row.threadId,
    type: `comment:${type}`,
    topic: await publishedTopic(tx, { threadId: row.threadId }),
    stancePicture: forum.stancePicture,
  });
}

/**
 * A forum's stance picture for an event on its stream about a topic whose comments start or stop
 * counting there (hidden, restored, moved), read under the stream's head lock: a writer on the stream
 * that committed first is in the read, so the picture at each seq holds every change up to it.
 */
async function forumPictureNow(tx: Tx, forumId: number) {
  const stream = streamKey({ kind: "forum", id: forumId });
  await lockStreamHead(tx, stream);
  return { stream, stancePicture: await stancePicture(tx, forumId) };
}

/** Hides an item: everyone but its author sees "hidden by a moderator" with the public reason. */
export async function hideItem(deps: ServiceDeps, actor: SessionUser, input: z.output<typeof hideInput>) {
  return transact(deps, async (tx, emit) => {
    const target = await loadTarget(tx, input.targetKind, input.targetId, { forUpdate: true });
    refuse(contentActionRefusal(actor, target.authorId, target.privateTo));
    if (target.state === "withdrawn") throw new AppError("ITEM_UNAVAILABLE", "That item was withdrawn by its author");
    if (target.state === "hidden") throw new AppError("NOTHING_TO_RESOLVE", "That item is already hidden");
    const now = deps.now();
    await writeTargetState(tx, target, "hidden", input.reason, now);
    const resolved = await resolveOpenReports(tx, emit, target, {
      status: "actioned",
      resolution: `hidden: ${input.reason}`,
      actorId: actor.id,
      now,
    });
    await recordModerationAction(tx, {
      action: "hide",
      targetType: target.kind,
      targetId: target.id,
      subjectAccountId: target.authorId,
      actorId: actor.id,
      reason: input.reason,
      now,
    });
    await announceToQueue(tx, emit, {
      action: "hide",
      target,
      thread: showingIn(target),
      resolved: { status: "actioned", count: resolved },
    });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "moderation.hide",
      targetType: target.kind,
      targetId: target.id,
      reason: input.reason,
      before: { state: target.state },
      after: { state: "hidden", reportsResolved: resolved },
    });
    await notify(tx, emit, [
      {
        recipientId: target.authorId,
        kind: "content_hidden",
        actorId: actor.id,
        link: target.path,
        params: { where: target.where, reason: input.reason },
      },
    ]);
    await announceVisibility(deps, tx, emit, target, "hidden", { actorId: actor.id, now }, input.reason);
    return { targetKind: target.kind, targetId: target.id, state: "hidden" as const, reportsResolved: resolved };
  });
}

/** Shows a hidden item again, or releases a post held for review. */
export async function restoreItem(deps: ServiceDeps, actor: SessionUser, input: z.output<typeof restoreInput>) {
  return transact(deps, async (tx, emit) => {
    const target = await loadTarget(tx, input.targetKind, input.targetId, { forUpdate: true });
    refuse(contentActionRefusal(actor, target.authorId, target.privateTo));
    if (target.state !== "hidden" && target.state !== "held")
      throw new AppError("NOTHING_TO_RESOLVE", "That item is not hidden or held");
    const now = deps.now();
    const action = target.state === "held" ? "approve" : "restore";
    await writeTargetState(tx, target, "visible", null, now);
    const resolved = await resolveOpenReports(tx, emit, target, {
      status: action === "approve" ? "actioned" : "dismissed",
      resolution: action === "approve" ? `approved: ${input.reason}` : `restored: ${input.reason}`,
      actorId: actor.id,
      now,
    });
    await recordModerationAction(tx, {
      action,
      targetType: target.kind,
      targetId: target.id,
      subjectAccountId: target.authorId,
      actorId: actor.id,
      reason: input.reason,
      now,
    });
    await announceToQueue(tx, emit, {
      action,
      target,
      thread: showingIn(target),
      resolved: { status: action === "approve" ? "actioned" : "dismissed", count: resolved },
    });
    await recordAudit(tx, {
      actorId: actor.id,
      action: `moderation.${action}`,
      targetType: target.kind,
      targetId: target.id,
      reason: input.reason,
      before: { state: target.state, hiddenReason: target.hiddenReason },
      after: { state: "visible", reportsResolved: resolved },
    });
    await notify(tx, emit, [
      {
        recipientId: target.authorId,
        kind: "content_restored",
        actorId: actor.id,
        link: target.path,
        params: { where: target.where, reason: input.reason },
      },
    ]);
    // A held comment was never announced: its replies, mentions and followers hear of it now.
    if (action === "approve" && target.kind === "comment") {
      const [comment] = await tx.select().from(comments).where(eq(comments.id, target.id));
      const [parent] = comment?.parentId
        ? await tx.select().from(comments).where(eq(comments.id, comment.parentId))
        : [];
      if (comment) await notifyNewComment(tx, emit, comment, parent);
    }
    await announceVisibility(deps, tx, emit, target, "restored", { actorId: actor.id, now });
    return { targetKind: target.kind, targetId: target.id, state: "visible" as const, reportsResolved: resolved };
  });
}

/** Closes the reports on an item without acting on it: the reporters are told they were dismissed. */
export async function dismissReports(deps: ServiceDeps, actor: SessionUser, input: z.output<typeof dismissInput>) {
  return transact(deps, async (tx, emit) => {
    const target = await loadTarget(tx, input.targetKind, input.targetId, { forUpdate: true });
    refuse(contentActionRefusal(actor, target.authorId, target.privateTo));
    const now = deps.now();
    const resolved = await resolveOpenReports(tx, emit, target, {
      status: "dismissed",
      resolution: `dismissed: ${input.reason}`,
      actorId: actor.id,
      now,
      onlyReports: true,
    });
    if (resolved === 0) throw new AppError("NOTHING_TO_RESOLVE", "There are no open reports on that item");
    await recordModerationAction(tx, {
      action: "dismiss",
      targetType: target.kind,
      targetId: target.id,
      subjectAccountId: target.authorId,
      actorId: actor.id,
      reason: input.reason,
      now,
    });
    await announceToQueue(tx, emit, { action: "dismiss", target, resolved: { status: "dismissed", count: resolved } });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "moderation.dismiss",
      targetType: target.kind,
      targetId: target.id,
      reason: input.reason,
      before: { openReports: resolved },
      after: { openReports: 0 },
    });
    return { targetKind: target.kind, targetId: target.id, dismissed: resolved };
  });
}

/** Locks or unlocks a thread (a topic's or a project's): a locked thread takes no new comments. */
export async function setThreadLocked(deps: ServiceDeps, actor: SessionUser, input: z.output<typeof lockInput>) {
  return transact(deps, async (tx, emit) => {
    const [thread] = await tx.select().from(threads).where(eq(threads.id, input.threadId)).for("update");
    if (!thread) throw new AppError("NOT_FOUND", "That discussion does not exist");
    const [owner] =
      thread.ownerKind === "topic"
        ? await tx
            .select({ authorId: topics.authorId, id: topics.id })
            .from(topics)
            .where(eq(topics.threadId, thread.id))
        : await tx
            .select({ authorId: projects.proposerId, id: projects.id })
            .from(projects)
            .where(eq(projects.threadId, thread.id));
    if (!owner) throw new AppError("NOT_FOUND", "That discussion does not exist");
    refuse(contentActionRefusal(actor, owner.authorId));
    if (Boolean(thread.lockedAt) === input.locked)
      throw new AppError(
        "NOTHING_TO_RESOLVE",
        input.locked ? "That discussion is already locked" : "That discussion is not locked",
      );
    const now = deps.now();
    await tx
      .update(threads)
      .set({ lockedAt: input.locked ? now : null })
      .where(eq(threads.id, thread.id));
    const action = input.locked ? "lock" : "unlock";
    await recordModerationAction(tx, {
      action,
      targetType: "thread",
      targetId: thread.id,
      subjectAccountId: owner.authorId,
      actorId: actor.id,
      reason: input.reason,
      now,
    });
    await announceToQueue(tx, emit, { action, target: { kind: "thread", id: thread.id, authorId: owner.authorId } });
    await recordAudit(tx, {
      actorId: actor.id,
      action: `moderation.${action}`,
      targetType: "thread",
      targetId: thread.id,
      reason: input.reason,
      before: { locked: !input.locked, owner: `${thread.ownerKind}:${owner.id}` },
      after: { locked: input.locked },
    });
    if (input.locked)
      await emit(asStreamKey(thread.stream), "thread:locked", { threadId: thread.id, lockedAt: now.toISOString() });
    else await emit(asStreamKey(thread.stream), "thread:unlocked", { threadId: thread.id });
    return { threadId: thread.id, locked: input.locked };
  });
}

/** Moves a topic, with its whole thread, to another open forum. */
export async function moveTopic(deps: ServiceDeps, actor: SessionUser, input: z.output<typeof moveTopicInput>) {
  return transact(deps, async (tx, emit) => {
    const [topic] = await tx.select().from(topics).where(eq(topics.id, input.topicId)).for("update");
    if (!topic) throw new AppError("NOT_FOUND", "That topic does not exist");
    refuse(contentActionRefusal(actor, topic.authorId));
    const [forum] = await tx.select().from(forums).where(eq(forums.id, input.forumId));
    if (!forum) throw new AppError("NOT_FOUND", "That forum does not exist");
    if (forum.archivedAt) throw new AppError("FORUM_ARCHIVED", "That forum is archived; choose an open one");
    if (forum.id === topic.forumId) throw new AppError("NOTHING_TO_RESOLVE", "The topic is already in that forum");
    const now = deps.now();
    await tx.update(topics).set({ forumId: forum.id }).where(eq(topics.id, topic.id));
    await recordModerationAction(tx, {
      action: "move",
      targetType: "topic",
      targetId: topic.id,
      subjectAccountId: topic.authorId,
      actorId: actor.id,
      reason: input.reason,
      now,
    });
    // Before the forums' heads, as a hide takes the queue's first; every entry in the thread names its forum.
    await announceToQueue(tx, emit, {
      action: "move",
      target: { kind: "topic", id: topic.id, authorId: topic.authorId },
      thread: { id: topic.threadId },
    });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "moderation.move",
      targetType: "topic",
      targetId: topic.id,
      reason: input.reason,
      before: { forumId: topic.forumId },
      after: { forumId: forum.id },
    });
    // Each forum's stream gets its list's row and its picture after the move, the forums in id order
    // (one lock order for every mover); the topic's own page gets the forum it is in now.
    const row = await publishedTopic(tx, { topicId: topic.id });
    const sides = [
      { forumId: topic.forumId, moved: { toForumId: forum.id, topic: null } },
      { forumId: forum.id, moved: { fromForumId: topic.forumId, topic: row } },
    ].sort((a, b) => a.forumId - b.forumId);
    for (const side of sides) {
      const { stream, stancePicture } = await forumPictureNow(tx, side.forumId);
      await emit(stream, "topic:moved", { topicId: topic.id, ...side.moved, stancePicture });
    }
    await emit(streamKey({ kind: "topic", id: topic.id }), "topic:moved", {
      topicId: topic.id,
      toForumId: forum.id,
      forum: await topicForum(tx, forum.id),
    });
    // A visible topic moved counts in the other forum now (last, after every forum's own head).
    if (topic.state === "visible") for (const side of sides) await announceTopicCount(emit, tx, side.forumId);
    return { topicId: topic.id, forumId: forum.id, slug: forum.slug };
  });
}

import { and, asc, desc, eq, gt, lt } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { accounts, comments, forums, opinionRounds, opinionStatements, projects, threads, topics } from "@/db/schema";
import type { ModerationTargetKind } from "./rules/moderation";
import { AppError } from "@/server/errors";
import { asStreamKey, streamKey, type StreamKey } from "@/server/domain/stream-access";
import {
  loadVisibleRound,
  roundStream,
  roundVisibility,
  statementVisibility,
  type Viewer,
} from "@/server/features/opinions";
import { loadReportedEnquiryMessage } from "@/server/features/achievements";

/**
 * What moderation needs to know about a reported item, whatever its kind: who wrote it, whether it
 * is shown, where it lives (for links and live notices) and a short text for the queue.
 */
export interface ModerationTarget {
  kind: ModerationTargetKind;
  id: number;
  authorId: number;
  /** visible, hidden, held or withdrawn (projects: visible or hidden). */
  state: "visible" | "hidden" | "held" | "withdrawn";
  hiddenReason: string | null;
  title: string;
  /** The title of the topic or project the item is or sits in, for notices. */
  where: string;
  bodyHtml: string;
  /** Where a moderator opens it. */
  path: string;
  /** The streams whose open pages must change when its visibility changes. */
  streams: StreamKey[];
  threadId: number | null;
  createdAt: Date;
  /** An opinion statement's round (its map leaves hidden statements out); null for other kinds. */
  roundId: number | null;
  /**
   * A private item's audience (a negotiation message: its thread's parties), who alone may report it;
   * null for items the public sees.
   */
  privateTo: number[] | null;
}

const escapes: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
/** A statement is plain text (≤ 280 characters); the queue shows every item as HTML. */
const plainTextHtml = (text: string) => `<p>${text.replace(/[&<>"']/g, (ch) => escapes[ch] ?? ch)}</p>`;

const unavailable = (kind: ModerationTargetKind) => new AppError("NOT_FOUND", `That ${kind} does not exist`);

/** Loads the item; with `forUpdate` its row is locked so concurrent actions on it run one after another. */
export async function loadTarget(
  db: Db | Tx,
  kind: ModerationTargetKind,
  id: number,
  options: { forUpdate?: boolean } = {},
): Promise<ModerationTarget> {
  switch (kind) {
    case "comment": {
      const query = db.select().from(comments).where(eq(comments.id, id));
      const [comment] = options.forUpdate ? await query.for("update") : await query;
      if (!comment) throw unavailable(kind);
      const [thread] = await db.select().from(threads).where(eq(threads.id, comment.threadId));
      const streams = thread ? [asStreamKey(thread.stream)] : [];
      let path = "/";
      if (thread?.stream.startsWith("topic:")) path = `/topics/${thread.stream.slice(6)}#comment-${comment.id}`;
      if (thread?.stream.startsWith("project:")) path = `/projects/${thread.stream.slice(8)}#comment-${comment.id}`;
      const [owner] =
        thread?.ownerKind === "project"
          ? await db.select({ title: projects.title }).from(projects).where(eq(projects.threadId, comment.threadId))
          : await db.select({ title: topics.title }).from(topics).where(eq(topics.threadId, comment.threadId));
      return {
        kind,
        id,
        authorId: comment.authorId,
        state: comment.state,
        hiddenReason: comment.hiddenReason,
        title: "",
        where: owner?.title ?? "",
        bodyHtml: comment.bodyHtml,
        path,
        streams,
        threadId: comment.threadId,
        createdAt: comment.createdAt,
        roundId: null,
        privateTo: null,
      };
    }
    case "topic": {
      const query = db.select().from(topics).where(eq(topics.id, id));
      const [topic] = options.forUpdate ? await query.for("update") : await query;
      if (!topic) throw unavailable(kind);
      return {
        kind,
        id,
        authorId: topic.authorId,
        state: topic.state,
        hiddenReason: topic.hiddenReason,
        title: topic.title,
        where: topic.title,
        bodyHtml: topic.bodyHtml,
        path: `/topics/${topic.id}`,
        streams: [streamKey({ kind: "topic", id: topic.id }), streamKey({ kind: "forum", id: topic.forumId })],
        threadId: topic.threadId,
        createdAt: topic.createdAt,
        roundId: null,
        privateTo: null,
      };
    }
    case "project": {
      const query = db.select().from(projects).where(eq(projects.id, id));
      const [project] = options.forUpdate ? await query.for("update") : await query;
      // A draft is private to its authors; nobody else can have seen it to report it.
      if (!project || project.status === "draft") throw unavailable(kind);
      return {
        kind,
        id,
        authorId: project.proposerId,
        state: project.hiddenAt ? "hidden" : "visible",
        hiddenReason: project.hiddenReason,
        title: project.title,
        where: project.title,
        bodyHtml: project.bodyHtml,
        path: `/projects/${project.id}`,
        streams: [streamKey({ kind: "project", id: project.id }), streamKey({ kind: "projects" })],
        threadId: project.threadId,
        createdAt: project.createdAt,
        roundId: null,
        privateTo: null,
      };
    }
    case "statement": {
      const query = db.select().from(opinionStatements).where(eq(opinionStatements.id, id));
      const [statement] = options.forUpdate ? await query.for("update") : await query;
      if (!statement) throw unavailable(kind);
      const [round] = await db
        .select({ question: opinionRounds.question })
        .from(opinionRounds)
        .where(eq(opinionRounds.id, statement.roundId));
      return {
        kind,
        id,
        authorId: statement.authorId,
        state: statement.state,
        hiddenReason: statement.hiddenReason,
        title: "",
        where: round?.question ?? "",
        bodyHtml: plainTextHtml(statement.text),
        path: `/opinions/${statement.roundId}#statement-${statement.id}`,
        streams: [roundStream(statement.roundId)],
        threadId: null,
        createdAt: statement.createdAt,
        roundId: statement.roundId,
        privateTo: null,
      };
    }
    case "enquiry_message": {
      const reported = await loadReportedEnquiryMessage(db, id, options);
      if (!reported) throw unavailable(kind);
      const { message } = reported;
      return {
        kind,
        id,
        authorId: message.authorId,
        state: message.hiddenAt ? "hidden" : "visible",
        hiddenReason: message.hiddenReason,
        title: "",
        where: reported.achievementTitle,
        bodyHtml: plainTextHtml(message.body),
        // The parties' page: notices to them link there; a moderator cannot open it.
        path: `/achievements/enquiries/${message.enquiryId}`,
        streams: [streamKey({ kind: "enquiry", id: message.enquiryId })],
        threadId: null,
        createdAt: message.createdAt,
        roundId: null,
        privateTo: reported.partyIds,
      };
    }
  }
}

/**
 * Whether a person may see the item they report. A negotiation message only by its thread's parties. A statement answers with its own rule (held: its
 * author and moderators; hidden: a notice) inside its round's (the round's topic); the other kinds
 * keep the rules fileReport applies to them.
 */
export async function ensureReportable(db: Db | Tx, viewer: NonNullable<Viewer>, target: ModerationTarget) {
  // Nobody outside a private thread learns that its message exists.
  if (target.privateTo && !target.privateTo.includes(viewer.id)) throw unavailable(target.kind);
  if (target.kind !== "statement" || target.roundId === null) return;
  // A round on a hidden topic shows only a notice: its statements are not there to report.
  const round = await loadVisibleRound(db, viewer, target.roundId);
  if ((await roundVisibility(db, viewer, round)) !== "full") throw unavailable(target.kind);
  const [statement] = await db.select().from(opinionStatements).where(eq(opinionStatements.id, target.id));
  if (!statement || statementVisibility(statement, viewer) === "none") throw unavailable(target.kind);
}

/** Sets the item's visibility and public reason; the caller has checked who may. */
export async function writeTargetState(
  tx: Tx,
  target: ModerationTarget,
  state: "visible" | "hidden",
  reason: string | null,
  now: Date,
): Promise<void> {
  switch (target.kind) {
    case "comment":
      await tx
        .update(comments)
        .set({ state, hiddenReason: state === "hidden" ? reason : null })
        .where(eq(comments.id, target.id));
      return;
    case "topic":
      await tx
        .update(topics)
        .set({ state, hiddenReason: state === "hidden" ? reason : null })
        .where(eq(topics.id, target.id));
      return;
    case "project":
      await tx
        .update(projects)
        .set(state === "hidden" ? { hiddenAt: now, hiddenReason: reason } : { hiddenAt: null, hiddenReason: null })
        .where(eq(projects.id, target.id));
      return;
    case "statement":
      await tx
        .update(opinionStatements)
        .set(state === "hidden" ? { state, hiddenReason: reason } : { state, hiddenReason: null })
        .where(eq(opinionStatements.id, target.id));
      return;
    case "enquiry_message":
      // Written with its live notice by moderation-actions' announceVisibility, which knows who acted.
      return;
  }
}

export interface ContextEntry {
  id: number;
  authorName: string;
  bodyHtml: string;
  state: string;
  createdAt: Date;
  isTarget: boolean;
}

/**
 * The thread around a reported comment: its parent and the comments just before and after it, so a
 * moderator judges it in its place. For a topic or project, its first comments.
 */
export async function targetContext(
  db: Db,
  target: ModerationTarget,
): Promise<{ where: string; entries: ContextEntry[] }> {
  // A negotiation message is shown alone: the rest of its private thread stays with its parties.
  if (target.threadId === null) return { where: target.kind === "statement" ? target.where : "", entries: [] };
  const [thread] = await db.select().from(threads).where(eq(threads.id, target.threadId));
  let where = "";
  if (thread?.ownerKind === "topic") {
    const [row] = await db
      .select({ title: topics.title, forumEn: forums.titleEn, forumZh: forums.titleZh })
      .from(topics)
      .innerJoin(forums, eq(forums.id, topics.forumId))
      .where(eq(topics.threadId, thread.id));
    if (row) where = `${row.forumZh} / ${row.forumEn} › ${row.title}`;
  } else if (thread?.ownerKind === "project") {
    const [row] = await db.select({ title: projects.title }).from(projects).where(eq(projects.threadId, thread.id));
    if (row) where = row.title;
  }
  const columns = {
    id: comments.id,
    authorName: accounts.displayName,
    bodyHtml: comments.bodyHtml,
    state: comments.state,
    createdAt: comments.createdAt,
    parentId: comments.parentId,
  };
  const base = () => db.select(columns).from(comments).innerJoin(accounts, eq(accounts.id, comments.authorId));
  let rows: Awaited<ReturnType<ReturnType<typeof base>["where"]>>;
  if (target.kind === "comment") {
    const [me] = await base().where(eq(comments.id, target.id));
    const before = await base()
      .where(and(eq(comments.threadId, target.threadId), lt(comments.id, target.id)))
      .orderBy(desc(comments.id))
      .limit(2);
    const after = await base()
      .where(and(eq(comments.threadId, target.threadId), gt(comments.id, target.id)))
      .orderBy(asc(comments.id))
      .limit(2);
    const parent =
      me?.parentId && !before.some((r) => r.id === me.parentId) ? await base().where(eq(comments.id, me.parentId)) : [];
    rows = [...parent, ...before.reverse(), ...(me ? [me] : []), ...after];
  } else {
    rows = await base().where(eq(comments.threadId, target.threadId)).orderBy(asc(comments.id)).limit(3);
  }
  return {
    where,
    entries: rows.map((row) => ({
      id: row.id,
      authorName: row.authorName,
      // Withdrawn text is gone for everyone, moderators included.
      bodyHtml: row.state === "withdrawn" ? "" : row.bodyHtml,
      state: row.state,
      createdAt: row.createdAt,
      isTarget: target.kind === "comment" && row.id === target.id,
    })),
  };
}

export async function loadTargets(
  db: Db,
  keys: readonly { kind: ModerationTargetKind; id: number }[],
): Promise<Map<string, ModerationTarget>> {
  const result = new Map<string, ModerationTarget>();
  for (const key of keys) {
    try {
      result.set(`${key.kind}:${key.id}`, await loadTarget(db, key.kind, key.id));
    } catch {
      // An item that no longer exists simply drops out of the queue.
    }
  }
  return result;
}

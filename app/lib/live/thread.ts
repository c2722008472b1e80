import type { LiveEvent } from "@/server/events/contract";
import type { ReactionKind } from "@/shared/vocabulary";
import type { PublishedComment } from "@/server/features/deliberation/events";

/** What of a listed comment a live event can change without reading it again. */
export interface LiveComment {
  id: number;
  rootId?: number | null;
  state: string;
  bodyHtml: string | null;
  body: string | null;
  amendment: unknown;
  reactions: Record<string, number>;
  isAuthor?: boolean;
  hiddenReason?: string | null;
  myReaction?: unknown;
}

/** A page of `comments.list`; the first page's head is the seq the thread's data stands at. */
export interface LiveThreadPage<C extends LiveComment> {
  items: C[];
  headSeq: number;
  nextCursor?: string | null;
}

/** Who reads the thread: their own comments carry their markdown, and reviewers also see held ones. */
export interface ThreadViewer {
  id: number;
  reviews: boolean;
}

export interface ThreadEventContext<C extends LiveComment> {
  viewer: ThreadViewer | null;
  /** A published comment as a list item for this viewer (dates as Dates, the viewer's own fields). */
  toItem: (published: PublishedComment, viewer: ThreadViewer | null) => C;
}

/** A comment's list item built from its event: reader-specific fields set for this viewer. */
export function listItemFromEvent(published: PublishedComment, viewer: ThreadViewer | null) {
  return {
    ...published,
    rootId: published.rootId as number | null,
    state: published.state as "visible" | "held" | "hidden" | "withdrawn",
    bodyHtml: published.bodyHtml as string | null,
    hiddenReason: published.hiddenReason as string | null,
    createdAt: new Date(published.createdAt),
    editedAt: published.editedAt === null ? null : new Date(published.editedAt),
    body: null as string | null,
    myReaction: null as ReactionKind | null,
    isAuthor: viewer?.id === published.author.id,
  };
}

/** Events whose news is not in their payload (a restored text): read the thread again. */
const needsRead = new Set<LiveEvent["type"]>(["comment:added", "comment:edited", "comment:restored"]);

/**
 * Applies one event of the thread's stream (`topic:<id>` or `project:<id>`) to its loaded pages.
 * Pure and seq-guarded like the ballot's. New, edited and hidden comments, reactions and withdrawals
 * are applied from the payload; only what the payload cannot tell this reader is read again: their own
 * comment's markdown (for editing), a comment that went back to review for a reviewer, a restored text,
 * or an event from before payloads carried the comment. The project's own events only move the head.
 */
export function applyThreadEvent<C extends LiveComment, P extends LiveThreadPage<C>>(
  pages: P[],
  event: LiveEvent,
  context?: ThreadEventContext<C>,
): { pages: P[]; refetch: boolean } {
  const [first] = pages;
  if (!first || event.seq <= first.headSeq) return { pages, refetch: false };
  const moveHead = (next: P[]) => next.map((page, index) => (index === 0 ? { ...page, headSeq: event.seq } : page));
  const mapComment = (commentId: number, change: (comment: C) => C | null) =>
    moveHead(
      pages.map((page) => ({
        ...page,
        items: page.items.flatMap((c) => {
          if (c.id !== commentId) return [c];
          const changed = change(c);
          return changed ? [changed] : [];
        }),
      })),
    );
  const find = (commentId: number) => pages.flatMap((page) => page.items).find((c) => c.id === commentId);
  const viewer = context?.viewer ?? null;
  switch (event.type) {
    case "reaction:changed":
      return {
        pages: mapComment(event.payload.commentId, (c) => ({
          ...c,
          reactions: { ...c.reactions, ...event.payload.counts },
        })),
        refetch: false,
      };
    case "comment:withdrawn":
      // Withdrawn text is gone for everyone, its author included (comments.ts presentComment).
      return {
        pages: mapComment(event.payload.commentId, (c) => ({
          ...c,
          state: "withdrawn",
          bodyHtml: null,
          body: null,
          amendment: null,
        })),
        refetch: false,
      };
    case "comment:added": {
      const published = event.payload.comment;
      if (published === undefined || !context) return { pages: moveHead(pages), refetch: true };
      // Held for review: its text comes to nobody; its author's page reads it back after posting.
      if (published === null || find(published.id)) return { pages: moveHead(pages), refetch: false };
      // The author needs their markdown to edit it: their page reads it (their own post reads anyway).
      if (viewer?.id === published.author.id) return { pages: moveHead(pages), refetch: true };
      const item = context.toItem(published, viewer);
      const rootPage =
        published.parentId === null
          ? pages.length - 1
          : pages.findIndex((page) => page.items.some((c) => (c.rootId ?? c.id) === published.rootId));
      const last = pages[pages.length - 1]!;
      // A new top-level comment is the newest, so it belongs on the last page once that page is the end;
      // until then it arrives with "load more". A reply to a thread not loaded arrives with its page.
      if (rootPage < 0 || (published.parentId === null && last.nextCursor))
        return { pages: moveHead(pages), refetch: false };
      // The list's order: by thread, then by id; the new comment has the highest id of its thread.
      const insert = (items: C[]) => {
        const at =
          published.parentId === null
            ? items.length
            : items.findLastIndex((c) => (c.rootId ?? c.id) === published.rootId) + 1;
        return [...items.slice(0, at), item, ...items.slice(at)];
      };
      return {
        pages: moveHead(
          pages.map((page, index) => (index === rootPage ? { ...page, items: insert(page.items) } : page)),
        ),
        refetch: false,
      };
    }
    case "comment:edited": {
      const { commentId, comment: published } = event.payload;
      const cached = find(commentId);
      if (published === undefined || !context) return { pages: moveHead(pages), refetch: cached !== undefined };
      if (!cached) return { pages: moveHead(pages), refetch: false };
      if (cached.isAuthor) return { pages: moveHead(pages), refetch: true };
      if (published === null) {
        // Sent back to review: only reviewers still see it (with its new text, which the event does not carry).
        if (event.payload.state === "held" && viewer?.reviews) return { pages: moveHead(pages), refetch: true };
        if (event.payload.state === "held") return { pages: mapComment(commentId, () => null), refetch: false };
        return { pages: moveHead(pages), refetch: false };
      }
      const next = context.toItem(published, viewer);
      return {
        // The event's counts are the committed ones at its seq; the viewer's own reaction stays theirs.
        pages: mapComment(commentId, (c) => ({ ...c, ...next, myReaction: c.myReaction })),
        refetch: false,
      };
    }
    case "comment:hidden": {
      const { targetKind, targetId, reason } = event.payload;
      if (targetKind !== "comment") return { pages: moveHead(pages), refetch: false };
      if (reason === undefined && find(targetId)) return { pages: moveHead(pages), refetch: true };
      // Its author still reads the text; everyone else sees the notice and the public reason.
      return {
        pages: mapComment(targetId, (c) =>
          c.isAuthor
            ? { ...c, state: "hidden", hiddenReason: reason ?? null }
            : { ...c, state: "hidden", hiddenReason: reason ?? null, bodyHtml: null, body: null, amendment: null },
        ),
        refetch: false,
      };
    }
    default:
      return { pages: moveHead(pages), refetch: needsRead.has(event.type) };
  }
}

import type { LiveEvent } from "@/server/events/contract";

/** What of a listed comment a live event can change without reading it again. */
export interface LiveComment {
  id: number;
  state: string;
  bodyHtml: string | null;
  body: string | null;
  amendment: unknown;
  reactions: Record<string, number>;
}

/** A page of `comments.list`; the first page's head is the seq the thread's data stands at. */
export interface LiveThreadPage<C extends LiveComment> {
  items: C[];
  headSeq: number;
}

/** Events whose news is not in their payload (a new or edited body, a moderator's reason): read the thread again. */
const needsRead = new Set<LiveEvent["type"]>(["comment:added", "comment:edited", "comment:hidden", "comment:restored"]);

/**
 * Applies one event of the thread's stream (`topic:<id>` or `project:<id>`) to its loaded pages.
 * Pure and seq-guarded like the ballot's. Reactions and withdrawals are applied from the payload;
 * the project's own events on the same stream only move the head.
 */
export function applyThreadEvent<C extends LiveComment, P extends LiveThreadPage<C>>(
  pages: P[],
  event: LiveEvent,
): { pages: P[]; refetch: boolean } {
  const [first] = pages;
  if (!first || event.seq <= first.headSeq) return { pages, refetch: false };
  const mapComment = (commentId: number, change: (comment: C) => C) =>
    pages.map((page, index) => ({
      ...page,
      headSeq: index === 0 ? event.seq : page.headSeq,
      items: page.items.map((c) => (c.id === commentId ? change(c) : c)),
    }));
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
    default:
      return {
        pages: pages.map((page, index) => (index === 0 ? { ...page, headSeq: event.seq } : page)),
        refetch: needsRead.has(event.type),
      };
  }
}

import { topicVisibility, type PostState, type VisibilityViewer } from "@/server/domain/visibility";
import type { LiveEvent } from "@/server/events/contract";

/** What of a topic its page shows that moderation changes (topics.byId), with the topic stream's head. */
export interface TopicPageView {
  id: number;
  threadId: number;
  state: PostState;
  hiddenReason: string | null;
  title: string;
  bodyHtml: string;
  lockedAt: Date | null;
  forum: {
    id: number;
    slug: string;
    titleZh: string;
    titleEn: string;
    archivedAt: Date | null;
    recommendationId: number | null;
  };
  measures: { id: number; code: string; titleZh: string; titleEn: string }[];
  author: { id: number };
  headSeq: number;
}

/**
 * Applies one event of a topic's stream (`topic:<id>`) to what its page shows, as topics.byId would
 * read it next for this viewer: hidden, the text stays only for those the topic's visibility rule
 * still shows it to (its author), others get the notice and the reason; restored, the text comes back
 * from the event; locked or moved, the page takes the lock's time or the new forum and its measures.
 * Seq-guarded; an event from before events carried these is read again.
 */
export function applyTopicPageEvent<V extends TopicPageView>(
  view: V,
  event: LiveEvent,
  viewer: VisibilityViewer,
): { view: V; refetch: boolean } {
  if (event.seq <= view.headSeq) return { view, refetch: false };
  const moved = { ...view, headSeq: event.seq };
  const keep = { view: moved, refetch: false };
  switch (event.type) {
    case "topic:hidden": {
      const { targetKind, targetId, reason } = event.payload;
      if (targetKind !== "topic" || targetId !== view.id) return keep;
      const shows = topicVisibility({ state: "hidden", authorId: view.author.id }, viewer) === "full";
      return {
        view: {
          ...moved,
          state: "hidden",
          hiddenReason: reason ?? null,
          title: shows ? view.title : "",
          bodyHtml: shows ? view.bodyHtml : "",
        },
        refetch: false,
      };
    }
    case "topic:restored": {
      const { targetKind, targetId, shown } = event.payload;
      if (targetKind !== "topic" || targetId !== view.id) return keep;
      const restored = { ...moved, state: "visible" as const, hiddenReason: null };
      if (shown) return { view: { ...restored, ...shown }, refetch: false };
      // An event from before restores carried the text: only a reader who already had it keeps it.
      const hadText = topicVisibility({ state: view.state, authorId: view.author.id }, viewer) === "full";
      return { view: restored, refetch: !hadText };
    }
    case "thread:locked":
      if (event.payload.threadId !== view.threadId) return keep;
      return { view: { ...moved, lockedAt: new Date(event.payload.lockedAt ?? event.at) }, refetch: false };
    case "thread:unlocked":
      if (event.payload.threadId !== view.threadId) return keep;
      return { view: { ...moved, lockedAt: null }, refetch: false };
    case "topic:moved": {
      const { forum } = event.payload;
      if (!forum) return { view: moved, refetch: true };
      const { measures, archivedAt, ...rest } = forum;
      return {
        view: { ...moved, forum: { ...rest, archivedAt: archivedAt === null ? null : new Date(archivedAt) }, measures },
        refetch: false,
      };
    }
    default:
      return keep;
  }
}

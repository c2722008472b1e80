import type { LiveEvent } from "@/server/events/contract";
import type { ListedForum } from "@/server/features/deliberation/events";
import type { OnTheWire } from "@/shared/on-the-wire";
import { upsertInOrder } from "./keyed-list";

/** The forums as forums.listAtHead reads them, with the `forums` stream's head. */
export interface ForumListView {
  forums: ListedForum[];
  headSeq: number;
}

/** A forum's list row from an event, dates as Dates. */
export function forumFromEvent(forum: OnTheWire<ListedForum> | ListedForum): ListedForum {
  return {
    ...forum,
    archivedAt: forum.archivedAt === null ? null : new Date(forum.archivedAt),
    createdAt: new Date(forum.createdAt),
  };
}

/** The list's order: by recommendation number (forums without one last), then by id. */
export function forumOrder(a: ListedForum, b: ListedForum): number {
  const na = a.recommendation?.number ?? Infinity;
  const nb = b.recommendation?.number ?? Infinity;
  return na !== nb ? (na < nb ? -1 : 1) : a.id - b.id;
}

/** A forum's row set into the list, in its place. */
export const withForum = (view: ForumListView, forum: ListedForum): ForumListView => ({
  ...view,
  forums: upsertInOrder(view.forums, forum, forumOrder),
});

/**
 * Applies one event of the `forums` stream to the list: a created, archived or unarchived forum's row
 * takes its place, as does one whose count of visible topics moved. Pure and seq-guarded, so applying an event twice changes nothing. An event from
 * before they carried the row is read again.
 */
export function applyForumListEvent(view: ForumListView, event: LiveEvent): { view: ForumListView; refetch: boolean } {
  if (event.seq <= view.headSeq) return { view, refetch: false };
  const headSeq = event.seq;
  switch (event.type) {
    case "forum:created":
    case "forum:archived":
    case "forum:unarchived":
    case "forum:topic-count": {
      const { forum } = event.payload;
      if (forum === undefined) return { view: { ...view, headSeq }, refetch: true };
      return { view: { ...withForum(view, forumFromEvent(forum)), headSeq }, refetch: false };
    }
    default:
      return { view: { ...view, headSeq }, refetch: false };
  }
}

import type { LiveEvent } from "@/server/events/contract";
import type { QueueAuthor, QueueEntry } from "@/server/features/moderation/events";
import { maxQueueEntries, queueOrder, targetKey, type QueueOrder } from "@/server/features/moderation/rules/moderation";
import type { OnTheWire } from "@/shared/on-the-wire";

/** The queue as moderation.queue reads it, with the moderation stream's head. */
export interface QueueView {
  items: QueueEntry[];
  headSeq: number;
}

const date = (iso: string) => new Date(iso);
const dateOrNull = (iso: string | null) => (iso === null ? null : new Date(iso));

/** An author from an event, dates as Dates. */
export function queueAuthorFromEvent(author: OnTheWire<QueueAuthor>): QueueAuthor {
  return {
    ...author,
    createdAt: date(author.createdAt),
    suspendedUntil: dateOrNull(author.suspendedUntil),
    history: {
      ...author.history,
      actions: author.history.actions.map((a) => ({ ...a, createdAt: date(a.createdAt) })),
    },
  };
}

/** A queue entry from an event, dates as Dates: the entry moderation.queue reads. */
export function queueEntryFromEvent(entry: OnTheWire<QueueEntry>): QueueEntry {
  return {
    ...entry,
    newestAt: date(entry.newestAt),
    reports: entry.reports.map((r) => ({ ...r, createdAt: date(r.createdAt) })),
    item: { ...entry.item, createdAt: date(entry.item.createdAt) },
    context: { ...entry.context, entries: entry.context.entries.map((e) => ({ ...e, createdAt: date(e.createdAt) })) },
    author: entry.author && queueAuthorFromEvent(entry.author),
  };
}

/**
 * Applies one event of the moderation stream to the queue (in `order`). Pure and seq-guarded. A
 * report or a resolution carries its item's entry as the queue now reads it: it takes its place in
 * the order, or leaves when none of its reports is open; its author (history, suspension) changes on
 * every entry of theirs, as a suspension's does. An entry leaving a full queue frees a place only a
 * read can fill; an event from before events carried entries is read again.
 */
export function applyQueueEvent(
  view: QueueView,
  order: QueueOrder,
  event: LiveEvent,
): { view: QueueView; refetch: boolean } {
  if (event.seq <= view.headSeq) return { view, refetch: false };
  const headSeq = event.seq;
  const withAuthor = (items: QueueEntry[], author: QueueAuthor | null) =>
    author === null ? items : items.map((e) => (e.author?.id === author.id ? { ...e, author } : e));
  switch (event.type) {
    case "report:filed":
    case "queue:resolved": {
      const { payload } = event;
      if (payload.entry === undefined) return { view: { ...view, headSeq }, refetch: true };
      const entry = payload.entry && queueEntryFromEvent(payload.entry);
      const wireAuthor = "author" in payload ? payload.author : undefined;
      const author = entry?.author ?? (wireAuthor ? queueAuthorFromEvent(wireAuthor) : null);
      const key = targetKey(payload.targetKind, payload.targetId);
      const rest = withAuthor(
        view.items.filter((e) => e.key !== key),
        author,
      );
      const left = rest.length < view.items.length;
      const full = view.items.length >= maxQueueEntries;
      if (entry === null) return { view: { items: rest, headSeq }, refetch: left && full };
      const before = queueOrder(order);
      const at = rest.findIndex((e) => before(entry, e) < 0);
      // Past the last of a full queue: not among those shown (and if it was, its place is to fill).
      if (at < 0 && rest.length >= maxQueueEntries) return { view: { items: rest, headSeq }, refetch: left };
      const items = at < 0 ? [...rest, entry] : [...rest.slice(0, at), entry, ...rest.slice(at)];
      return { view: { items: items.slice(0, maxQueueEntries), headSeq }, refetch: false };
    }
    case "account:suspended":
    case "account:lifted": {
      const { accountId, author } = event.payload;
      const listed = view.items.some((e) => e.author?.id === accountId);
      // An event from before suspensions carried the author.
      if (author === undefined) return { view: { ...view, headSeq }, refetch: listed };
      return {
        view: { items: withAuthor(view.items, author && queueAuthorFromEvent(author)), headSeq },
        refetch: false,
      };
    }
    default:
      return { view: { ...view, headSeq }, refetch: false };
  }
}

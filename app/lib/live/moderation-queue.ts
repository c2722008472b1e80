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
 * Puts `entry` in its place in `items` (in `order`), replacing any entry of its item, or takes the
 * item's entry off when `entry` is null. A queue at its limit shows the first `maxQueueEntries`: an
 * entry that leaves it (or moves below its last) frees a place, which `tail` (the last entry the
 * queue shows after the change, in this order; null when fewer are open) fills; without a tail, only
 * a read can.
 */
function place(
  items: QueueEntry[],
  order: QueueOrder,
  key: string,
  entry: QueueEntry | null,
  tail: QueueEntry | null | undefined,
): { items: QueueEntry[]; refetch: boolean } {
  const rest = items.filter((e) => e.key !== key);
  const full = items.length >= maxQueueEntries;
  let next = rest;
  if (entry !== null) {
    const before = queueOrder(order);
    const at = rest.findIndex((e) => before(entry, e) < 0);
    if (at >= 0) next = [...rest.slice(0, at), entry, ...rest.slice(at)].slice(0, maxQueueEntries);
    // Past the last: a queue below its limit shows every entry; a full one, only the first.
    else if (!full) next = [...rest, entry];
  }
  if (!full || next.length >= maxQueueEntries) return { items: next, refetch: false };
  if (tail === undefined) return { items: next, refetch: true };
  if (tail === null || next.some((e) => e.key === tail.key)) return { items: next, refetch: false };
  return { items: [...next, tail], refetch: false };
}

/** Gives every entry of `author`'s their new standing and history. */
const withAuthor = (items: QueueEntry[], author: QueueAuthor | null) =>
  author === null ? items : items.map((e) => (e.author?.id === author.id ? { ...e, author } : e));

/**
 * Applies one event of the moderation stream to the queue (in `order`). Pure and seq-guarded. A
 * report or a resolution carries its item's entry as the queue now reads it: it takes its place in
 * the order, or leaves when none of its reports is open, and the order's tail fills a place it frees;
 * an action that closed nothing (`queue:changed`), or a change its authors or others made to what
 * entries show (`queue:entries`: an edit, a new comment, a new name), carries the entries it changed. Each carries its
 * author (history, suspension), who changes on every entry of theirs, as a suspension's does. Only an
 * event from before events carried these is read again.
 */
export function applyQueueEvent(
  view: QueueView,
  order: QueueOrder,
  event: LiveEvent,
): { view: QueueView; refetch: boolean } {
  if (event.seq <= view.headSeq) return { view, refetch: false };
  const headSeq = event.seq;
  switch (event.type) {
    case "report:filed":
    case "queue:resolved": {
      const { payload } = event;
      if (payload.entry === undefined) return { view: { ...view, headSeq }, refetch: true };
      const entry = payload.entry && queueEntryFromEvent(payload.entry);
      const wireAuthor = "author" in payload ? payload.author : undefined;
      const author = entry?.author ?? (wireAuthor ? queueAuthorFromEvent(wireAuthor) : null);
      const wireTail = "tails" in payload ? payload.tails?.[order] : undefined;
      // A new report only raises its entry: shown as the last of a full queue, it stays the last.
      const tail = event.type === "report:filed" ? entry : wireTail && queueEntryFromEvent(wireTail);
      const key = targetKey(payload.targetKind, payload.targetId);
      const placed = place(view.items, order, key, entry, tail);
      const others = "entries" in payload ? (payload.entries ?? []) : [];
      // The author last: theirs is the event's own read, whichever entries carry a copy.
      const items = withAuthor(replaceAll(placed.items, others), author);
      return { view: { items, headSeq }, refetch: placed.refetch };
    }
    case "queue:changed":
    case "queue:entries": {
      const { author, entries } = event.payload;
      const items = withAuthor(replaceAll(view.items, entries), author ? queueAuthorFromEvent(author) : null);
      return { view: { items, headSeq }, refetch: false };
    }
    case "account:suspended":
    case "account:lifted":
    case "account:changed": {
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

/**
 * Entries whose content changed but not their place in either order (their reports are as they
 * were): each replaces its item's entry where the queue shows it. One it does not show stays out.
 */
function replaceAll(items: QueueEntry[], changed: readonly OnTheWire<QueueEntry>[]) {
  if (changed.length === 0) return items;
  const byKey = new Map(changed.map((e) => [e.key, e]));
  return items.map((e) => {
    const next = byKey.get(e.key);
    return next ? queueEntryFromEvent(next) : e;
  });
}

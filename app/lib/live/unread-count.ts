import type { LiveEvent } from "@/server/events/contract";

/** The bell's unread count as `notifications.unreadCount` returns it, with the person's stream head. */
export interface LiveUnreadCount {
  count: number;
  headSeq: number;
}

/**
 * Applies one event of the person's `user:<id>` stream to the bell's count. Pure and seq-guarded:
 * an event the count already includes changes nothing. A read notice lists only the notifications it
 * turned from unread to read, so it takes exactly those off.
 */
export function applyUnreadEvent<T extends LiveUnreadCount>(view: T, event: LiveEvent): T {
  if (event.seq <= view.headSeq) return view;
  const headSeq = event.seq;
  switch (event.type) {
    case "notification:created":
      return { ...view, headSeq, count: view.count + 1 };
    case "notification:read":
      return { ...view, headSeq, count: Math.max(0, view.count - event.payload.ids.length) };
    default:
      return { ...view, headSeq };
  }
}

import type { LiveEvent } from "@/server/events/contract";
import type { NotificationKind } from "@/shared/notification-kinds";

/** One item as `notifications.list` returns it (superjson keeps the dates as dates). */
export interface LiveNotificationItem {
  id: number;
  kind: NotificationKind;
  link: string;
  params: Record<string, string | number>;
  readAt: Date | null;
  createdAt: Date;
}

/** The list's pages as the infinite query holds them; each page carries the stream head it was read at. */
export interface LiveNotificationPages<Item extends LiveNotificationItem = LiveNotificationItem, Param = unknown> {
  pages: { items: Item[]; nextCursor: string | null; headSeq: number }[];
  pageParams: Param[];
}

/**
 * Applies one event of the person's `user:<id>` stream to the notification list. Pure: a new item goes
 * on top of the first page unless some page already holds it (its read came after the event); a read
 * notice marks exactly the items it names. The first page's head moves, so a resync resumes after it.
 */
export function applyNotificationEvent<Item extends LiveNotificationItem, Param>(
  data: LiveNotificationPages<Item, Param>,
  event: LiveEvent,
): LiveNotificationPages<Item, Param> {
  const [first, ...rest] = data.pages;
  if (!first || event.seq <= first.headSeq) return data;
  const headSeq = event.seq;
  switch (event.type) {
    case "notification:created": {
      const { id, kind, link, params, createdAt } = event.payload;
      if (data.pages.some((page) => page.items.some((item) => item.id === id)))
        return { ...data, pages: [{ ...first, headSeq }, ...rest] };
      const item = { id, kind, link, params, readAt: null, createdAt: new Date(createdAt) } as Item;
      return { ...data, pages: [{ ...first, headSeq, items: [item, ...first.items] }, ...rest] };
    }
    case "notification:read": {
      const ids = new Set(event.payload.ids);
      const readAt = new Date(event.payload.readAt);
      const mark = (items: Item[]) =>
        items.map((item) => (ids.has(item.id) && item.readAt === null ? { ...item, readAt } : item));
      return {
        ...data,
        pages: [
          { ...first, headSeq, items: mark(first.items) },
          ...rest.map((page) => ({ ...page, items: mark(page.items) })),
        ],
      };
    }
    default:
      return { ...data, pages: [{ ...first, headSeq }, ...rest] };
  }
}

import { describe, expect, it } from "vitest";
import { streamKey } from "@/server/domain/stream-access";
import type { LiveEvent } from "@/server/events/contract";
import type { QueueAuthor, QueueEntry } from "@/server/features/moderation/events";
import type { OnTheWire } from "@/shared/on-the-wire";
import { applyQueueEvent, queueEntryFromEvent, type QueueView } from "./moderation-queue";

const stream = streamKey({ kind: "moderation" });
const at = "2026-01-01T00:00:00.000Z";
const minute = (n: number) => new Date(Date.UTC(2026, 0, 1, 0, n)).toISOString();

const author = (id: number, actions = 0): OnTheWire<QueueAuthor> => ({
  id,
  displayName: `Author ${id}`,
  role: "researcher",
  createdAt: minute(0),
  suspendedUntil: null,
  history: {
    actions: Array.from({ length: actions }, (_, i) => ({
      id: i + 1,
      action: "hide" as const,
      targetType: "comment",
      targetId: 1,
      reason: "r",
      createdAt: minute(1),
      actorName: "Mod",
    })),
    reportCounts: { open: 1, actioned: actions, dismissed: 0 },
  },
});
/** Comment `id`'s entry: `count` reports, the newest at minute `newest`, by author `by`. */
const wire = (id: number, newest: number, count = 1, by = 3): OnTheWire<QueueEntry> => ({
  key: `comment:${id}`,
  targetKind: "comment",
  targetId: id,
  count,
  newestAt: minute(newest),
  reasons: { spam: count },
  held: false,
  reports: [{ id: id * 10, reason: "spam", note: "", reporterName: "Reporter", createdAt: minute(newest) }],
  item: {
    state: "visible",
    hiddenReason: null,
    title: null,
    bodyHtml: "<p>x</p>",
    path: "/topics/1",
    threadId: 1,
    createdAt: minute(0),
  },
  context: { where: "Forum › Topic", entries: [] },
  author: author(by),
});
const entry = (...args: Parameters<typeof wire>) => queueEntryFromEvent(wire(...args));
/** Newest first: 3 (minute 30), 2 (20), 1 (10). */
const view = (): QueueView => ({ items: [entry(3, 30), entry(2, 20, 4), entry(1, 10)], headSeq: 4 });
const keys = (v: QueueView) => v.items.map((e) => e.targetId);
const filed = (seq: number, id: number, e: OnTheWire<QueueEntry> | null | undefined): LiveEvent => ({
  stream,
  seq,
  at,
  type: "report:filed",
  payload: { reportId: id * 10, targetKind: "comment", targetId: id, ...(e === undefined ? {} : { entry: e }) },
});
const resolved = (
  seq: number,
  id: number,
  e: OnTheWire<QueueEntry> | null,
  by?: OnTheWire<QueueAuthor>,
): LiveEvent => ({
  stream,
  seq,
  at,
  type: "queue:resolved",
  payload: { targetKind: "comment", targetId: id, status: "actioned", entry: e, ...(by ? { author: by } : {}) },
});

describe("applyQueueEvent", () => {
  it("puts a new report's entry in its place in either order, dates as Dates", () => {
    const newest = applyQueueEvent(view(), "newest", filed(5, 9, wire(9, 25, 2)));
    expect(newest.refetch).toBe(false);
    expect(keys(newest.view)).toEqual([3, 9, 2, 1]);
    expect(newest.view.headSeq).toBe(5);
    expect(newest.view.items[1]?.newestAt).toBeInstanceOf(Date);
    expect(newest.view.items[1]?.reports[0]?.createdAt).toBeInstanceOf(Date);
    const most = applyQueueEvent(
      { ...view(), items: [entry(2, 20, 4), entry(3, 30), entry(1, 10)] },
      "most_reported",
      filed(5, 9, wire(9, 25, 2)),
    );
    expect(keys(most.view)).toEqual([2, 9, 3, 1]);
  });

  it("replaces an item's entry with the one its new report brings, moving it up", () => {
    const next = applyQueueEvent(view(), "newest", filed(5, 1, wire(1, 40, 2)));
    expect(keys(next.view)).toEqual([1, 3, 2]);
    expect(next.view.items[0]?.count).toBe(2);
  });

  it("takes a resolved item off, and gives its author's new history to their other entries", () => {
    const next = applyQueueEvent(view(), "newest", resolved(5, 2, null, author(3, 1)));
    expect(next.refetch).toBe(false);
    expect(keys(next.view)).toEqual([3, 1]);
    expect(next.view.items.map((e) => e.author?.history.actions.length)).toEqual([1, 1]);
    expect(next.view.items[0]?.author?.history.actions[0]?.createdAt).toBeInstanceOf(Date);
    // Reports dismissed on a held item: its held entry stays, as the event carries it.
    const held = { ...wire(2, 15, 1), held: true, reasons: { held: 1 } };
    expect(keys(applyQueueEvent(view(), "newest", resolved(5, 2, held)).view)).toEqual([3, 2, 1]);
  });

  it("reads again when an entry leaves a full queue (a place to fill) or an event has no entry", () => {
    const full: QueueView = { items: Array.from({ length: 50 }, (_, i) => entry(100 - i, 100 - i)), headSeq: 4 };
    expect(applyQueueEvent(full, "newest", resolved(5, 60, null)).refetch).toBe(true);
    expect(applyQueueEvent(view(), "newest", resolved(5, 2, null)).refetch).toBe(false);
    // A new entry older than every one of a full queue is not shown, and needs no read.
    const old = applyQueueEvent(full, "newest", filed(5, 9, wire(9, 0)));
    expect(old).toMatchObject({ refetch: false });
    expect(old.view.items).toHaveLength(50);
    expect(old.view.items.some((e) => e.targetId === 9)).toBe(false);
    // A newer one pushes the last out.
    const pushed = applyQueueEvent(full, "newest", filed(5, 200, wire(200, 200)));
    expect(pushed.view.items).toHaveLength(50);
    expect(pushed.view.items[0]?.targetId).toBe(200);
    expect(pushed.view.items.some((e) => e.targetId === 51)).toBe(false);
    expect(applyQueueEvent(view(), "newest", filed(5, 9, undefined)).refetch).toBe(true);
  });

  it("gives a suspended or lifted author to their entries; reads again for one without the author", () => {
    const suspended = { ...author(3), suspendedUntil: minute(99) };
    const event: LiveEvent = {
      stream,
      seq: 5,
      at,
      type: "account:suspended",
      payload: { accountId: 3, author: suspended },
    };
    const next = applyQueueEvent(view(), "newest", event);
    expect(next.refetch).toBe(false);
    expect(next.view.items.map((e) => e.author?.suspendedUntil)).toEqual([1, 2, 3].map(() => new Date(minute(99))));
    const bare: LiveEvent = { stream, seq: 5, at, type: "account:lifted", payload: { accountId: 3 } };
    expect(applyQueueEvent(view(), "newest", bare).refetch).toBe(true);
    expect(applyQueueEvent(view(), "newest", { ...bare, payload: { accountId: 8 } }).refetch).toBe(false);
  });

  it("skips what the queue already holds", () => {
    const before = view();
    expect(applyQueueEvent(before, "newest", filed(4, 9, wire(9, 25)))).toEqual({ view: before, refetch: false });
  });
});

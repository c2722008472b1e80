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

const changed = (
  seq: number,
  by: OnTheWire<QueueAuthor> | null,
  entries: OnTheWire<QueueEntry>[] = [],
  target = { type: "comment", id: 99 },
): LiveEvent => ({
  stream,
  seq,
  at,
  type: "queue:changed",
  payload: { action: "hide", targetType: target.type, targetId: target.id, author: by, entries },
});
const entriesChanged = (seq: number, entries: OnTheWire<QueueEntry>[], by?: OnTheWire<QueueAuthor>): LiveEvent => ({
  stream,
  seq,
  at,
  type: "queue:entries",
  payload: { entries, ...(by ? { author: by } : {}) },
});
/** A full queue, newest first: comments 100 down to 51, one report each. */
const fullQueue = (): QueueView => ({
  items: Array.from({ length: 50 }, (_, i) => entry(100 - i, 100 - i)),
  headSeq: 4,
});
const withTails = (event: LiveEvent, newest: OnTheWire<QueueEntry> | null, most = newest): LiveEvent =>
  event.type === "queue:resolved"
    ? { ...event, payload: { ...event.payload, tails: { newest, most_reported: most } } }
    : event;

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

  it("reads again only for an event from before events carried entries and tails", () => {
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
    // A role an admin changed: the panel offers suspending a moderator to admins only.
    const promoted: LiveEvent = {
      stream,
      seq: 5,
      at,
      type: "account:changed",
      payload: { accountId: 3, author: { ...author(3), role: "moderator" } },
    };
    const changedRole = applyQueueEvent(view(), "newest", promoted);
    expect(changedRole.refetch).toBe(false);
    expect(changedRole.view.items.map((e) => e.author?.role)).toEqual(["moderator", "moderator", "moderator"]);
    const bare: LiveEvent = { stream, seq: 5, at, type: "account:lifted", payload: { accountId: 3 } };
    expect(applyQueueEvent(view(), "newest", bare).refetch).toBe(true);
    expect(applyQueueEvent(view(), "newest", { ...bare, payload: { accountId: 8 } }).refetch).toBe(false);
  });

  it("skips what the queue already holds", () => {
    const before = view();
    expect(applyQueueEvent(before, "newest", filed(4, 9, wire(9, 25)))).toEqual({ view: before, refetch: false });
  });

  it("gives an action's author to their entries and its changed entries their place, closing none", () => {
    const hidden = { ...wire(1, 10), context: { where: "Forum › Topic", entries: [] } };
    hidden.item = { ...hidden.item, state: "hidden", hiddenReason: "x" };
    const next = applyQueueEvent(view(), "newest", changed(5, author(3, 2), [hidden]));
    expect(next.refetch).toBe(false);
    expect(keys(next.view)).toEqual([3, 2, 1]);
    expect(next.view.items.map((e) => e.author?.history.actions.length)).toEqual([2, 2, 2]);
    expect(next.view.items[2]?.item.state).toBe("hidden");
    // An entry the queue does not show (past the last of a full one) stays out.
    const full = fullQueue();
    const outside = applyQueueEvent(full, "newest", changed(5, null, [wire(7, 7)]));
    expect(outside.view.items).toEqual(full.items);
    // Another author's action leaves these entries' author as they were.
    expect(applyQueueEvent(view(), "newest", changed(5, author(8, 4))).view.items).toEqual(view().items);
  });

  it("replaces the entries an author's edit or a new comment changed, in their places, without a read", () => {
    const edited = { ...wire(2, 20, 4), item: { ...wire(2, 20, 4).item, bodyHtml: "<p>edited</p>" } };
    const next = applyQueueEvent(view(), "most_reported", entriesChanged(5, [edited]));
    expect(next).toMatchObject({ refetch: false, view: { headSeq: 5 } });
    expect(keys(next.view)).toEqual([3, 2, 1]);
    expect(next.view.items[1]?.item.bodyHtml).toBe("<p>edited</p>");
    expect(next.view.items[1]?.item.createdAt).toBeInstanceOf(Date);
    expect(next.view.items.filter((e) => e.targetId !== 2)).toEqual(view().items.filter((e) => e.targetId !== 2));
    // An entry the queue does not show stays out; an event already held is skipped.
    expect(applyQueueEvent(view(), "newest", entriesChanged(5, [wire(7, 7)])).view.items).toEqual(view().items);
    expect(applyQueueEvent(view(), "newest", entriesChanged(4, [edited])).view).toEqual(view());
  });

  it("gives a renamed author's new name to every entry of theirs, those the event carries or not", () => {
    const renamed = { ...author(3), displayName: "New name" };
    const withName = { ...wire(3, 30), author: renamed };
    const next = applyQueueEvent(view(), "newest", entriesChanged(5, [withName], renamed));
    expect(next.refetch).toBe(false);
    expect(next.view.items.map((e) => e.author?.displayName)).toEqual(["New name", "New name", "New name"]);
    // Someone else renamed (a reporter): only the entries carried change.
    const reporter = { ...wire(1, 10), reports: [{ ...wire(1, 10).reports[0]!, reporterName: "Renamed reporter" }] };
    const other = applyQueueEvent(view(), "newest", entriesChanged(5, [reporter], author(8)));
    expect(other.view.items.map((e) => e.reports[0]?.reporterName)).toEqual([
      "Reporter",
      "Reporter",
      "Renamed reporter",
    ]);
    expect(other.view.items.map((e) => e.author?.displayName)).toEqual(["Author 3", "Author 3", "Author 3"]);
  });

  it("carries the entries a report or a resolution shows differently (a neighbour in their context)", () => {
    const neighbour = { ...wire(3, 30), context: { where: "Forum › Topic", entries: [] } };
    neighbour.context.entries.push({
      id: 2,
      authorName: "Author 3",
      bodyHtml: "",
      state: "hidden",
      createdAt: minute(2),
      isTarget: false,
    } as never);
    const event = resolved(5, 2, null, author(3, 1));
    if (event.type !== "queue:resolved") throw new Error("resolved");
    const next = applyQueueEvent(view(), "newest", { ...event, payload: { ...event.payload, entries: [neighbour] } });
    expect(keys(next.view)).toEqual([3, 1]);
    expect(next.view.items[0]?.context.entries[0]?.state).toBe("hidden");
    // Its author is the event's, not the neighbour entry's older copy.
    expect(next.view.items[0]?.author?.history.actions).toHaveLength(1);
  });

  it("fills the place an entry frees in a full queue with the order's tail, without a read", () => {
    const tail = wire(50, 50);
    const left = applyQueueEvent(fullQueue(), "newest", withTails(resolved(5, 60, null), tail));
    expect(left.refetch).toBe(false);
    expect(left.view.items).toHaveLength(50);
    expect(left.view.items.at(-1)?.targetId).toBe(50);
    expect(left.view.items.some((e) => e.targetId === 60)).toBe(false);
    // Fewer open than the limit now: nothing fills it.
    const shrunk = applyQueueEvent(fullQueue(), "newest", withTails(resolved(5, 60, null), null));
    expect(shrunk).toMatchObject({ refetch: false });
    expect(shrunk.view.items).toHaveLength(49);
    // An entry moving below the last (reports dismissed, a held one kept): the tail says who is last.
    const moved = { ...wire(60, 20), held: true };
    const itself = applyQueueEvent(fullQueue(), "newest", withTails(resolved(5, 60, moved), moved));
    expect(itself.view.items.at(-1)).toMatchObject({ targetId: 60, held: true });
    const other = applyQueueEvent(fullQueue(), "newest", withTails(resolved(5, 60, moved), tail));
    expect(other.view.items.at(-1)?.targetId).toBe(50);
    expect(other.view.items.some((e) => e.targetId === 60)).toBe(false);
    // A new report on the last of a full queue only raises it: it stays shown.
    const last = applyQueueEvent(fullQueue(), "newest", filed(5, 51, wire(51, 51, 2)));
    expect(last).toMatchObject({ refetch: false });
    expect(last.view.items.at(-1)).toMatchObject({ targetId: 51, count: 2 });
  });

  it("reaches the same queue whichever came first of a report and an action without one", () => {
    // Author 3's comment 1 is reported, and their comment 99 (not in the queue) hidden, in either order.
    const history = (hides: number, open: number) => ({
      ...author(3, hides),
      history: { ...author(3, hides).history, reportCounts: { open, actioned: 0, dismissed: 0 } },
    });
    const reported = (by: OnTheWire<QueueAuthor>) => ({ ...wire(1, 40, 2), author: by });
    const reportFirst = [filed(5, 1, reported(history(0, 2))), changed(6, history(1, 2))];
    const hideFirst = [changed(5, history(1, 1)), filed(6, 1, reported(history(1, 2)))];
    const run = (events: LiveEvent[], order: "newest" | "most_reported") =>
      events.reduce(
        (v, e) => {
          const next = applyQueueEvent(v, order, e);
          expect(next.refetch).toBe(false);
          return next.view;
        },
        { ...view(), headSeq: 4 },
      );
    for (const order of ["newest", "most_reported"] as const) {
      const a = run(reportFirst, order);
      expect(a).toEqual(run(hideFirst, order));
      expect(a.items.every((e) => e.author?.history.actions.length === 1)).toBe(true);
      expect(a.items.every((e) => e.author?.history.reportCounts.open === 2)).toBe(true);
    }
    // And a resolution after either: the same again.
    const done = resolved(7, 1, null, history(2, 1));
    expect(run([...reportFirst, done], "newest")).toEqual(run([...hideFirst, done], "newest"));
    // Each event once: a repeat is skipped.
    expect(run([...hideFirst, ...hideFirst], "newest")).toEqual(run(hideFirst, "newest"));
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { streamKey } from "@/server/domain/stream-access";
import type { LiveEvent } from "@/server/events/contract";
import { applyNotificationEvent, type LiveNotificationPages } from "./notification-list";

const stream = streamKey({ kind: "user", id: 3 });
const at = "2026-01-01T08:00:00.000Z";
const created = (seq: number, id = seq): LiveEvent => ({
  stream,
  seq,
  at,
  type: "notification:created",
  payload: { id, kind: "reply", link: `/topics/1#comment-${id}`, params: { actor: "王" }, createdAt: at },
});
const read = (seq: number, ids: number[]): LiveEvent => ({
  stream,
  seq,
  at,
  type: "notification:read",
  payload: { ids, readAt: at },
});
const item = (id: number, readAt: Date | null = null) => ({
  id,
  kind: "reply" as const,
  link: `/topics/1#comment-${id}`,
  params: { actor: "王" },
  readAt,
  createdAt: new Date(at),
});
const list = (headSeq: number, ...pages: number[][]): LiveNotificationPages => ({
  pages: pages.map((ids, i) => ({ items: ids.map((id) => item(id)), nextCursor: null, headSeq: headSeq + i })),
  pageParams: pages.map((_, i) => i),
});
const ids = (data: LiveNotificationPages) => data.pages.map((p) => p.items.map((i) => i.id));

describe("applyNotificationEvent", () => {
  it("puts a new notification on top of the first page, whole, and moves the head", () => {
    const next = applyNotificationEvent(list(4, [4, 3], [2, 1]), created(5, 9));
    expect(ids(next)).toEqual([
      [9, 4, 3],
      [2, 1],
    ]);
    expect(next.pages[0]!.headSeq).toBe(5);
    expect(next.pages[0]!.items[0]).toEqual({ ...item(9), createdAt: new Date(at) });
  });

  it("marks exactly the items a read notice names, on every page, and leaves read ones alone", () => {
    const before = list(4, [4, 3], [2, 1]);
    before.pages[1]!.items[1] = item(1, new Date("2025-12-31T00:00:00.000Z"));
    const next = applyNotificationEvent(before, read(5, [3, 2, 1]));
    const readAt = (id: number) => next.pages.flatMap((p) => p.items).find((i) => i.id === id)!.readAt;
    expect(readAt(4)).toBeNull();
    expect(readAt(3)).toEqual(new Date(at));
    expect(readAt(2)).toEqual(new Date(at));
    expect(readAt(1)).toEqual(new Date("2025-12-31T00:00:00.000Z"));
  });

  it("skips an event the first page's read already holds, and never lists an item twice", () => {
    const data = list(6, [6, 5]);
    expect(applyNotificationEvent(data, created(6))).toBe(data);
    expect(ids(applyNotificationEvent(data, created(7, 5)))).toEqual([[6, 5]]);
  });

  it("ends where a fresh read ends, whatever the interleaving of new and read notices (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constant("new"), fc.integer({ min: 1, max: 30 })), { maxLength: 30 }),
        (steps) => {
          // The server's truth: ids 1..n created in order, some read; the list applies the same events.
          let data = list(0, []);
          const truth = new Map<number, boolean>();
          let seq = 0;
          for (const step of steps) {
            seq += 1;
            if (step === "new") {
              truth.set(seq, false);
              data = applyNotificationEvent(data, created(seq));
            } else if (truth.get(step) === false) {
              truth.set(step, true);
              data = applyNotificationEvent(data, read(seq, [step]));
            }
          }
          const shown = data.pages.flatMap((p) => p.items);
          expect(shown.map((i) => i.id)).toEqual([...truth.keys()].sort((a, b) => b - a));
          for (const i of shown) expect(i.readAt !== null).toBe(truth.get(i.id));
        },
      ),
    );
  });
});

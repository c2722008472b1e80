import { describe, expect, it } from "vitest";
import { streamKey } from "@/server/domain/stream-access";
import type { LiveEvent } from "@/server/events/contract";
import { applyUnreadEvent } from "./unread-count";

const stream = streamKey({ kind: "user", id: 3 });
const at = "2026-01-01T00:00:00.000Z";
const created = (seq: number): LiveEvent => ({
  stream,
  seq,
  at,
  type: "notification:created",
  payload: { id: seq, kind: "reply", link: "/topics/1", params: {}, createdAt: at },
});
const read = (seq: number, ids: number[]): LiveEvent => ({
  stream,
  seq,
  at,
  type: "notification:read",
  payload: { ids, readAt: at },
});

describe("applyUnreadEvent", () => {
  it("counts a new notification up and a read notice down by the notifications it read", () => {
    let view = { count: 1, headSeq: 4 };
    view = applyUnreadEvent(view, created(5));
    view = applyUnreadEvent(view, created(6));
    expect(view).toEqual({ count: 3, headSeq: 6 });
    view = applyUnreadEvent(view, read(7, [5, 6]));
    expect(view).toEqual({ count: 1, headSeq: 7 });
  });

  it("skips what the count already holds, and other events only move the head", () => {
    const view = { count: 2, headSeq: 6 };
    expect(applyUnreadEvent(view, created(6))).toBe(view);
    expect(applyUnreadEvent(view, { stream, seq: 7, at, type: "report:received", payload: { reportId: 1 } })).toEqual({
      count: 2,
      headSeq: 7,
    });
  });
});

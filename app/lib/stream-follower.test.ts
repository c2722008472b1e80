import { describe, expect, it } from "vitest";
import type { LiveEvent, SubscribeAck, SubscribeInput } from "@/server/infra/realtime/events";
import { createStreamFollower } from "./stream-follower";
import { looseEvent, testStream } from "@/server/testing/synthetic-events";

const stream = testStream("user:7");
const event = (seq: number): LiveEvent =>
  looseEvent({ stream, seq, type: "notification:created", payload: {}, at: "2026-01-01T00:00:00.000Z" });

function harness(onResync: () => void | Promise<number | undefined>) {
  const asks: { input: SubscribeInput; answer: (ack: SubscribeAck) => void }[] = [];
  const applied: number[] = [];
  let resyncs = 0;
  const follower = createStreamFollower(
    stream,
    (input, answer) => asks.push({ input, answer }),
    () => ({
      onEvent: (e) => applied.push(e.seq),
      onResync: () => {
        resyncs += 1;
        return onResync();
      },
    }),
  );
  return { follower, asks, applied, resyncs: () => resyncs };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("stream follower", () => {
  it("resumes from the head its refetch read, applying only what came after it", async () => {
    let finishRefetch: (head: number) => void = () => undefined;
    const h = harness(() => new Promise<number>((resolve) => (finishRefetch = resolve)));
    h.follower.connected();
    h.asks[0]!.answer({ ok: true, headSeq: 10, replay: [], resync: false });
    // Committed while the page refetched: 11 and 12 are in the refetched data, 13 is not.
    for (const seq of [11, 12, 13]) h.follower.received(event(seq));
    expect(h.applied).toEqual([]);
    finishRefetch(12);
    await settle();
    expect(h.follower.lastSeq).toBe(13);
    expect(h.applied).toEqual([13]);
    expect(h.resyncs()).toBe(1);
  });

  it("asks for the backlog when the refetch read an older head than the subscription", async () => {
    const h = harness(() => Promise.resolve(8));
    h.follower.connected();
    h.asks[0]!.answer({ ok: true, headSeq: 10, replay: [], resync: false });
    await settle();
    h.follower.received(event(11));
    // 9 and 10 committed after the refetch's snapshot and before the subscription: ask for them.
    expect(h.asks[1]?.input).toEqual({ stream, afterSeq: 8 });
    h.asks[1]!.answer({ ok: true, headSeq: 11, replay: [event(9), event(10), event(11)], resync: false });
    expect(h.applied).toEqual([9, 10, 11]);
  });

  it("uses the subscription's head when the refetch does not carry one, and replays a gap once", () => {
    const h = harness(() => undefined);
    h.follower.connected();
    h.asks[0]!.answer({ ok: true, headSeq: 4, replay: [], resync: false });
    h.follower.received(event(5));
    h.follower.disconnected();
    h.follower.connected();
    h.follower.received(event(7));
    h.asks[1]!.answer({ ok: true, headSeq: 7, replay: [event(6), event(7)], resync: false });
    h.follower.received(event(7));
    expect(h.asks[1]!.input).toEqual({ stream, afterSeq: 5 });
    expect(h.applied).toEqual([5, 6, 7]);
  });

  it("ignores an answer that belongs to a connection since dropped", async () => {
    const h = harness(() => Promise.resolve(20));
    h.follower.connected();
    const stale = h.asks[0]!;
    h.follower.disconnected();
    stale.answer({ ok: true, headSeq: 3, replay: [], resync: false });
    await settle();
    expect(h.follower.lastSeq).toBeUndefined();
    expect(h.resyncs()).toBe(0);
  });
});

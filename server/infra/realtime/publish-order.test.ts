import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { LiveEvent } from "@/server/events/contract";
import { looseEvent } from "@/server/testing/synthetic-events";
import { createRecordingPublisher } from "./publisher";
import { createPublishOrder } from "./publish-order";

const event = (stream: string, seq: number): LiveEvent =>
  looseEvent({ stream, seq, type: "comment:added", payload: { seq }, at: "2026-12-06T05:00:00.000Z" });
const names = (events: readonly LiveEvent[]) => events.map((e) => `${e.stream}#${e.seq}`);

describe("publish order", () => {
  it("holds a later seq whose commit was answered first until the earlier one's commit is", () => {
    const recorder = createRecordingPublisher();
    const order = createPublishOrder(recorder);
    const [first, second] = [{}, {}];
    order.appended(first, [event("meeting:1", 142)]);
    order.appended(second, [event("meeting:1", 143)]);
    order.committed(second);
    expect(recorder.published).toEqual([]);
    expect(order.pending).toBe(2);
    order.committed(first);
    expect(names(recorder.published)).toEqual(["meeting:1#142", "meeting:1#143"]);
    expect(order.pending).toBe(0);
  });

  it("does not hold other streams, and publishes a transaction's events in the order it emitted them", () => {
    const recorder = createRecordingPublisher();
    const order = createPublishOrder(recorder);
    const [slow, other] = [{}, {}];
    order.appended(slow, [event("meeting:1", 5)]);
    order.appended(other, [event("user:9", 2), event("meeting:2", 7)]);
    order.committed(other);
    expect(names(recorder.published)).toEqual(["user:9#2", "meeting:2#7"]);
  });

  it("a rolled-back transaction's seq is taken again by the next one, and nothing of it is published", () => {
    const recorder = createRecordingPublisher();
    const order = createPublishOrder(recorder);
    const [failed, retried, next] = [{}, {}, {}];
    order.appended(failed, [event("meeting:1", 3)]);
    order.appended(retried, [event("meeting:1", 3)]);
    order.appended(next, [event("meeting:1", 4)]);
    order.committed(next);
    order.committed(retried);
    expect(recorder.published).toEqual([]);
    order.abandoned(failed);
    expect(names(recorder.published)).toEqual(["meeting:1#3", "meeting:1#4"]);
    expect(order.pending).toBe(0);
  });

  it("property: whatever order commits are answered in, each stream is published gap-free in seq order", () => {
    const streams = ["meeting:1", "meeting:2"];
    const tx = fc.record({
      streams: fc.subarray(streams, { minLength: 1 }),
      commits: fc.boolean(),
      /** How many later transactions append before this one's outcome reaches the process. */
      lag: fc.nat(6),
    });
    fc.assert(
      fc.property(fc.array(tx, { minLength: 1, maxLength: 30 }), (txs) => {
        const recorder = createRecordingPublisher();
        const order = createPublishOrder(recorder);
        const heads = new Map<string, number>();
        const owners = txs.map(() => ({}));
        const expected = new Map<string, number[]>();
        const settleAt = txs.map((t, i) => i + t.lag);
        const settle = (i: number) => (txs[i]!.commits ? order.committed(owners[i]!) : order.abandoned(owners[i]!));
        txs.forEach((t, i) => {
          // The database hands out each stream's next seq; a rollback's is handed out again.
          order.appended(
            owners[i]!,
            t.streams.map((s) => event(s, (heads.get(s) ?? 0) + 1)),
          );
          for (const s of t.streams) {
            if (!t.commits) continue;
            heads.set(s, (heads.get(s) ?? 0) + 1);
            expected.set(s, [...(expected.get(s) ?? []), heads.get(s)!]);
          }
          txs.forEach((_, j) => j <= i && settleAt[j] === i && settle(j));
        });
        txs.forEach((_, j) => settleAt[j]! >= txs.length && settle(j));
        for (const s of streams) {
          expect(recorder.published.filter((e) => e.stream === s).map((e) => e.seq)).toEqual(expected.get(s) ?? []);
        }
        expect(order.pending).toBe(0);
      }),
    );
  });
});

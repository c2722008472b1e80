import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { LiveEvent } from "@/server/events/contract";
import { looseEvent } from "@/server/testing/synthetic-events";
import { createReplayRing, defaultReplayRingLimits, type ReplayRingLimits } from "./replay-ring";

const event = (seq: number, stream = "topic:1"): LiveEvent =>
  looseEvent({ stream, seq, type: "comment:added", payload: { seq }, at: "2026-12-06T05:00:00.000Z" });
const ring = (limits: Partial<ReplayRingLimits> = {}) => createReplayRing({ ...defaultReplayRingLimits, ...limits });
const seqs = (answer: { replay: LiveEvent[] } | null) => answer?.replay.map((e) => e.seq);

describe("replay ring", () => {
  it("replays what came after the client's seq, up to the last event it has seen", () => {
    const r = ring();
    for (let seq = 1; seq <= 5; seq += 1) r.record(event(seq));
    expect(r.read("topic:1", 2, 500)).toEqual({ headSeq: 5, replay: [event(3), event(4), event(5)], resync: false });
    expect(r.read("topic:1", 5, 500)).toEqual({ headSeq: 5, replay: [], resync: false });
    expect(r.read("topic:1", undefined, 500)).toEqual({ headSeq: 5, replay: [], resync: false });
    expect(r.read("topic:2", 0, 500)).toBeNull();
  });

  it("keeps no server-only fields", () => {
    const r = ring();
    r.record({ ...event(1), outboxId: 42, sentAt: 1 });
    r.record(event(2));
    expect(r.read("topic:1", 0, 500)?.replay[0]).toEqual(event(1));
  });

  it("answers only for seqs it holds contiguously: a ring that started mid-stream sends earlier clients to the database", () => {
    const r = ring();
    for (let seq = 7; seq <= 9; seq += 1) r.record(event(seq));
    expect(r.read("topic:1", 5, 500)).toBeNull();
    expect(seqs(r.read("topic:1", 6, 500))).toEqual([7, 8, 9]);
    // A client ahead of what this process has seen: another process served it; the database decides.
    expect(r.read("topic:1", 10, 500)).toBeNull();
  });

  it("holds an event that arrives ahead of a missing one and answers nothing until the gap fills", () => {
    const r = ring();
    r.record(event(1));
    r.record(event(2));
    r.record(event(4));
    // 4 was delivered already, so "head 2" would hide it from a client that joins now.
    expect(r.read("topic:1", 1, 500)).toBeNull();
    r.record(event(3));
    expect(seqs(r.read("topic:1", 0, 500))).toEqual([1, 2, 3, 4]);
  });

  it("ignores duplicates and events older than it holds", () => {
    const r = ring();
    for (const seq of [1, 2, 2, 3, 1, 3]) r.record(event(seq));
    expect(seqs(r.read("topic:1", 0, 500))).toEqual([1, 2, 3]);
  });

  it("keeps at most perStream events a stream, dropping the oldest", () => {
    const r = ring({ perStream: 5 });
    for (let seq = 1; seq <= 12; seq += 1) r.record(event(seq));
    expect(r.size.events).toBe(5);
    expect(r.read("topic:1", 6, 500)).toBeNull();
    expect(seqs(r.read("topic:1", 7, 500))).toEqual([8, 9, 10, 11, 12]);
  });

  it("bounds events and streams in total, evicting the least recently written stream first", () => {
    const r = ring({ total: 6, streams: 3 });
    for (let seq = 1; seq <= 3; seq += 1) r.record(event(seq, "topic:a"));
    for (let seq = 1; seq <= 3; seq += 1) r.record(event(seq, "topic:b"));
    r.record(event(4, "topic:a")); // a is now the most recent
    expect(r.read("topic:b", 0, 500)).toBeNull();
    expect(seqs(r.read("topic:a", 0, 500))).toEqual([1, 2, 3, 4]);
    expect(r.size).toEqual({ streams: 1, events: 4 });
    r.record(event(1, "topic:c"));
    r.record(event(1, "topic:d"));
    r.record(event(1, "topic:e"));
    expect(r.size.streams).toBe(3);
    expect(r.read("topic:a", 0, 500)).toBeNull();
  });

  it("says resync when the client is further behind than the replay limit", () => {
    const r = ring();
    for (let seq = 1; seq <= 20; seq += 1) r.record(event(seq));
    expect(r.read("topic:1", 4, 10)).toEqual({ headSeq: 20, replay: [], resync: true });
    expect(seqs(r.read("topic:1", 10, 10))).toHaveLength(10);
  });

  it("restarts above everything it has seen when a missing event never comes", () => {
    const r = ring({ maxHeld: 3 });
    r.record(event(1));
    for (const seq of [3, 4, 5, 6]) r.record(event(seq));
    expect(r.read("topic:1", 0, 500)).toBeNull();
    // The lost 2 turns up late (a resend): below the restart, it must not start a ring under 3..6.
    r.record(event(2));
    expect(r.read("topic:1", 1, 500)).toBeNull();
    r.record(event(7));
    expect(seqs(r.read("topic:1", 6, 500))).toEqual([7]);
    expect(r.read("topic:1", 5, 500)).toBeNull();
  });

  it("does not start following a stream on a resend", () => {
    const r = ring();
    r.record(event(3), { start: false });
    expect(r.read("topic:1", 2, 500)).toBeNull();
    r.record(event(4));
    r.record(event(5), { start: false });
    expect(seqs(r.read("topic:1", 3, 500))).toEqual([4, 5]);
  });

  it("forgets everything on clear", () => {
    const r = ring();
    r.record(event(1));
    r.clear();
    expect(r.read("topic:1", 0, 500)).toBeNull();
    expect(r.size).toEqual({ streams: 0, events: 0 });
  });

  it("in any arrival order, answers either nothing or exactly the seqs after the client's, gap-free", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.array(fc.nat(), { minLength: 40, maxLength: 40 }),
        fc.nat({ max: 45 }),
        (count, keys, afterSeq) => {
          // A permutation of 1..count, each event arriving once or twice, with bounded disorder.
          const order = Array.from({ length: count }, (_, i) => i + 1).sort(
            (a, b) => a + (keys[a - 1]! % 4) - (b + (keys[b - 1]! % 4)),
          );
          const r = ring({ maxHeld: 8 });
          const delivered = new Set<number>();
          for (const seq of order) {
            r.record(event(seq));
            delivered.add(seq);
            const answer = r.read("topic:1", afterSeq, 500);
            if (!answer) continue;
            const expected = Array.from({ length: Math.max(0, answer.headSeq - afterSeq) }, (_, k) => afterSeq + k + 1);
            expect(seqs(answer)).toEqual(expected);
            // Nothing delivered above the answer's head, or the client that joined now would miss it.
            expect([...delivered].every((s) => s <= answer.headSeq || s <= afterSeq)).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  describe("a head learnt from the database", () => {
    it("answers a fresh subscriber's head from memory, and nothing it would need replayed", () => {
      const r = ring();
      r.learnHead("topic:1", 7, r.beginRead());
      expect(r.read("topic:1", undefined, 500)).toEqual({ headSeq: 7, replay: [], resync: false });
      expect(r.read("topic:1", 7, 500)).toEqual({ headSeq: 7, replay: [], resync: false });
      expect(r.read("topic:1", 5, 500)).toBeNull();
      expect(r.read("topic:1", 8, 500)).toBeNull();
      // The next event continues it; a late delivery of one the read already counted changes nothing.
      r.record(event(7));
      r.record(event(8));
      expect(r.read("topic:1", 7, 500)).toEqual({ headSeq: 8, replay: [event(8)], resync: false });
      expect(r.read("topic:1", 5, 500)).toBeNull();
    });

    it("is not learnt when the stream delivered an event while the read ran, or the ring was cleared", () => {
      const r = ring();
      const read = r.beginRead();
      r.record(event(8, "topic:2"));
      r.learnHead("topic:2", 7, read);
      // The delivered event started the ring; the read's older head did not replace it.
      expect(r.read("topic:2", undefined, 500)).toEqual({ headSeq: 8, replay: [], resync: false });
      r.clear();
      const other = r.beginRead();
      r.learnHead("topic:3", 3, other);
      expect(r.read("topic:3", undefined, 500)).toEqual({ headSeq: 3, replay: [], resync: false });
      const cleared = r.beginRead();
      r.clear();
      r.learnHead("topic:4", 3, cleared);
      expect(r.read("topic:4", undefined, 500)).toBeNull();
      r.endRead(read);
    });

    it("whenever a read and deliveries interleave, never answers a head below an event already delivered", () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 10 }), (before, during) => {
          const r = ring();
          for (let seq = 1; seq <= before; seq += 1) r.record(event(seq, "topic:9"));
          r.clear(); // this process starts knowing nothing of the stream
          const read = r.beginRead();
          const head = before; // the database's snapshot
          for (let seq = before + 1; seq <= before + during; seq += 1) r.record(event(seq, "topic:9"));
          r.learnHead("topic:9", head, read);
          r.endRead(read);
          const answer = r.read("topic:9", undefined, 500);
          if (answer) expect(answer.headSeq).toBe(before + during);
        }),
        { numRuns: 100 },
      );
    });
  });
});

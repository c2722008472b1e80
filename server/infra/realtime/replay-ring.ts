import type { LiveEvent } from "@/server/events/contract";

/** What a subscriber is sent to catch up (the ring's answer and the database's have this one shape). */
export interface CatchUp {
  headSeq: number;
  replay: LiveEvent[];
  /** True when the missed events are more than we replay (or were pruned): refetch instead. */
  resync: boolean;
}

/**
 * Each stream's recent events as this process delivered them, so a reconnect storm's catch-up reads
 * memory instead of the database. It answers only when contiguous up to its last event with nothing
 * held out of order: recording happens in the same synchronous step as the room's delivery, so "not
 * in the ring yet" means "not delivered yet" and reaches a client that joined before reading.
 */

export interface ReplayRingLimits {
  /** Events kept per stream; at least the replay limit, so a client that far behind is served. */
  perStream: number;
  /** Events kept across all streams; the least recently written streams go first. */
  total: number;
  /** Streams followed at once; the least recently written go first. */
  streams: number;
  /** Out-of-order events held per stream before its ring is dropped and restarted. */
  maxHeld: number;
}

export const defaultReplayRingLimits: ReplayRingLimits = {
  perStream: 600,
  total: 50_000,
  streams: 10_000,
  maxHeld: 64,
};

interface StreamRing {
  events: LiveEvent[];
  /** The last seq in `events`, or after a reset the highest seq ever seen (nothing at or below it may restart the ring). */
  hi: number;
  /** Arrived ahead of a missing seq; delivered already, so they make the ring unable to answer. */
  held: Map<number, LiveEvent>;
  /** Set while `events` is empty because the head was learnt from the database (`learnHead`). */
  knownHead?: boolean;
}

export interface ReplayRing {
  /**
   * A committed event, at the moment it is delivered to its room. `start: false` only extends a
   * stream already followed: a late resend (the outbox sweeper's) must not start a ring below events
   * delivered before it.
   */
  record(event: LiveEvent, options?: { start?: boolean }): void;
  /** What catch-up would answer, or null when the ring cannot prove it (the caller reads the database). */
  read(stream: string, afterSeq: number | undefined, maxReplay: number): CatchUp | null;
  /** This process may have missed events (its Redis subscription dropped): prove nothing until new ones arrive. */
  clear(): void;
  /**
   * Before a catch-up read from the database: notes which streams deliver events while it runs, so
   * that `learnHead` can tell whether the read's head is still the newest this process delivered.
   */
  beginRead(): HeadRead;
  /**
   * After that read: a stream this process keeps no ring for, and that delivered nothing while the read
   * ran, starts an empty ring at the read's head, so the next subscriber's head comes from memory.
   */
  learnHead(stream: string, headSeq: number, read: HeadRead): void;
  /** The read is over (answered or failed): stop tracking it. */
  endRead(read: HeadRead): void;
  readonly size: { streams: number; events: number };
}

/** A database read in progress, as `beginRead` tracks it. */
export interface HeadRead {
  /** Streams that had an event delivered since the read began. */
  readonly delivered: Set<string>;
  /** The ring was cleared meanwhile: the read proves nothing about what this process delivered. */
  cleared: boolean;
}

// The same event without its transport fields (sentAt, outboxId); the cast only restores the type/payload pairing.
const stripped = ({ stream, seq, type, payload, at }: LiveEvent): LiveEvent =>
  ({ stream, seq, type, payload, at }) as LiveEvent;

export function createReplayRing(limits: ReplayRingLimits = defaultReplayRingLimits): ReplayRing {
  // Map order is write order: re-inserting a stream on each write keeps the least recent first.
  const streams = new Map<string, StreamRing>();
  let total = 0;
  const reads = new Set<HeadRead>();

  const touch = (stream: string, ring: StreamRing) => {
    streams.delete(stream);
    streams.set(stream, ring);
  };

  const append = (ring: StreamRing, event: LiveEvent) => {
    ring.events.push(stripped(event));
    ring.hi = event.seq;
    total += 1;
    if (ring.events.length > limits.perStream) {
      ring.events.shift();
      total -= 1;
    }
  };

  const evict = (keep: StreamRing) => {
    for (const [stream, ring] of streams) {
      if (total <= limits.total && streams.size <= limits.streams) return;
      if (ring === keep) continue;
      total -= ring.events.length;
      streams.delete(stream);
    }
  };

  return {
    record(event, options) {
      for (const read of reads) read.delivered.add(event.stream);
      let ring = streams.get(event.stream);
      if (!ring) {
        if (options?.start === false) return;
        ring = { events: [], hi: event.seq - 1, held: new Map() };
      }
      touch(event.stream, ring);
      if (event.seq <= ring.hi) return; // a duplicate, or older than what the ring holds
      if (ring.events.length === 0 || event.seq === ring.hi + 1) {
        if (ring.events.length === 0) ring.hi = event.seq - 1; // (re)starts here, above everything seen
        append(ring, event);
        for (let next = ring.held.get(ring.hi + 1); next; next = ring.held.get(ring.hi + 1)) {
          ring.held.delete(next.seq);
          append(ring, next);
        }
      } else {
        ring.held.set(event.seq, stripped(event));
        if (ring.held.size > limits.maxHeld) {
          // The missing seq is not coming (its process died before broadcasting it): restart above
          // everything delivered, so no delivered event can hide past the new ring's end.
          total -= ring.events.length;
          ring.hi = Math.max(...ring.held.keys());
          ring.events = [];
          ring.held.clear();
          ring.knownHead = false;
        }
      }
      evict(ring);
    },

    read(stream, afterSeq, maxReplay) {
      const ring = streams.get(stream);
      if (!ring || ring.held.size > 0) return null;
      const headSeq = ring.hi;
      if (ring.events.length === 0) {
        // A head learnt from the database (or the restart mark): it answers "nothing to replay" only.
        if (!ring.knownHead) return null;
        if (afterSeq === undefined || afterSeq === headSeq) return { headSeq, replay: [], resync: false };
        return null;
      }
      const lo = ring.events[0]!.seq;
      if (afterSeq === undefined || afterSeq === headSeq) return { headSeq, replay: [], resync: false };
      // Ahead of what this process has seen (another process served it), or behind what it keeps.
      if (afterSeq > headSeq) return null;
      // The database's head is at least ours, so it would answer "too far behind" as well.
      if (headSeq - afterSeq > maxReplay) return { headSeq, replay: [], resync: true };
      if (afterSeq < lo - 1) return null;
      return { headSeq, replay: ring.events.slice(afterSeq - lo + 1), resync: false };
    },

    clear() {
      streams.clear();
      total = 0;
      for (const read of reads) read.cleared = true;
    },

    beginRead() {
      const read: HeadRead = { delivered: new Set(), cleared: false };
      reads.add(read);
      return read;
    },

    endRead(read) {
      reads.delete(read);
    },

    learnHead(stream, headSeq, read) {
      // Something was delivered meanwhile, or the ring already follows the stream: its own record stands.
      if (read.cleared || read.delivered.has(stream) || streams.has(stream)) return;
      streams.set(stream, { events: [], hi: headSeq, held: new Map(), knownHead: true });
      evict(streams.get(stream)!);
    },

    get size() {
      return { streams: streams.size, events: total };
    },
  };
}

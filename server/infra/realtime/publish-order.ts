import type { LiveEvent } from "./events";
import type { Publisher } from "./publisher";

/**
 * Publishes each stream's events in seq order even when transactions' commits are answered out of
 * order. A stream's seq is taken under its head row's lock, so the database commits them in order;
 * but on a connection pool each COMMIT is answered on its own connection, and the code after the
 * commit that took #142 can run after the one that took #143. Published as answered, every follower
 * saw a gap, asked the server to fill it, and 300 such catch-ups queued for pool connections behind
 * the votes (bench:meeting on PostgreSQL: fan-out p99 2.3 s). So a transaction's events are held
 * while a transaction of this process that appended an earlier seq of the same stream has not yet
 * settled; it is always about to (its commit has already happened or is failing), so the wait is
 * the few milliseconds between two answers.
 */
export interface PublishOrder {
  /** Called inside the transaction as each event is appended (its stream head row is locked). */
  appended(owner: object, events: readonly LiveEvent[]): void;
  /** The owner's transaction committed: publish its events once every earlier seq has settled. */
  committed(owner: object): void;
  /** The owner's transaction rolled back: its seqs will be taken again, nothing of it is published. */
  abandoned(owner: object): void;
  /** Appended seqs not yet settled, for tests. */
  readonly pending: number;
}

interface Entry {
  event: LiveEvent;
  committed: boolean;
  /** Append order across streams: a transaction's events go out in the order it emitted them. */
  n: number;
}

export function createPublishOrder(publisher: Publisher): PublishOrder {
  /** Per stream, this process's appended events not yet published, in the order they were appended. */
  const streams = new Map<string, Entry[]>();
  const owned = new Map<object, Entry[]>();
  let pending = 0;
  let appendedCount = 0;

  /** A stream's committed entries from the front, while nothing earlier is unsettled. */
  const release = (stream: string, ready: Entry[]) => {
    const entries = streams.get(stream);
    if (!entries) return;
    entries.sort((a, b) => a.event.seq - b.event.seq);
    while (entries.length > 0 && entries[0]!.committed) ready.push(entries.shift()!);
    if (entries.length === 0) streams.delete(stream);
  };

  const settle = (owner: object, commit: boolean) => {
    const entries = owned.get(owner) ?? [];
    owned.delete(owner);
    const touched = new Set<string>();
    for (const entry of entries) {
      touched.add(entry.event.stream);
      if (commit) {
        entry.committed = true;
        continue;
      }
      const list = streams.get(entry.event.stream) ?? [];
      list.splice(list.indexOf(entry), 1);
      if (list.length === 0) streams.delete(entry.event.stream);
      pending -= 1;
    }
    const ready: Entry[] = [];
    for (const stream of touched) release(stream, ready);
    pending -= ready.length;
    // One call, as without holding: a transaction's events across streams are published together.
    if (ready.length > 0) publisher.publish(ready.sort((a, b) => a.n - b.n).map((entry) => entry.event));
  };

  return {
    appended(owner, events) {
      const mine = owned.get(owner) ?? [];
      owned.set(owner, mine);
      for (const event of events) {
        const entry: Entry = { event, committed: false, n: (appendedCount += 1) };
        mine.push(entry);
        const list = streams.get(event.stream);
        if (list) list.push(entry);
        else streams.set(event.stream, [entry]);
        pending += 1;
      }
    },
    committed: (owner) => settle(owner, true),
    abandoned: (owner) => settle(owner, false),
    get pending() {
      return pending;
    },
  };
}

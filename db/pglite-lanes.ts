import type { PGlite } from "@electric-sql/pglite";

/** The two calls drizzle's PGlite driver makes on its client. */
type LaneClient = Pick<PGlite, "query" | "transaction">;

/**
 * PGlite runs one query or transaction at a time, first come first served. Under a burst of votes
 * its queue is dozens of transactions long, and a ballot's live notice (one short statement) would
 * wait behind all of them (bench:ballot saw notices spread far apart; bench/README.md). These lanes put one gate in front
 * of the instance with a second, priority lane whose callers go next whenever the instance is free.
 * Nothing is lost by the gate: the instance would run one at a time anyway.
 */
export function pgliteLanes(client: LaneClient): { normal: LaneClient; priority: LaneClient } {
  const gate = new TwoLaneGate();
  const lane = (priority: boolean): LaneClient => ({
    query: ((...args: Parameters<PGlite["query"]>) =>
      gate.run(priority, () => client.query(...args))) as PGlite["query"],
    transaction: ((callback: Parameters<PGlite["transaction"]>[0]) =>
      gate.run(priority, () => client.transaction(callback))) as PGlite["transaction"],
  });
  return { normal: lane(false), priority: lane(true) };
}

/** One holder at a time; on release the longest-waiting priority caller goes first, then the others in order. */
export class TwoLaneGate {
  private busy = false;
  private readonly waitingPriority: Array<() => void> = [];
  private readonly waitingNormal: Array<() => void> = [];

  async run<T>(priority: boolean, work: () => Promise<T>): Promise<T> {
    if (this.busy)
      await new Promise<void>((resolve) => (priority ? this.waitingPriority : this.waitingNormal).push(resolve));
    else this.busy = true;
    try {
      return await work();
    } finally {
      // Handing over keeps `busy` set, so a caller arriving now queues instead of slipping in.
      const next = this.waitingPriority.shift() ?? this.waitingNormal.shift();
      if (next) next();
      else this.busy = false;
    }
  }
}

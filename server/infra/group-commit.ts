/**
 * Group commit: work items for the same key (a ballot) that arrive while that key's transaction is
 * running wait, and the next transaction takes all of them at once. An item arriving when nothing is
 * running for its key waits only until the current turn of the event loop ends (`setImmediate`), so a
 * lone vote is not held back by a timer, and requests that arrived together share one transaction.
 *
 * One batch per key at a time: the items of a key are written in arrival order, batch after batch,
 * which is what keeps the same voter's marks from several tabs in the order they were sent.
 */

/** How one item of a batch ended: each item is answered on its own. */
export type Settled<O> = { ok: true; value: O } | { ok: false; error: unknown };

export interface GroupCommitStats {
  batches: number;
  items: number;
  largestBatch: number;
}

interface Entry<I, O> {
  item: I;
  resolve: (value: O) => void;
  reject: (error: unknown) => void;
}

interface KeyQueue<I, O> {
  waiting: Entry<I, O>[];
  running: boolean;
}

export class GroupCommitter<K, I, O> {
  readonly stats: GroupCommitStats = { batches: 0, items: 0, largestBatch: 0 };
  private readonly queues = new Map<K, KeyQueue<I, O>>();

  /**
   * @param run writes a batch in one transaction and settles every item (in the batch's order); if
   *   it throws, every item of the batch fails with that error.
   * @param maxBatch bounds one statement's size (parameters) and one transaction's lock time.
   */
  constructor(
    private readonly run: (key: K, items: readonly I[]) => Promise<readonly Settled<O>[]>,
    private readonly maxBatch = 64,
  ) {}

  submit(key: K, item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      let queue = this.queues.get(key);
      if (!queue) this.queues.set(key, (queue = { waiting: [], running: false }));
      queue.waiting.push({ item, resolve, reject });
      if (queue.running) return;
      queue.running = true;
      const started = queue;
      setImmediate(() => void this.drain(key, started));
    });
  }

  private async drain(key: K, queue: KeyQueue<I, O>): Promise<void> {
    while (queue.waiting.length > 0) {
      const batch = queue.waiting.splice(0, this.maxBatch);
      this.stats.batches += 1;
      this.stats.items += batch.length;
      this.stats.largestBatch = Math.max(this.stats.largestBatch, batch.length);
      let settled: readonly Settled<O>[];
      try {
        settled = await this.run(
          key,
          batch.map((e) => e.item),
        );
        if (settled.length !== batch.length) throw new Error("group commit: one outcome per item expected");
      } catch (error) {
        settled = batch.map(() => ({ ok: false, error }));
      }
      batch.forEach((entry, i) => {
        const outcome = settled[i]!;
        if (outcome.ok) entry.resolve(outcome.value);
        else entry.reject(outcome.error);
      });
    }
    // Nothing awaited since the loop's last check: an item submitted from now on starts a new drain.
    queue.running = false;
    this.queues.delete(key);
  }
}

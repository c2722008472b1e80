import { startPoller } from "../jobs/poller";
import { and, isNull, sql } from "drizzle-orm";
import type { Logger } from "pino";
import type { Db } from "@/db/client";
import { events } from "@/db/schema";
import { intArray, queryRows } from "@/db/sql";
import { eventFromRow, type LiveEvent } from "@/server/events/contract";

/**
 * Marks broadcast events as published, a batch at a time off the request path. An event left
 * unmarked (the process died between commit and broadcast, or before the batch flushed) is
 * broadcast again by the sweeper; clients drop the duplicate by seq.
 */
export function createPublishedMarker(db: Db, logger: Logger, flushMs = 50) {
  let pending: number[] = [];
  let timer: NodeJS.Timeout | null = null;

  async function flush() {
    if (timer) clearTimeout(timer);
    timer = null;
    const ids = pending;
    pending = [];
    if (ids.length === 0) return;
    try {
      await db
        .update(events)
        .set({ publishedAt: sql`now()` })
        // One array parameter for the batch (2,000 events of one opening), not one per id.
        .where(and(sql`${events.id} = any(${intArray(ids)}::bigint[])`, isNull(events.publishedAt)));
    } catch (error) {
      logger.warn({ err: error, count: ids.length }, "could not mark events published; the sweeper will resend them");
    }
  }

  return {
    mark(ids: readonly number[]) {
      pending.push(...ids);
      timer ??= setTimeout(() => void flush(), flushMs);
    },
    flush,
  };
}

interface EventRowWire {
  id: number | string;
  stream: string;
  seq: number | string;
  type: string;
  payload: unknown;
  created_at: Date | string;
}

/**
 * Claims events committed more than `graceMs` ago that no process has marked published, marks them,
 * and hands them back for broadcast. SKIP LOCKED lets several processes sweep without sending one
 * event twice from two places.
 */
export async function sweepUnpublished(db: Db, graceMs: number, limit = 500): Promise<LiveEvent[]> {
  const rows = await queryRows<EventRowWire & Record<string, unknown>>(
    db,
    sql`update events set published_at = now()
        where id in (
          select id from events
          where published_at is null and created_at < now() - make_interval(secs => ${graceMs / 1000})
          order by id limit ${limit}
          for update skip locked)
        returning id, stream, seq, type, payload, created_at`,
  );
  return rows
    .map((row) =>
      eventFromRow({
        stream: row.stream,
        seq: Number(row.seq),
        type: row.type,
        payload: row.payload,
        at: new Date(row.created_at).toISOString(),
        outboxId: Number(row.id),
      }),
    )
    .sort((a, b) => (a.outboxId ?? 0) - (b.outboxId ?? 0));
}

/** Published events older than the retention window are deleted; a client further behind refetches. */
export async function pruneOutbox(db: Db, retentionDays: number): Promise<number> {
  const rows = await queryRows<{ id: number }>(
    db,
    sql`delete from events where id in (
          select id from events where published_at < now() - make_interval(days => ${retentionDays}) order by id limit 5000)
        returning id`,
  );
  return rows.length;
}

export function startOutboxSweeper(options: {
  db: Db;
  logger: Logger;
  broadcast: (events: readonly LiveEvent[]) => void;
  intervalMs?: number;
  graceMs?: number;
  retentionDays?: number;
}) {
  const intervalMs = options.intervalMs ?? 1_000;
  const graceMs = options.graceMs ?? 3_000;
  let ticks = 0;
  // The same runner as every other background job: one pass at a time, a failed pass logged and retried.
  const poller = startPoller(
    async () => {
      const swept = await sweepUnpublished(options.db, graceMs);
      if (swept.length > 0) {
        options.logger.warn({ count: swept.length }, "broadcasting committed events that were never published");
        options.broadcast(swept);
      }
      ticks += 1;
      if (ticks % 600 === 0) await pruneOutbox(options.db, options.retentionDays ?? 7);
    },
    intervalMs,
    (error) => options.logger.warn({ err: error }, "outbox sweep failed; retrying"),
  );
  return {
    stop() {
      poller.stop();
    },
  };
}

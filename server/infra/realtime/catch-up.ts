import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { queryRows } from "@/db/sql";
import { eventFromRow } from "@/server/events/contract";
import type { CatchUp, ReplayRing } from "./replay-ring";

export type { CatchUp } from "./replay-ring";

/** The most a reconnecting client is replayed; further behind, it refetches the page's data. */
export const maxReplay = 500;

interface CatchUpRow extends Record<string, unknown> {
  head_seq: number | string | null;
  seq: number | string | null;
  type: string | null;
  payload: unknown;
  created_at: Date | string | null;
}

/**
 * The head and the missed events come from one statement, so from one snapshot: an event that
 * commits while we read is either in both or in neither. Two reads let it land in between, and
 * the count then disagreed with the head, sending clients a few events behind to a needless resync.
 */
export async function catchUp(db: Db, stream: string, afterSeq: number | undefined): Promise<CatchUp> {
  const after = afterSeq ?? 0;
  // One row more than we replay tells "too far behind" apart from "exactly at the limit".
  const rows = await queryRows<CatchUpRow>(
    db,
    sql`select h.last_seq as head_seq, e.seq, e.type, e.payload, e.created_at
        from (select ${stream}::text as stream) wanted
        left join stream_heads h on h.stream = wanted.stream
        left join lateral (
          select seq, type, payload, created_at from events
          where events.stream = wanted.stream and events.seq > ${after} and ${afterSeq !== undefined}
          order by seq limit ${maxReplay + 1}) e on true
        order by e.seq`,
  );
  const headSeq = Number(rows[0]?.head_seq ?? 0);
  if (afterSeq === undefined || afterSeq >= headSeq)
    return { headSeq, replay: [], resync: afterSeq !== undefined && afterSeq > headSeq };
  if (headSeq - afterSeq > maxReplay) return { headSeq, replay: [], resync: true };
  const missed = rows.filter((row) => row.seq !== null);
  // A gap means retention pruned what this client missed; replaying the rest would mislead it.
  const contiguous =
    missed.length === headSeq - afterSeq && missed.every((row, index) => Number(row.seq) === afterSeq + index + 1);
  if (!contiguous) return { headSeq, replay: [], resync: true };
  return {
    headSeq,
    replay: missed.map((row) =>
      eventFromRow({
        stream,
        seq: Number(row.seq),
        type: row.type ?? "",
        payload: row.payload,
        at: new Date(row.created_at ?? 0).toISOString(),
      }),
    ),
    resync: false,
  };
}

/**
 * Catch-up as subscriptions use it: from the replay ring when it can prove its answer, else from the
 * database, where identical reads asked for in the same turn of the event loop share one query. A
 * read is shared only before it is sent, so its snapshot is taken after every sharer joined the
 * room: an event it misses then reaches each of them live.
 */
export function createCatchUpReader(
  db: Db,
  ring: ReplayRing,
  stats?: { fromRing: number; fromDatabase: number; queries: number },
) {
  const waiting = new Map<string, Promise<CatchUp>>();
  return (stream: string, afterSeq: number | undefined): Promise<CatchUp> => {
    const remembered = ring.read(stream, afterSeq, maxReplay);
    if (remembered) {
      if (stats) stats.fromRing += 1;
      return Promise.resolve(remembered);
    }
    if (stats) stats.fromDatabase += 1;
    const key = `${stream}\u0000${afterSeq ?? ""}`;
    let read = waiting.get(key);
    if (!read) {
      read = new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
        waiting.delete(key);
        if (stats) stats.queries += 1;
        const tracked = ring.beginRead();
        try {
          const answer = await catchUp(db, stream, afterSeq);
          // The head is now known in memory: the next subscriber of this stream reads no database.
          if (!answer.resync) ring.learnHead(stream, answer.headSeq, tracked);
          return answer;
        } finally {
          ring.endRead(tracked);
        }
      });
      waiting.set(key, read);
    }
    return read;
  };
}

/**
 * Runs a page's read and reads its stream's head in one REPEATABLE READ snapshot, so a client that
 * refetched after a resync resumes from exactly the state it was shown: an event committed after
 * the snapshot has a higher seq and still arrives, one before it is in the data.
 */
export async function readAtStreamHead<T>(
  db: Db,
  stream: string,
  read: (snapshot: Db) => Promise<T>,
): Promise<T & { headSeq: number }> {
  // Not retryTransaction: read only at REPEATABLE READ it takes no row locks (PostgreSQL refuses FOR SHARE
  // in it) and no SSI, so no 40001; a 40P01 would need DDL's ACCESS EXCLUSIVE lock (a migration), not traffic.
  return db.transaction(
    async (tx) => {
      const heads = await queryRows<{ last_seq: number | string }>(
        tx,
        sql`select last_seq from stream_heads where stream = ${stream}`,
      );
      const result = await read(tx);
      return { ...result, headSeq: Number(heads[0]?.last_seq ?? 0) };
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
}

/**
 * readAtStreamHead for a read that several streams' events keep current (the dashboard's recent
 * topics follow every forum): each stream's head from the read's own snapshot, 0 for one not yet
 * written, so the page follows each stream from the state it was shown.
 */
export async function readAtStreamHeads<T>(
  db: Db,
  streamsOf: (snapshot: Db) => Promise<readonly string[]>,
  read: (snapshot: Db) => Promise<T>,
): Promise<{ data: T; heads: Record<string, number> }> {
  // Read only at REPEATABLE READ, like readAtStreamHead: nothing here for PostgreSQL to ask a retry of.
  return db.transaction(
    async (tx) => {
      const streams = await streamsOf(tx);
      const rows =
        streams.length === 0
          ? []
          : await queryRows<{ stream: string; last_seq: number | string }>(
              tx,
              sql`select stream, last_seq from stream_heads where stream in (${sql.join(
                streams.map((stream) => sql`${stream}`),
                sql`, `,
              )})`,
            );
      const heads: Record<string, number> = Object.fromEntries(streams.map((stream) => [stream, 0]));
      for (const row of rows) heads[row.stream] = Number(row.last_seq);
      return { data: await read(tx), heads };
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
}

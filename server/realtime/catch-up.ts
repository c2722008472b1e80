import { and, asc, eq, gt } from "drizzle-orm";
import type { Db } from "@/db/client";
import { events, streamHeads } from "@/db/schema";
import type { LiveEvent } from "./events";

/** The most a reconnecting client is replayed; further behind, it refetches the page's data. */
export const maxReplay = 500;

export interface CatchUp {
  headSeq: number;
  replay: LiveEvent[];
  /** True when the missed events are more than we replay (or were pruned): refetch instead. */
  resync: boolean;
}

export async function catchUp(db: Db, stream: string, afterSeq: number | undefined): Promise<CatchUp> {
  const [head] = await db.select({ lastSeq: streamHeads.lastSeq }).from(streamHeads).where(eq(streamHeads.stream, stream));
  const headSeq = head?.lastSeq ?? 0;
  if (afterSeq === undefined || afterSeq >= headSeq) return { headSeq, replay: [], resync: afterSeq !== undefined && afterSeq > headSeq };
  if (headSeq - afterSeq > maxReplay) return { headSeq, replay: [], resync: true };
  const rows = await db
    .select()
    .from(events)
    .where(and(eq(events.stream, stream), gt(events.seq, afterSeq)))
    .orderBy(asc(events.seq))
    .limit(maxReplay);
  // A gap means retention pruned what this client missed; replaying the rest would mislead it.
  const contiguous = rows.length === headSeq - afterSeq && rows.every((row, index) => row.seq === afterSeq + index + 1);
  if (!contiguous) return { headSeq, replay: [], resync: true };
  return {
    headSeq,
    replay: rows.map((row) => ({
      stream: row.stream,
      seq: row.seq,
      type: row.type,
      payload: row.payload,
      at: row.createdAt.toISOString(),
    })),
    resync: false,
  };
}


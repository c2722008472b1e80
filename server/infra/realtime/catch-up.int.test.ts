import { sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { queryRows } from "@/db/sql";
import { looseTransact as transact } from "@/server/testing/synthetic-events";
import { createTestDatabase } from "@/server/testing/test-database";
import { catchUp, maxReplay, readAtStreamHead } from "./catch-up";

let handle: DatabaseHandle;
const publisher = { publish: () => undefined };

async function append(stream: string, count: number) {
  for (let i = 0; i < count; i += 1)
    await transact({ db: handle.db, publisher }, (_tx, emit) => emit(stream, "comment:added", { i }));
}

async function headOf(stream: string): Promise<number> {
  const rows = await queryRows<{ last_seq: number | string }>(
    handle.db,
    sql`select last_seq from stream_heads where stream = ${stream}`,
  );
  return Number(rows[0]?.last_seq ?? 0);
}

beforeAll(async () => {
  handle = await createTestDatabase({ seed: false });
});

afterAll(async () => {
  await handle?.close();
});

describe("catch-up reads one snapshot", () => {
  it("never answers resync to a client within the replay limit while events are being appended", async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 0, max: 30 }),
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 6 }),
        async (before, behind, writerBursts) => {
          const stream = `topic:${900_000 + (run += 1)}`;
          await append(stream, before);
          const afterSeq = Math.max(0, before - behind);
          // Writers append while the readers catch up: every read races a commit.
          const writers = Promise.all(writerBursts.map((burst) => append(stream, burst)));
          const reads = await Promise.all(writerBursts.map(() => catchUp(handle.db, stream, afterSeq)));
          await writers;
          for (const result of reads) {
            expect(result.resync).toBe(false);
            expect(result.headSeq).toBeGreaterThanOrEqual(before);
            expect(result.replay.map((e) => e.seq)).toEqual(
              Array.from({ length: result.headSeq - afterSeq }, (_, k) => afterSeq + k + 1),
            );
          }
        },
      ),
      { numRuns: 25 },
    );
  }, 120_000);

  it("answers resync past the replay limit, past the head, and over a pruned gap", async () => {
    const stream = "topic:990001";
    await append(stream, maxReplay + 2);
    expect((await catchUp(handle.db, stream, 1)).resync).toBe(true);
    const atLimit = await catchUp(handle.db, stream, 2);
    expect(atLimit.resync).toBe(false);
    expect(atLimit.replay).toHaveLength(maxReplay);
    expect((await catchUp(handle.db, stream, maxReplay + 5)).resync).toBe(true);

    const pruned = "topic:990002";
    await append(pruned, 5);
    await handle.db.execute(sql`delete from events where stream = ${pruned} and seq = 3`);
    expect(await catchUp(handle.db, pruned, 1)).toMatchObject({ headSeq: 5, resync: true, replay: [] });
    expect(await catchUp(handle.db, pruned, 3)).toMatchObject({ headSeq: 5, resync: false });
    expect(await headOf(pruned)).toBe(5);
  }, 60_000);

  it("gives the head and nothing to replay to a first subscription, and zero for an unknown stream", async () => {
    await append("topic:990003", 3);
    expect(await catchUp(handle.db, "topic:990003", undefined)).toEqual({ headSeq: 3, replay: [], resync: false });
    expect(await catchUp(handle.db, "topic:990004", undefined)).toEqual({ headSeq: 0, replay: [], resync: false });
    expect(await catchUp(handle.db, "topic:990004", 0)).toEqual({ headSeq: 0, replay: [], resync: false });
  });
});

describe("a page read with its stream head", () => {
  it("sees exactly the events up to the head it returns, while others commit", async () => {
    const stream = "user:990005";
    await append(stream, 2);
    const writers = Promise.all([append(stream, 4), append(stream, 4)]);
    const reads = await Promise.all(
      Array.from({ length: 6 }, () =>
        readAtStreamHead(handle.db, stream, async (db) => {
          const [row] = await queryRows<{ n: number }>(
            db,
            sql`select count(*)::int as n from events where stream = ${stream}`,
          );
          // A pause inside the snapshot gives the writers time to commit past it.
          await new Promise((resolve) => setTimeout(resolve, 5));
          const [again] = await queryRows<{ n: number }>(
            db,
            sql`select count(*)::int as n from events where stream = ${stream}`,
          );
          return { seen: row!.n, seenLater: again!.n };
        }),
      ),
    );
    await writers;
    for (const read of reads) {
      expect(read.seen).toBe(read.headSeq);
      expect(read.seenLater).toBe(read.headSeq);
    }
  });
});

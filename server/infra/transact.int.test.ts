import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { events, streamHeads } from "@/db/schema";
import {
  createTestServices,
  describeEvent,
  observeCommitsAndPublishes,
  type TestServices,
} from "@/server/testing/fixtures";
import { looseTransact as transact } from "@/server/testing/synthetic-events";

let services: TestServices;
beforeAll(async () => {
  services = await createTestServices();
});
afterAll(async () => {
  await services?.close();
});

async function storedSeqs(stream: string): Promise<number[]> {
  const rows = await services.deps.db
    .select({ seq: events.seq })
    .from(events)
    .where(eq(events.stream, stream))
    .orderBy(asc(events.seq));
  return rows.map((row) => row.seq);
}

function publishedTo(stream: string) {
  return services.deps.publisher.published.filter((event) => event.stream === stream);
}

describe(`transact (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("[OUTBOX] a transaction that throws writes no events and publishes none", async () => {
    const { deps, timeline } = observeCommitsAndPublishes(services.deps);
    const failing = transact(deps, async (_tx, emit) => {
      await emit("topic:101", "post:created", { postId: 1 });
      await emit("topic:101", "post:created", { postId: 2 });
      throw new Error("validation failed after emitting");
    });

    await expect(failing).rejects.toThrow("validation failed after emitting");
    expect(timeline).toEqual(["rollback"]);
    expect(await storedSeqs("topic:101")).toEqual([]);
    expect(publishedTo("topic:101")).toEqual([]);
    // The stream head rolled back too, so the next committed event is still seq 1.
    expect(await services.deps.db.select().from(streamHeads).where(eq(streamHeads.stream, "topic:101"))).toEqual([]);
    await transact(deps, (_tx, emit) => emit("topic:101", "post:created", { postId: 3 }));
    expect(publishedTo("topic:101").map(describeEvent)).toEqual(["topic:101#1 post:created"]);
  });

  it("[OUTBOX] a committed transaction's events are published once, after commit, numbered per stream", async () => {
    const { deps, timeline } = observeCommitsAndPublishes(services.deps);
    const result = await transact(deps, async (_tx, emit) => {
      await emit("topic:201", "post:created", { postId: 1 });
      await emit("topic:202", "post:created", { postId: 2 });
      await emit("topic:201", "post:edited", { postId: 1 });
      await emit("topic:202", "post:edited", { postId: 2 });
      await emit("topic:201", "post:deleted", { postId: 1 });
      return "done";
    });

    expect(result).toBe("done");
    const expected = [
      "topic:201#1 post:created",
      "topic:202#1 post:created",
      "topic:201#2 post:edited",
      "topic:202#2 post:edited",
      "topic:201#3 post:deleted",
    ];
    expect(timeline).toEqual(["commit", `publish ${expected.join(", ")}`]);
    expect(
      services.deps.publisher.published.filter((event) => event.stream.startsWith("topic:20")).map(describeEvent),
    ).toEqual(expected);
    expect(await storedSeqs("topic:201")).toEqual([1, 2, 3]);
    expect(await storedSeqs("topic:202")).toEqual([1, 2]);
    expect(publishedTo("topic:201")[0]?.payload).toEqual({ postId: 1 });
  });

  it("[OUTBOX] 20 concurrent transactions on one stream take seq 1..20 with no gaps or duplicates", async () => {
    const stream = "ballot:301";
    const seqs = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        transact(services.deps, async (_tx, emit) => {
          await emit(stream, "vote:cast", { index });
          // Holding the transaction open a moment makes the others queue on the stream head.
          await new Promise((resolve) => setTimeout(resolve, 5));
          return index;
        }),
      ),
    );

    expect(seqs).toHaveLength(20);
    const oneToTwenty = Array.from({ length: 20 }, (_, index) => index + 1);
    expect(await storedSeqs(stream)).toEqual(oneToTwenty);
    const published = publishedTo(stream);
    expect(published.map((event) => event.seq).sort((a, b) => a - b)).toEqual(oneToTwenty);
    // Every transaction's event made it out exactly once.
    expect(published.map((event) => (event.payload as { index: number }).index).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, index) => index),
    );
    const [head] = await services.deps.db.select().from(streamHeads).where(eq(streamHeads.stream, stream));
    expect(head?.lastSeq).toBe(20);
  });

  it("[OUTBOX] commits answered out of order (one connection each) still publish the stream in seq order", async () => {
    // A pool answers each COMMIT on its own connection; here the answers come back late by varying amounts.
    const lateAnswers: Db["transaction"] = async (work, config) => {
      const result = await services.deps.db.transaction(work, config);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 15));
      return result;
    };
    const db = new Proxy(services.deps.db, {
      get: (target, property, receiver) =>
        property === "transaction" ? lateAnswers : Reflect.get(target, property, receiver),
    });
    const stream = "meeting:302";
    await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        transact({ ...services.deps, db }, (_tx, emit) => emit(stream, "vote:cast", { index })),
      ),
    );
    // Published as they were answered, the followers would have seen gaps and asked to fill them.
    expect(publishedTo(stream).map((event) => event.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it("[OUTBOX] emit.all appends to many streams in one go with the same seqs one by one would give, and repeats fall back to one by one", async () => {
    await transact(services.deps, (_tx, emit) => emit("batch:b", "x", { n: 0 }));
    await transact(services.deps, (_tx, emit) =>
      emit.all([
        { stream: "batch:c", type: "x", payload: { n: 1 } },
        { stream: "batch:a", type: "x", payload: { n: 2 } },
        { stream: "batch:b", type: "x", payload: { n: 3 } },
      ]),
    );
    await transact(services.deps, (_tx, emit) =>
      emit.all([
        { stream: "batch:a", type: "y", payload: { n: 4 } },
        { stream: "batch:a", type: "y", payload: { n: 5 } },
      ]),
    );
    expect(await storedSeqs("batch:a")).toEqual([1, 2, 3]);
    expect(await storedSeqs("batch:b")).toEqual([1, 2]);
    expect(await storedSeqs("batch:c")).toEqual([1]);
    const published = services.deps.publisher.published.filter((e) => e.stream.startsWith("batch:"));
    expect(published.map((e) => `${describeEvent(e)} ${String((e.payload as { n: number }).n)}`)).toEqual([
      "batch:b#1 x 0",
      "batch:c#1 x 1",
      "batch:a#1 x 2",
      "batch:b#2 x 3",
      "batch:a#2 y 4",
      "batch:a#3 y 5",
    ]);
    expect(published.every((e) => typeof e.outboxId === "number")).toBe(true);
  });
});

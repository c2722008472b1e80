import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { createRecordingPublisher } from "./realtime/publisher";
import { transact } from "./transact";

/** A database whose transactions fail with these errors, one per attempt, then run the work. */
function failingFirst(...errors: Error[]) {
  let attempts = 0;
  const db = {
    transaction: async (work: (tx: unknown) => Promise<unknown>) => {
      const error = errors[attempts];
      attempts += 1;
      if (error !== undefined) throw error;
      return work({});
    },
  } as unknown as Db;
  return { db, attempts: () => attempts };
}

const pgError = (code: string) => Object.assign(new Error(`sqlstate ${code}`), { code });

describe("transact retries", () => {
  it("reports each deadlock and serialization retry with its SQLSTATE and the attempt that failed", async () => {
    const { db, attempts } = failingFirst(
      pgError("40P01"),
      // Drizzle wraps the driver's error: the code is found on its cause.
      Object.assign(new Error("failed query"), { cause: pgError("40001") }),
    );
    const retries: [string, number][] = [];
    const result = await transact(
      {
        db,
        publisher: createRecordingPublisher(),
        onTransactionRetry: (state, attempt) => retries.push([state, attempt]),
      },
      async () => "done",
    );
    expect(result).toBe("done");
    expect(attempts()).toBe(3);
    expect(retries).toEqual([
      ["40P01", 1],
      ["40001", 2],
    ]);
  });

  it("reports nothing for an error it does not retry, nor for the last attempt it gives up on", async () => {
    const retries: string[] = [];
    const onTransactionRetry = (state: string) => void retries.push(state);
    const unique = failingFirst(pgError("23505"));
    await expect(
      transact({ db: unique.db, publisher: createRecordingPublisher(), onTransactionRetry }, async () => 1),
    ).rejects.toThrow("sqlstate 23505");
    expect(retries).toEqual([]);

    const deadlocked = failingFirst(...Array.from({ length: 5 }, () => pgError("40P01")));
    await expect(
      transact({ db: deadlocked.db, publisher: createRecordingPublisher(), onTransactionRetry }, async () => 1),
    ).rejects.toThrow("sqlstate 40P01");
    // Five attempts, four retries: the fifth failure is thrown, not retried.
    expect(deadlocked.attempts()).toBe(5);
    expect(retries).toEqual(["40P01", "40P01", "40P01", "40P01"]);
  });
});

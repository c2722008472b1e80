import { afterEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { createRecordingPublisher } from "./realtime/publisher";
import { retryTransaction, setTransactionRetryReporter, transact, type TransactionConfig } from "./transact";

/** A database whose transactions fail with these errors, one per attempt, then run the work. */
function failingFirst(...errors: Error[]) {
  let attempts = 0;
  const configs: TransactionConfig[] = [];
  const db = {
    transaction: async (work: (tx: unknown) => Promise<unknown>, config?: TransactionConfig) => {
      const error = errors[attempts];
      attempts += 1;
      configs.push(config);
      if (error !== undefined) throw error;
      return work({});
    },
  } as unknown as Db;
  return { db, attempts: () => attempts, configs };
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

describe("retryTransaction (the same rule, for transactions without events)", () => {
  it("retries deadlocks and serialization failures, reports each, and keeps the isolation on every attempt", async () => {
    const { db, attempts, configs } = failingFirst(
      pgError("40001"),
      Object.assign(new Error("failed query"), { cause: pgError("40P01") }),
    );
    const retries: [string, number][] = [];
    const config = { isolationLevel: "repeatable read", accessMode: "read only" } as const;
    const result = await retryTransaction(
      { db, onTransactionRetry: (state, attempt) => retries.push([state, attempt]) },
      async () => "read",
      config,
    );
    expect(result).toBe("read");
    expect(attempts()).toBe(3);
    expect(retries).toEqual([
      ["40001", 1],
      ["40P01", 2],
    ]);
    expect(configs).toEqual([config, config, config]);
  });

  it("does not retry other errors, and gives up after the fifth attempt", async () => {
    const retries: string[] = [];
    const onTransactionRetry = (state: string) => void retries.push(state);
    const unique = failingFirst(pgError("23505"), pgError("23505"));
    await expect(retryTransaction({ db: unique.db, onTransactionRetry }, async () => 1)).rejects.toThrow(
      "sqlstate 23505",
    );
    expect(unique.attempts()).toBe(1);
    expect(retries).toEqual([]);

    const serialization = failingFirst(...Array.from({ length: 6 }, () => pgError("40001")));
    await expect(retryTransaction({ db: serialization.db, onTransactionRetry }, async () => 1)).rejects.toThrow(
      "sqlstate 40001",
    );
    expect(serialization.attempts()).toBe(5);
    expect(retries).toEqual(["40001", "40001", "40001", "40001"]);
  });

  it("runs without a reporter (scripts, tests)", async () => {
    const { db, attempts } = failingFirst(pgError("40P01"));
    await expect(retryTransaction({ db }, async () => "ok")).resolves.toBe("ok");
    expect(attempts()).toBe(2);
  });
});

describe("the process's retry reporter (createApp sets the metric's)", () => {
  afterEach(() => setTransactionRetryReporter(undefined));

  it("is told of retries whose deps carry no reporter, by transact and retryTransaction alike", async () => {
    const told: [string, number][] = [];
    setTransactionRetryReporter((state, attempt) => told.push([state, attempt]));
    await transact({ db: failingFirst(pgError("40P01")).db, publisher: createRecordingPublisher() }, async () => 1);
    await retryTransaction({ db: failingFirst(pgError("40001")).db }, async () => 1);
    expect(told).toEqual([
      ["40P01", 1],
      ["40001", 1],
    ]);
  });

  it("gives way to the deps' own reporter, so a test counts its own retries and the metric none of them", async () => {
    const processWide: string[] = [];
    const own: string[] = [];
    setTransactionRetryReporter((state) => processWide.push(state));
    await retryTransaction(
      { db: failingFirst(pgError("40P01")).db, onTransactionRetry: (state) => own.push(state) },
      async () => 1,
    );
    expect(own).toEqual(["40P01"]);
    expect(processWide).toEqual([]);
  });
});

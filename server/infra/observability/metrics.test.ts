import { describe, expect, it } from "vitest";
import { createRecordingPublisher } from "../realtime/publisher";
import type { Db } from "@/db/client";
import { createContextInner } from "@/server/trpc/init";
import { createCaller } from "@/server/trpc/root";
import { createMetrics, reportTransactionRetries, streamKind } from "./metrics";

describe("metrics", () => {
  it("exposes sockets, events, procedure durations and pool use in Prometheus format", async () => {
    const metrics = createMetrics(() => ({ total: 7, idle: 5, waiting: 1 }));
    metrics.socketsConnected.inc(3);
    metrics.eventsPublished.inc({ stream_kind: "topic" });
    // A procedure that fails before touching the database still has its duration recorded.
    const caller = createCaller(
      createContextInner(
        { db: {} as Db, publisher: createRecordingPublisher(), now: () => new Date(), inviteTtlHours: 1, metrics },
        null,
      ),
    );
    await expect(caller.account.me()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    const text = await metrics.registry.metrics();
    expect(text).toContain("xietong_sockets_connected 3");
    expect(text).toContain('xietong_events_published_total{stream_kind="topic"} 1');
    expect(text).toMatch(
      /xietong_trpc_duration_seconds_count\{procedure="account.me",type="query",outcome="UNAUTHORIZED"\} 1/,
    );
    expect(text).toContain('xietong_db_pool_connections{state="total"} 7');
    expect(text).toContain('xietong_db_pool_connections{state="waiting"} 1');
  });

  it("counts transaction retries by SQLSTATE, from zero, and logs each one", async () => {
    const metrics = createMetrics(() => ({ total: 0, idle: 0, waiting: 0 }));
    const before = await metrics.registry.metrics();
    expect(before).toContain('xietong_transaction_retries_total{sqlstate="40P01"} 0');
    expect(before).toContain('xietong_transaction_retries_total{sqlstate="40001"} 0');
    const warnings: unknown[][] = [];
    const onRetry = reportTransactionRetries(metrics, { warn: (...args: unknown[]) => void warnings.push(args) });
    onRetry("40P01", 1);
    onRetry("40P01", 2);
    onRetry("40001", 1);
    const text = await metrics.registry.metrics();
    expect(text).toContain('xietong_transaction_retries_total{sqlstate="40P01"} 2');
    expect(text).toContain('xietong_transaction_retries_total{sqlstate="40001"} 1');
    expect(warnings).toEqual([
      [{ sqlstate: "40P01", attempt: 1 }, "transaction retried"],
      [{ sqlstate: "40P01", attempt: 2 }, "transaction retried"],
      [{ sqlstate: "40001", attempt: 1 }, "transaction retried"],
    ]);
  });

  it("labels events by the kind of stream, not its id", () => {
    expect(streamKind("topic:42")).toBe("topic");
    expect(streamKind("moderation")).toBe("moderation");
  });
});

import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { Logger } from "pino";
import { retryableSqlStates, type TransactionRetryReporter } from "../transact";

/**
 * Prometheus metrics for the one process. createApp builds them once and hands them to the sockets, the
 * tRPC context and (through the runtime bridge) the /api/metrics route; tests simply pass none.
 */
export interface Metrics {
  registry: Registry;
  socketsConnected: Gauge;
  eventsPublished: Counter<"stream_kind">;
  eventsDelivered: Counter<"stream_kind">;
  procedureDuration: Histogram<"procedure" | "type" | "outcome">;
  dbPool: Gauge<"state">;
  transactionRetries: Counter<"sqlstate">;
  pageCache: Counter<"result">;
}

export function createMetrics(poolStats: () => { total: number; idle: number; waiting: number }): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "xietong_process_" });
  const metrics: Metrics = {
    registry,
    socketsConnected: new Gauge({
      name: "xietong_sockets_connected",
      help: "Socket.io connections open on this process",
      registers: [registry],
    }),
    eventsPublished: new Counter({
      name: "xietong_events_published_total",
      help: "Live events broadcast after commit, by stream kind",
      labelNames: ["stream_kind"],
      registers: [registry],
    }),
    eventsDelivered: new Counter({
      name: "xietong_events_delivered_total",
      help: "Live events handed to local sockets (one per socket per event), by stream kind",
      labelNames: ["stream_kind"],
      registers: [registry],
    }),
    procedureDuration: new Histogram({
      name: "xietong_trpc_duration_seconds",
      help: "tRPC procedure duration by procedure, type and outcome",
      labelNames: ["procedure", "type", "outcome"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    dbPool: new Gauge({
      name: "xietong_db_pool_connections",
      help: "Database pool connections by state (total, idle, waiting clients)",
      labelNames: ["state"],
      registers: [registry],
      collect() {
        const stats = poolStats();
        this.set({ state: "total" }, stats.total);
        this.set({ state: "idle" }, stats.idle);
        this.set({ state: "waiting" }, stats.waiting);
      },
    }),
    transactionRetries: new Counter({
      name: "xietong_transaction_retries_total",
      help: "Transactions run again after PostgreSQL asked for a retry, by SQLSTATE (40001 serialization, 40P01 deadlock)",
      labelNames: ["sqlstate"],
      registers: [registry],
    }),
    pageCache: new Counter({
      name: "xietong_page_cache_total",
      help: "Signed-out page requests the page cache answered: hit (a kept page), miss (rendered and kept), uncacheable (rendered, not kept)",
      labelNames: ["result"],
      registers: [registry],
    }),
  };
  // Both series exist from the start, at 0: a scraper sees "no deadlocks", not "no data".
  for (const sqlstate of retryableSqlStates) metrics.transactionRetries.inc({ sqlstate }, 0);
  return metrics;
}

/** The process's retry reporter createApp sets: each retry counted by SQLSTATE and logged as a warning. */
export function reportTransactionRetries(
  metrics: Pick<Metrics, "transactionRetries">,
  logger: Pick<Logger, "warn">,
): TransactionRetryReporter {
  return (sqlstate, attempt) => {
    metrics.transactionRetries.inc({ sqlstate });
    logger.warn({ sqlstate, attempt }, "transaction retried");
  };
}

export function streamKind(stream: string): string {
  const colon = stream.indexOf(":");
  return colon === -1 ? stream : stream.slice(0, colon);
}

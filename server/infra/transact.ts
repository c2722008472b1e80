import { sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { events } from "@/db/schema";
import { queryRows } from "@/db/sql";
import type { EventDraft, EventMap, EventType, LiveEvent } from "@/server/events/contract";
import type { StreamKey } from "@/server/domain/stream-access";
import type { MailSettings } from "./mail/email-settings";
import type { Publisher } from "./realtime/publisher";
import { createPublishOrder, type PublishOrder } from "./realtime/publish-order";
import { readProcessSlot, setProcessSlot } from "./process-slots";
import { processReadCache, readAtHeadKey, type ReadCache } from "./read-cache";

export type { EventDraft } from "@/server/events/contract";

/** Appends a contract event: the type names its payload's shape. */
export interface Emit {
  <K extends EventType>(stream: StreamKey, type: K, payload: EventMap[K]): Promise<void>;
  /**
   * Several events at once: one statement for the stream heads and one for the outbox rows when the
   * streams are distinct (a notice to each of 2,000 voters' own streams), instead of two per event.
   */
  all(drafts: readonly EventDraft[]): Promise<void>;
  /** Runs once the transaction has committed (not on rollback): caches dropped after the change is visible. */
  afterCommit(run: () => void): void;
  /** The deps' mail settings, for notices decided inside the transaction; null when mail is off. */
  readonly mail: MailSettings | null;
}

export interface TransactDeps {
  db: Db;
  publisher: Publisher;
  mail?: MailSettings | null;
  readCache?: ReadCache;
  /** Told of each retry instead of the process's reporter (tests that count their own). */
  onTransactionRetry?: TransactionRetryReporter;
}

/**
 * Told of each retry (the SQLSTATE and the attempt that failed), so deadlocks and serialization
 * failures are counted and logged rather than hidden by the retry.
 */
export type TransactionRetryReporter = (sqlState: RetryableSqlState, attempt: number) => void;

/**
 * createApp sets the process's reporter (the metric and the log) once, in a process slot so Next's
 * module graph counts too: every transaction is counted whatever deps it ran with, and a deps object
 * built somewhere new cannot forget it. Worker threads have slots of their own but run no transactions.
 */
export function setTransactionRetryReporter(report: TransactionRetryReporter | undefined): void {
  setProcessSlot("transactionRetryReporter", report);
}

export function transactionRetryReporter(): TransactionRetryReporter | undefined {
  return readProcessSlot<TransactionRetryReporter>("transactionRetryReporter");
}

/** SQLSTATEs PostgreSQL asks the client to retry: serialization failure and deadlock. */
export const retryableSqlStates = ["40001", "40P01"] as const;
export type RetryableSqlState = (typeof retryableSqlStates)[number];
const isRetryable = (state: string | undefined): state is RetryableSqlState =>
  (retryableSqlStates as readonly (string | undefined)[]).includes(state);
const maxAttempts = 5;

function sqlState(error: unknown): string | undefined {
  for (let e: unknown = error; e && typeof e === "object"; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

/** Drizzle's transaction options: isolation level, access mode. */
export type TransactionConfig = Parameters<Db["transaction"]>[1];

/**
 * The one retry rule: runs `attempt` again, after a short growing pause, while it fails with a
 * SQLSTATE PostgreSQL asks the client to retry, at most `maxAttempts` times in all, telling the deps'
 * `onTransactionRetry`, else the process's reporter, of each retry. Only the transaction is retried,
 * never work after its commit.
 */
async function withRetries<T>(deps: Pick<TransactDeps, "onTransactionRetry">, attempt: () => Promise<T>): Promise<T> {
  for (let n = 1; ; n += 1) {
    try {
      return await attempt();
    } catch (error) {
      const state = sqlState(error);
      if (n < maxAttempts && isRetryable(state)) {
        (deps.onTransactionRetry ?? transactionRetryReporter())?.(state, n);
        await new Promise((resolve) => setTimeout(resolve, 5 * n + Math.random() * 10 * n));
        continue;
      }
      throw error;
    }
  }
}

/**
 * One transaction without events, retried and counted like transact's. `work` may run more than once,
 * so it must do nothing outside the transaction (no HTTP, mail, files or in-memory state it cannot redo).
 */
export function retryTransaction<T>(
  deps: Pick<TransactDeps, "db" | "onTransactionRetry">,
  work: (tx: Tx) => Promise<T>,
  config?: TransactionConfig,
): Promise<T> {
  return withRetries(deps, () => deps.db.transaction(work, config));
}

/**
 * Runs a use-case in one transaction. Events emitted inside are written to the outbox in that same
 * transaction and broadcast only after it commits: a live event is a notice of committed state.
 */
export async function transact<T>(deps: TransactDeps, work: (tx: Tx, emit: Emit) => Promise<T>): Promise<T> {
  const order = publishOrderOf(deps.publisher);
  const { result, owner, committed, personStreams } = await withRetries(deps, async () => {
    const owner = {};
    const committed: (() => void)[] = [];
    // People whose own stream moved: what was read of it at its head (the unread count) is dropped after commit.
    const personStreams = new Set<string>();
    const appended = (events: readonly LiveEvent[]) => {
      order.appended(owner, events);
      for (const event of events) if (event.stream.startsWith("user:")) personStreams.add(event.stream);
    };
    try {
      const result = await deps.db.transaction(async (tx) => {
        const emit: Emit = Object.assign(
          async <K extends EventType>(stream: StreamKey, type: K, payload: EventMap[K]) => {
            appended([await appendEvent(tx, { stream, type, payload } as EventDraft)]);
          },
          {
            all: async (drafts: readonly EventDraft[]) => {
              appended(await appendEvents(tx, drafts));
            },
            afterCommit: (run: () => void) => void committed.push(run),
            mail: deps.mail ?? null,
          },
        );
        return work(tx, emit);
      });
      return { result, owner, committed, personStreams };
    } catch (error) {
      // Rolled back: this attempt's seqs are taken again by the next one, nothing of it is published.
      order.abandoned(owner);
      throw error;
    }
  });
  try {
    if (personStreams.size > 0) {
      const cache = deps.readCache ?? processReadCache();
      for (const stream of personStreams) cache.invalidate(readAtHeadKey(stream));
    }
    for (const run of committed) run();
  } finally {
    // Published now, or as soon as an earlier seq of the same stream has been (publish-order.ts).
    order.committed(owner);
  }
  return result;
}

/** One publish order per publisher, i.e. per process (tests have one each). */
const publishOrders = new WeakMap<Publisher, PublishOrder>();

function publishOrderOf(publisher: Publisher): PublishOrder {
  let order = publishOrders.get(publisher);
  if (!order) publishOrders.set(publisher, (order = createPublishOrder(publisher)));
  return order;
}

/** Takes the stream's next seq under a row lock, so seq order is commit order within a stream. */
export async function appendEvent(tx: Tx, draft: EventDraft): Promise<LiveEvent> {
  const { stream, type, payload } = draft;
  const head = await queryRows<{ last_seq: string | number }>(
    tx,
    sql`
    INSERT INTO stream_heads (stream, last_seq) VALUES (${stream}, 1)
    ON CONFLICT (stream) DO UPDATE SET last_seq = stream_heads.last_seq + 1
    RETURNING last_seq`,
  );
  const seq = Number(head[0]?.last_seq);
  const [row] = await tx
    .insert(events)
    .values({ stream, seq, type, payload })
    .returning({ id: events.id, createdAt: events.createdAt });
  return { ...draft, seq, at: (row?.createdAt ?? new Date()).toISOString(), outboxId: row?.id };
}

/**
 * The batch form of appendEvent. One statement cannot move the same stream head twice, so drafts
 * that repeat a stream are appended one by one; distinct streams take their heads in name order,
 * the same order in every batch, and their rows in the same statement. The drafts travel as one
 * JSON parameter: bound as 2,000 rows of parameters, PGlite spent more time on the parameters than
 * on the rows (bench/README.md, Notifications).
 */
export async function appendEvents(tx: Tx, drafts: readonly EventDraft[]): Promise<LiveEvent[]> {
  const streams = drafts.map((d) => d.stream);
  if (drafts.length < 2 || new Set(streams).size !== streams.length) {
    const appended: LiveEvent[] = [];
    for (const d of drafts) appended.push(await appendEvent(tx, d));
    return appended;
  }
  const rows = await queryRows<{
    id: string | number;
    stream: string;
    seq: string | number;
    created_at: Date | string;
  }>(
    tx,
    sql`
    WITH drafts AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(drafts)}::jsonb) AS d(stream text, type text, payload jsonb)
    ), heads AS (
      INSERT INTO stream_heads (stream, last_seq)
      SELECT stream, 1 FROM drafts ORDER BY stream
      ON CONFLICT (stream) DO UPDATE SET last_seq = stream_heads.last_seq + 1
      RETURNING stream, last_seq
    )
    INSERT INTO events (stream, seq, type, payload)
    SELECT drafts.stream, heads.last_seq, drafts.type, drafts.payload FROM drafts JOIN heads USING (stream)
    RETURNING id, stream, seq, created_at`,
  );
  const rowOf = new Map(rows.map((r) => [r.stream, r]));
  return drafts.map((d) => {
    const row = rowOf.get(d.stream);
    return {
      ...d,
      seq: Number(row?.seq ?? 0),
      at: new Date(row?.created_at ?? Date.now()).toISOString(),
      outboxId: row === undefined ? undefined : Number(row.id),
    };
  });
}

/**
 * Takes the stream's head lock before an event whose payload is read in the transaction (a summary
 * such as a forum's stance picture): a writer on the stream that commits first is then in our read,
 * so with seq order being commit order the payload at each seq holds every change up to it.
 */
export async function lockStreamHead(tx: Tx, stream: StreamKey): Promise<void> {
  await tx.execute(sql`
    INSERT INTO stream_heads (stream, last_seq) VALUES (${stream}, 0)
    ON CONFLICT (stream) DO UPDATE SET last_seq = stream_heads.last_seq`);
}

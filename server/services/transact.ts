import { sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { events } from "@/db/schema";
import { queryRows } from "@/db/sql";
import type { LiveEvent } from "../realtime/events";
import type { Publisher } from "../realtime/publisher";

export type Emit = (stream: string, type: string, payload: Record<string, unknown>) => Promise<void>;

export interface TransactDeps {
  db: Db;
  publisher: Publisher;
}

/** SQLSTATEs PostgreSQL asks the client to retry: serialization failure and deadlock. */
const retryable = new Set(["40001", "40P01"]);
const maxAttempts = 5;

function sqlState(error: unknown): string | undefined {
  for (let e: unknown = error; e && typeof e === "object"; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

/**
 * Runs a use-case in one transaction. Events emitted inside are written to the outbox in that same
 * transaction and broadcast only after it commits: a live event is a notice of committed state.
 */
export async function transact<T>(deps: TransactDeps, work: (tx: Tx, emit: Emit) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    const pending: LiveEvent[] = [];
    try {
      const result = await deps.db.transaction(async (tx) => {
        const emit: Emit = async (stream, type, payload) => {
          pending.push(await appendEvent(tx, stream, type, payload));
        };
        return work(tx, emit);
      });
      deps.publisher.publish(pending);
      return result;
    } catch (error) {
      const state = sqlState(error);
      if (attempt < maxAttempts && state && retryable.has(state)) {
        await new Promise((resolve) => setTimeout(resolve, 5 * attempt + Math.random() * 10 * attempt));
        continue;
      }
      throw error;
    }
  }
}

/** Takes the stream's next seq under a row lock, so seq order is commit order within a stream. */
export async function appendEvent(tx: Tx, stream: string, type: string, payload: Record<string, unknown>): Promise<LiveEvent> {
  const head = await queryRows<{ last_seq: string | number }>(tx, sql`
    INSERT INTO stream_heads (stream, last_seq) VALUES (${stream}, 1)
    ON CONFLICT (stream) DO UPDATE SET last_seq = stream_heads.last_seq + 1
    RETURNING last_seq`);
  const seq = Number(head[0]?.last_seq);
  const [row] = await tx.insert(events).values({ stream, seq, type, payload }).returning({ id: events.id, createdAt: events.createdAt });
  return { stream, seq, type, payload, at: (row?.createdAt ?? new Date()).toISOString(), outboxId: row?.id };
}

import type { Tx } from "@/db/client";
import type { StreamKey } from "../domain/stream-access";
import type { LiveEvent } from "../events/contract";
import { transact, type TransactDeps } from "@/server/infra/transact";

/**
 * Tests of the outbox and the sockets use made-up streams and events (numbered filler, test-only
 * types): they test the pipe, not what flows in it. This is the one place they step outside the
 * contract, so the application code cannot.
 */
interface LooseDraft {
  stream: string;
  type: string;
  payload: object;
}
export interface LooseEmit {
  (stream: string, type: string, payload: object): Promise<void>;
  all(drafts: readonly LooseDraft[]): Promise<void>;
}

export const looseTransact = transact as unknown as <T>(
  deps: TransactDeps,
  work: (tx: Tx, emit: LooseEmit) => Promise<T>,
) => Promise<T>;

export const looseEvent = (event: LooseDraft & { seq: number; at: string; sentAt?: number; outboxId?: number }) =>
  event as unknown as LiveEvent;

export const testStream = (key: string) => key as StreamKey;

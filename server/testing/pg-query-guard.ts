import pg from "pg";
import { afterEach } from "vitest";

/**
 * A vitest setup file: on the PostgreSQL pass, a test during which a query was sent to a pg client
 * still running another one fails, with the stack of the code that sent it.
 *
 * One client runs one query at a time, so such a query only waits in the client's queue: inside a
 * transaction (or a snapshot read, which is one) `Promise.all` over queries buys nothing and reads
 * as if it did. pg 8 queues it and warns once per process ("Calling client.query() when the client is
 * already executing a query is deprecated"), a warning that names neither the test nor the code; pg 9
 * throws. The query still goes ahead here, as in pg 8: failing it at once would fail the
 * transaction's rollback too, behind the queries still queued, and hide what happened.
 */

/** pg's own bookkeeping of the query on the wire and those waiting behind it (lib/client.js). */
interface ClientQueue {
  _activeQuery: unknown;
  _queryQueue: unknown[];
  pipeline?: boolean;
}

/** Whether a query sent to `client` now would wait behind another (pipelined clients send at once). */
export function isBusy(client: pg.Client): boolean {
  const queue = client as unknown as ClientQueue;
  return !queue.pipeline && (queue._activeQuery != null || queue._queryQueue.length > 0);
}

// On globalThis: vitest runs this file again before each test file, in one shared process.
const state = ((globalThis as { [key: symbol]: unknown })[Symbol.for("xietong.pgConcurrentQueries")] ??= {
  installed: false,
  seen: [] as string[],
}) as { installed: boolean; seen: string[] };

/** The stacks of the queries sent to a busy client since the last call, and forgets them. */
export function takeConcurrentQueries(): string[] {
  return state.seen.splice(0);
}

/** The statement, shortened: the stack often ends at the driver, the statement says which read it was. */
function queryText(config: unknown): string {
  const text = typeof config === "string" ? config : (config as { text?: unknown } | null)?.text;
  return typeof text === "string" ? text.replace(/\s+/g, " ").slice(0, 240) : "";
}

/** Where the query came from: the app's frames, without the driver's and this file's. */
function callerStack(): string {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 80;
  const stack = new Error("query sent to a busy pg client").stack ?? "";
  Error.stackTraceLimit = limit;
  const [message, ...frames] = stack.split("\n");
  return [message, ...frames.filter((frame) => !/node_modules|pg-query-guard/.test(frame))].join("\n");
}

if (!state.installed) {
  state.installed = true;
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function guardedQuery(this: pg.Client, ...args: unknown[]) {
    if (isBusy(this)) state.seen.push(`${queryText(args[0])}\n${callerStack()}`);
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;
}

afterEach(() => {
  const seen = takeConcurrentQueries();
  if (seen.length > 0)
    throw new Error(
      `${seen.length} quer${seen.length === 1 ? "y was" : "ies were"} sent to a pg client already executing one ` +
        "(pg 9 throws there): on one transaction or connection, await queries one after another instead of " +
        `Promise.all.\n\n${seen.join("\n\n")}`,
    );
});

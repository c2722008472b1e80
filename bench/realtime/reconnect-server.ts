import { streamVisibleTo } from "@/server/features/access";
import { createServer } from "node:http";
import { streamKey } from "@/server/domain/stream-access";
import type { AddressInfo } from "node:net";
import { monitorEventLoopDelay } from "node:perf_hooks";
import pino from "pino";
import { z } from "zod";
import { openDatabase, type DatabaseHandle } from "@/db/client";
import { createRealtime, listenBacklog } from "@/server/infra/realtime/io";
import { transact } from "@/server/infra/transact";
import { positiveInt } from "../support/bench-env";

/**
 * The server side of bench/reconnect.ts, forked so that the thousand clients' CPU is apart from the
 * server's, as it is in a deployment. Commits events to one stream through `transact` at BENCH_RATE a
 * second while told to write, and tells the parent each new head.
 */

export const serverCommand = z.discriminatedUnion("type", [
  z.object({ type: z.literal("write"), on: z.boolean() }),
  z.object({ type: z.literal("stats") }),
  z.object({ type: z.literal("close") }),
]);
export type ServerCommand = z.infer<typeof serverCommand>;

export interface CatchUpCounts {
  fromRing: number;
  fromDatabase: number;
  queries: number;
}

export type ServerReply =
  | { type: "ready"; url: string; stream: string; database: string; head: number }
  | { type: "head"; head: number }
  | { type: "stopped"; head: number }
  /** `loopDelayP99Ms`: the server's event-loop delay since the previous stats. */
  | { type: "stats"; catchUps: CatchUpCounts; loopDelayP99Ms: number };

const benchStream = streamKey({ kind: "topic", id: 424242 });
const rate = positiveInt("BENCH_RATE", 20);
const port = positiveInt("BENCH_PORT", 3281);
const send = (reply: ServerReply) => process.send?.(reply);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function openBenchDatabase(): Promise<DatabaseHandle> {
  const server = process.env.BENCH_DATABASE_URL;
  if (!server) {
    const handle = await openDatabase({ dataDir: "memory://" });
    await handle.migrate();
    return handle;
  }
  const pg = (await import("pg")).default;
  const name = `xietong_bench_reconnect_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  const inner = await openDatabase({ url: url.toString(), poolSize: 20 });
  await inner.migrate();
  return {
    ...inner,
    close: async () => {
      await inner.close();
      const dropper = new pg.Client({ connectionString: server });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  };
}

async function main() {
  const handle = await openBenchDatabase();
  const http = createServer();
  // BENCH_REPLAY_RING=off keeps nothing in the ring, so every catch-up reads the database (the old path).
  const ringOff = process.env.BENCH_REPLAY_RING === "off";
  const realtime = await createRealtime(http, {
    db: handle.db,
    visibleTo: (viewer, stream) => streamVisibleTo(handle.db, viewer, stream),
    authSecret: "bench-reconnect-secret-0123456789-0123456789",
    logger: pino({ level: "warn" }),
    sweepOutbox: false,
    ...(ringOff ? { replayRing: { perStream: 0 } } : {}),
  });
  // BENCH_DEFAULT_BACKLOG=1 listens with Node's default accept queue, to compare.
  const backlog = process.env.BENCH_DEFAULT_BACKLOG ? undefined : listenBacklog;
  await new Promise<void>((resolve) => http.listen({ port, host: "127.0.0.1", backlog }, resolve));

  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  let head = 0;
  const append = async () => {
    await transact({ db: handle.db, publisher: realtime.publisher }, (_tx, emit) =>
      emit(benchStream, "comment:added", { commentId: head + 1, parentId: null }),
    );
    head += 1;
    send({ type: "head", head });
  };
  await append();

  let writing = false;
  let writer: Promise<void> = Promise.resolve();
  process.on("message", async (raw) => {
    const command = serverCommand.parse(raw);
    if (command.type === "write" && command.on && !writing) {
      writing = true;
      writer = (async () => {
        while (writing) {
          const started = Date.now();
          await append();
          await sleep(Math.max(0, 1000 / rate - (Date.now() - started)));
        }
      })();
    } else if (command.type === "write" && !command.on) {
      writing = false;
      await writer;
      send({ type: "stopped", head });
    } else if (command.type === "stats") {
      send({
        type: "stats",
        catchUps: { ...realtime.catchUps },
        loopDelayP99Ms: Math.round(loopDelay.percentile(99) / 1e6),
      });
      loopDelay.reset();
    } else if (command.type === "close") {
      writing = false;
      await writer;
      await realtime.close();
      await handle.close();
      http.close();
      process.exit(0);
    }
  });
  send({
    type: "ready",
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    stream: benchStream,
    database: handle.kind,
    head,
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

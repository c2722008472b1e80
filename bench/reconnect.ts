import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import pino from "pino";
import { io as connect, type Socket } from "socket.io-client";
import { createStreamFollower, type StreamFollower } from "@/app/lib/stream-follower";
import { openDatabase, type DatabaseHandle } from "@/db/client";
import { createRealtime } from "@/server/realtime/io";
import type { ClientToServerEvents, ServerToClientEvents, SubscribeAck } from "@/server/realtime/events";
import { transact } from "@/server/services/transact";
import { streamKey } from "@/server/domain/stream-access";
import { positiveInt } from "./bench-env";

/**
 * Reconnect storm: BENCH_CLIENTS clients (1,000) follow one stream through the app's own client
 * protocol (app/lib/stream-follower.ts) while events commit at BENCH_RATE a second (20). All drop at
 * once and each reconnects at a random moment within BENCH_WINDOW_MS (2,000). Twice: first with the
 * writer stopped during the storm (the baseline: catch-up with nothing racing it), then with it
 * running. Ends with `name=value` lines. In one process, on an in-memory PGlite, or on a fresh
 * PostgreSQL database with BENCH_DATABASE_URL.
 */

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
const clientCount = positiveInt("BENCH_CLIENTS", 1_000);
const rate = positiveInt("BENCH_RATE", 20);
const windowMs = positiveInt("BENCH_WINDOW_MS", 2_000);
const port = positiveInt("BENCH_PORT", 3281);
const stream = streamKey({ kind: "topic", id: 424242 });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

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

interface BenchClient {
  follower: StreamFollower;
  socket: Client | null;
  applied: number[];
  replayed: number;
  resyncs: number;
}

async function main() {
  const handle = await openBenchDatabase();
  const http = createServer();
  const realtime = await createRealtime(http, { db: handle.db, authSecret: "bench-reconnect-secret-0123456789-0123456789", logger: pino({ level: "warn" }), sweepOutbox: false });
  await new Promise<void>((resolve) => http.listen(port, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  let head = 0;
  const append = async () => {
    await transact({ db: handle.db, publisher: realtime.publisher }, (_tx, emit) => emit(stream, "comment:added", { commentId: head + 1, parentId: null }));
    head += 1;
  };
  await append();

  const clients: BenchClient[] = Array.from({ length: clientCount }, () => {
    const client: BenchClient = { socket: null, applied: [], replayed: 0, resyncs: 0, follower: null as unknown as StreamFollower };
    client.follower = createStreamFollower(
      stream,
      (input, ack) =>
        client.socket!.emit("stream:subscribe", input, (result: SubscribeAck) => {
          if (result.ok && input.afterSeq !== undefined) {
            client.replayed += result.replay.length;
            if (result.resync) client.resyncs += 1;
          }
          ack(result);
        }),
      () => ({ onEvent: (event) => client.applied.push(event.seq), onResync: () => undefined }),
    );
    return client;
  });

  const attach = async (client: BenchClient) => {
    const socket: Client = connect(url, { path: "/socket.io", transports: ["websocket"], reconnection: false, forceNew: true, timeout: 60_000 });
    client.socket = socket;
    socket.on("stream:event", (event) => client.follower.received(event));
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", () => resolve());
      socket.once("connect_error", reject);
    });
    client.follower.connected();
  };
  for (let i = 0; i < clients.length; i += 50) await Promise.all(clients.slice(i, i + 50).map(attach));
  const caughtUp = (client: BenchClient, seq: number) => (client.follower.lastSeq ?? 0) >= seq;
  while (!clients.every((client) => caughtUp(client, head))) await sleep(20);

  let writing = true;
  let writer: Promise<void> = Promise.resolve();
  const startWriter = () => {
    writing = true;
    writer = (async () => {
      while (writing) {
        const started = Date.now();
        await append();
        await sleep(Math.max(0, 1000 / rate - (Date.now() - started)));
      }
    })();
  };
  const stopWriter = async () => {
    writing = false;
    await writer;
  };

  /** Everyone drops at once, the stream goes on, each comes back within the window. */
  async function storm(label: string, write: boolean) {
    if (write) startWriter();
    await sleep(500);
    for (const client of clients) {
      client.replayed = 0;
      client.resyncs = 0;
      client.socket!.close();
      client.follower.disconnected();
    }
    const times: number[] = [];
    const dropped = Date.now();
    await Promise.all(
      clients.map(async (client) => {
        await sleep(Math.random() * windowMs);
        const started = Date.now();
        const target = head;
        await attach(client);
        while (!caughtUp(client, target)) await sleep(5);
        times.push(Date.now() - started);
      }),
    );
    const stormMs = Date.now() - dropped;
    if (write) await stopWriter();
    while (!clients.every((client) => caughtUp(client, head))) await sleep(20);
    // Each joined at seq 1 (the first event, before it subscribed) and applies every later one once.
    const complete = clients.filter((client) => client.applied.length === head - 1 && client.applied.every((seq, index) => seq === index + 2)).length;
    const replayed = clients.reduce((sum, client) => sum + client.replayed, 0);
    const resyncs = clients.reduce((sum, client) => sum + client.resyncs, 0);
    console.log(`${label}_replayed=${replayed}`);
    console.log(`${label}_resyncs=${resyncs}`);
    console.log(`${label}_caught_up_p50_ms=${percentile(times, 50)}`);
    console.log(`${label}_all_caught_up_ms=${percentile(times, 99)}`);
    console.log(`${label}_caught_up_max_ms=${percentile(times, 100)}`);
    console.log(`${label}_storm_ms=${stormMs}`);
    console.log(`${label}_clients_with_every_event_once=${complete}/${clientCount}`);
  }

  console.log(`clients=${clientCount} rate_per_s=${rate} window_ms=${windowMs} database=${handle.kind}`);
  await storm("baseline_no_writes", false);
  await storm("reconnect", true);
  console.log(`events=${head}`);
  for (const client of clients) client.socket?.close();
  await realtime.close();
  await handle.close();
  await new Promise<void>((resolve) => http.close(() => resolve()));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);

import { fork, type ChildProcess } from "node:child_process";
import { asStreamKey } from "@/server/domain/stream-access";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { io as connect, type Socket } from "socket.io-client";
import { createStreamFollower, type StreamFollower } from "@/app/lib/stream-follower";
import type { ClientToServerEvents, ServerToClientEvents, SubscribeAck } from "@/server/infra/realtime/events";
import { positiveInt } from "./support/bench-env";
import type { ServerCommand, ServerReply } from "./realtime/reconnect-server";

/**
 * Reconnect storm: BENCH_CLIENTS clients (1,000) follow one stream through the app's own client
 * protocol (app/lib/stream-follower.ts) while events commit at BENCH_RATE a second (20). All drop at
 * once and each reconnects at a random moment within BENCH_WINDOW_MS (2,000). Twice: first with the
 * writer stopped during the storm (the baseline: catch-up with nothing racing it), then with it
 * running. Ends with `name=value` lines. The server runs in a child process (bench/realtime/reconnect-server.ts)
 * on an in-memory PGlite, or on a fresh PostgreSQL database with BENCH_DATABASE_URL.
 */

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
const clientCount = positiveInt("BENCH_CLIENTS", 1_000);
const rate = positiveInt("BENCH_RATE", 20);
const windowMs = positiveInt("BENCH_WINDOW_MS", 2_000);
const root = path.resolve(import.meta.dirname, "..");

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

/** The forked server: commands out, its replies in order of arrival; `head` follows every commit. */
function startServer() {
  const child: ChildProcess = fork(path.join(root, "bench/realtime/reconnect-server.ts"), [], {
    cwd: root,
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const waiting: Array<{ type: ServerReply["type"]; resolve: (reply: ServerReply) => void }> = [];
  const state = { head: 0 };
  child.on("message", (reply: ServerReply) => {
    if (reply.type === "head" || reply.type === "ready" || reply.type === "stopped")
      state.head = Math.max(state.head, reply.head);
    const index = waiting.findIndex((w) => w.type === reply.type);
    if (index >= 0) waiting.splice(index, 1)[0]!.resolve(reply);
  });
  child.on("exit", (code) => {
    if (code !== 0) {
      console.error(`reconnect server exited with ${code}`);
      process.exit(1);
    }
  });
  const next = <T extends ServerReply["type"]>(type: T) =>
    new Promise<Extract<ServerReply, { type: T }>>((resolve) =>
      waiting.push({ type, resolve: resolve as (reply: ServerReply) => void }),
    );
  const command = (message: ServerCommand) => child.send(message);
  return { child, state, next, command };
}

interface BenchClient {
  follower: StreamFollower;
  /** When the last subscribe was answered, to split a reconnect's time into connecting and catching up. */
  ackedAt: number;
  socket: Client | null;
  applied: number[];
  replayed: number;
  resyncs: number;
}

async function main() {
  const server = startServer();
  const ready = await server.next("ready");
  const { url } = ready;
  const stream = asStreamKey(ready.stream);
  const stats = async () => {
    const reply = server.next("stats");
    server.command({ type: "stats" });
    return reply;
  };

  const clients: BenchClient[] = Array.from({ length: clientCount }, () => {
    const client: BenchClient = {
      socket: null,
      ackedAt: 0,
      applied: [],
      replayed: 0,
      resyncs: 0,
      follower: null as unknown as StreamFollower,
    };
    client.follower = createStreamFollower(
      stream,
      (input, ack) =>
        client.socket!.emit("stream:subscribe", input, (result: SubscribeAck) => {
          client.ackedAt = Date.now();
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
    const socket: Client = connect(url, {
      path: "/socket.io",
      transports: ["websocket"],
      reconnection: false,
      forceNew: true,
      timeout: 60_000,
    });
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
  while (!clients.every((client) => caughtUp(client, server.state.head))) await sleep(20);

  const startWriter = () => server.command({ type: "write", on: true });
  const stopWriter = async () => {
    const stopped = server.next("stopped");
    server.command({ type: "write", on: false });
    await stopped;
  };

  /** Everyone drops at once, the stream goes on, each comes back within the window. */
  async function storm(label: string, write: boolean) {
    if (write) startWriter();
    await sleep(500);
    const answered = (await stats()).catchUps;
    for (const client of clients) {
      client.ackedAt = 0;
      client.replayed = 0;
      client.resyncs = 0;
      client.socket!.close();
      client.follower.disconnected();
    }
    const times: number[] = [];
    const connectTimes: number[] = [];
    const ackTimes: number[] = [];
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    const dropped = Date.now();
    await Promise.all(
      clients.map(async (client) => {
        await sleep(Math.random() * windowMs);
        const started = Date.now();
        const target = server.state.head;
        await attach(client);
        connectTimes.push(Date.now() - started);
        while (!caughtUp(client, target)) await sleep(5);
        times.push(Date.now() - started);
        // Without writes a client is caught up before its answer arrives; only later answers count.
        if (client.ackedAt >= started) ackTimes.push(client.ackedAt - started);
      }),
    );
    const stormMs = Date.now() - dropped;
    loopDelay.disable();
    if (write) await stopWriter();
    while (!clients.every((client) => caughtUp(client, server.state.head))) await sleep(20);
    // Each joined at seq 1 (the first event, before it subscribed) and applies every later one once.
    const complete = clients.filter(
      (client) =>
        client.applied.length === server.state.head - 1 && client.applied.every((seq, index) => seq === index + 2),
    ).length;
    const replayed = clients.reduce((sum, client) => sum + client.replayed, 0);
    const resyncs = clients.reduce((sum, client) => sum + client.resyncs, 0);
    console.log(`${label}_replayed=${replayed}`);
    console.log(`${label}_resyncs=${resyncs}`);
    console.log(`${label}_caught_up_p50_ms=${percentile(times, 50)}`);
    console.log(`${label}_all_caught_up_ms=${percentile(times, 99)}`);
    console.log(`${label}_caught_up_max_ms=${percentile(times, 100)}`);
    console.log(`${label}_storm_ms=${stormMs}`);
    // Where the time goes: the socket's handshake, then the subscribe answer (the catch-up read).
    console.log(`${label}_connected_p99_ms=${percentile(connectTimes, 99)}`);
    console.log(`${label}_answered_p99_ms=${percentile(ackTimes, 99)}`);
    // Without writes a client counts as caught up before its answer arrives; count every answer.
    while (!clients.every((client) => client.ackedAt >= dropped)) await sleep(20);
    const { catchUps: after, loopDelayP99Ms } = await stats();
    console.log(`${label}_from_ring=${after.fromRing - answered.fromRing}`);
    console.log(`${label}_from_database=${after.fromDatabase - answered.fromDatabase}`);
    console.log(`${label}_database_reads=${after.queries - answered.queries}`);
    console.log(`${label}_server_loop_delay_p99_ms=${loopDelayP99Ms}`);
    console.log(`${label}_clients_loop_delay_p99_ms=${Math.round(loopDelay.percentile(99) / 1e6)}`);
    console.log(`${label}_clients_with_every_event_once=${complete}/${clientCount}`);
  }

  console.log(
    `clients=${clientCount} rate_per_s=${rate} window_ms=${windowMs} database=${ready.database} replay_ring=${process.env.BENCH_REPLAY_RING === "off" ? "off" : "on"} backlog=${process.env.BENCH_DEFAULT_BACKLOG ? "default" : "raised"}`,
  );
  await storm("baseline_no_writes", false);
  await storm("reconnect", true);
  console.log(`events=${server.state.head}`);
  for (const client of clients) client.socket?.close();
  const exited = new Promise((resolve) => server.child.once("exit", resolve));
  server.command({ type: "close" });
  await exited;
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);

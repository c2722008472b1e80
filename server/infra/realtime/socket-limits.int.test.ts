import { streamVisibleTo } from "@/server/features/access";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import pino from "pino";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { createTestDatabase } from "@/server/testing/test-database";
import type { ClientToServerEvents, LiveEvent, ServerToClientEvents, SubscribeAck } from "./events";
import { createRealtime, type Realtime } from "./io";
import { subscribeBucket } from "./socket-limits";
import { looseEvent } from "@/server/testing/synthetic-events";

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
let handle: DatabaseHandle;
const servers: { http: Server; realtime: Realtime }[] = [];
const clients: Client[] = [];

async function startServer(
  limits: Parameters<typeof createRealtime>[1]["limits"],
): Promise<{ url: string; realtime: Realtime }> {
  const http = createServer();
  const realtime = await createRealtime(http, {
    db: handle.db,
    visibleTo: (viewer, stream) => streamVisibleTo(handle.db, viewer, stream),
    authSecret: "socket-limits-secret-0123456789-0123456789",
    logger: pino({ level: "silent" }),
    sweepOutbox: false,
    limits,
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  servers.push({ http, realtime });
  return { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, realtime };
}

async function client(url: string): Promise<Client> {
  const socket: Client = connect(url, {
    path: "/socket.io",
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
  });
  clients.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
  return socket;
}

const subscribe = (socket: Client, stream: string) =>
  new Promise<SubscribeAck>((resolve) => socket.emit("stream:subscribe", { stream }, resolve));

beforeAll(async () => {
  handle = await createTestDatabase({ seed: false });
});

afterAll(async () => {
  for (const socket of clients) socket.close();
  for (const { realtime } of servers) await realtime.close();
  await handle?.close();
});

describe("subscription limits per socket", () => {
  it("refuses a stream past the cap with a typed answer, and takes one again after leaving another", async () => {
    const { url } = await startServer({ maxStreams: 3 });
    const socket = await client(url);
    for (const id of [1, 2, 3]) expect(await subscribe(socket, `topic:${id}`)).toMatchObject({ ok: true });
    expect(await subscribe(socket, "topic:4")).toMatchObject({ ok: false, code: "TOO_MANY_STREAMS" });
    // Following one already followed again is not another stream.
    expect(await subscribe(socket, "topic:2")).toMatchObject({ ok: true });
    socket.emit("stream:unsubscribe", { stream: "topic:1" });
    expect(await subscribe(socket, "topic:4")).toMatchObject({ ok: true });
    // Another socket has its own allowance.
    expect(await subscribe(await client(url), "topic:5")).toMatchObject({ ok: true });
  });

  it("rate-limits a flood of subscribes without stalling anyone else", async () => {
    const { url } = await startServer({ subscribeBurst: 20, subscribesPerSecond: 10, maxStreams: 10_000 });
    const flooder = await client(url);
    const bystander = await client(url);
    const started = Date.now();
    const flood = Promise.all(Array.from({ length: 3000 }, (_, i) => subscribe(flooder, `topic:${1000 + i}`)));
    const bystanderStarted = Date.now();
    const answer = await subscribe(bystander, "topic:1");
    const bystanderMs = Date.now() - bystanderStarted;
    const answers = await flood;
    const floodMs = Date.now() - started;
    expect(answer).toMatchObject({ ok: true });
    const accepted = answers.filter((a) => a.ok).length;
    const refused = answers.filter((a) => !a.ok && a.code === "RATE_LIMITED").length;
    // The burst, plus what refilled while the flood was answered, and nothing else.
    expect(accepted).toBeGreaterThanOrEqual(20);
    expect(accepted).toBeLessThanOrEqual(20 + Math.ceil((floodMs / 1000) * 10) + 1);
    expect(accepted + refused).toBe(3000);
    // Without the limit it waited for the flood's 3,000 database reads; on a loaded machine a few seconds.
    expect(bystanderMs).toBeLessThan(10_000);
    console.log(
      `flood_subscribes=3000 flood_accepted=${accepted} bystander_subscribe_ms=${bystanderMs} flood_answered_ms=${floodMs}`,
    );
  }, 60_000);

  it("a token bucket refills at its rate up to its burst", () => {
    let now = 0;
    const bucket = subscribeBucket({ subscribeBurst: 3, subscribesPerSecond: 2 }, () => now);
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
    now = 500;
    expect([bucket.take(), bucket.take()]).toEqual([true, false]);
    now = 60_000;
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
  });
});

/** The TCP socket under a socket.io client's websocket, to stop reading from it. */
function rawSocketOf(socket: Client): { pause(): void } {
  const transport = socket.io.engine.transport as unknown as { ws?: { _socket?: { pause(): void } } };
  const raw = transport.ws?._socket;
  if (!raw) throw new Error("no raw socket under the websocket transport");
  return raw;
}

describe("clients that stop reading", () => {
  it("are dropped once their queue passes the cap, long before the heartbeat, and the others get every event", async () => {
    const maxQueuedBytes = 128 * 1024;
    const stalledCount = 300;
    const { url, realtime } = await startServer({ maxQueuedBytes, queueCheckMs: 100, stallMs: 300 });
    const stream = "topic:4242";
    const healthy = await client(url);
    const seen: LiveEvent[] = [];
    healthy.on("stream:event", (event) => seen.push(event));
    await subscribe(healthy, stream);
    const stalled: Client[] = [];
    for (let i = 0; i < stalledCount; i += 1) {
      const socket = await client(url);
      await subscribe(socket, stream);
      rawSocketOf(socket).pause();
      stalled.push(socket);
    }
    const memory = () => {
      const usage = process.memoryUsage();
      return usage.heapUsed + usage.arrayBuffers;
    };
    global.gc?.();
    const before = memory();
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, memory())), 20);
    const filler = "x".repeat(4 * 1024);
    // More per socket (6 MB) than the kernel's loopback buffers take, so the server has to queue;
    // published straight to the sockets, as the database is not what is under test.
    const count = 1500;
    const started = Date.now();
    for (let i = 1; i <= count; i += 1) {
      realtime.publisher.publish([
        looseEvent({ stream, seq: i, type: "comment:added", payload: { i, filler }, at: new Date().toISOString() }),
      ]);
      if (i % 25 === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const published = Date.now();
    const deadline = Date.now() + 40_000;
    const connectedOnServer = () => realtime.io.sockets.sockets.size;
    while ((seen.length < count || connectedOnServer() > 1) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    const droppedMs = Date.now() - started;
    const droppedAfterPublishMs = Date.now() - published;
    clearInterval(sampler);
    const growth = peak - before;
    // Every stalled socket is gone well before a heartbeat would have noticed it.
    expect(connectedOnServer()).toBe(1);
    // Each is far past the cap once the stream is sent; two checks later it is gone.
    expect(droppedAfterPublishMs).toBeLessThan(10_000);
    expect(seen.map((e) => (e.payload as { i: number }).i)).toEqual(Array.from({ length: count }, (_, k) => k + 1));
    // What the stream sent (6 MB to each of 300 sockets, about 2 MB of it past the kernel's buffers)
    // never piles up: the server holds a few caps per stalled socket (the sampled heap also holds
    // garbage not yet collected), plus the packets themselves.
    const bound = stalledCount * 4 * maxQueuedBytes + count * filler.length * 2;
    console.log(
      `stalled_sockets=${stalledCount} peak_memory_growth_bytes=${growth} bound_bytes=${bound} all_dropped_ms=${droppedMs} dropped_after_publish_ms=${droppedAfterPublishMs}`,
    );
    expect(growth).toBeLessThan(bound);
  }, 120_000);
});

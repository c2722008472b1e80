import { streamVisibleTo } from "@/server/features/access";
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Redis } from "ioredis";
import pino from "pino";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { looseTransact as transact } from "@/server/testing/synthetic-events";
import { createTestDatabase } from "@/server/testing/test-database";
import { catchUp } from "./catch-up";
import type { ClientToServerEvents, LiveEvent, ServerToClientEvents, SubscribeAck } from "./events";
import { catchFireAndForgetPublishes, createRealtime, type Realtime } from "./io";

// Included by vitest.config.ts only when REDIS_URL is set (CI sets it).
const redisUrl = process.env.REDIS_URL ?? "";
// A prefix of this run's own: another run on the same Redis has rooms of the same names.
const redisPrefix = `xietong-test-${randomBytes(6).toString("hex")}`;
type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

let handle: DatabaseHandle;
const nodes: { http: Server; realtime: Realtime; url: string }[] = [];
const clients: Client[] = [];

async function startNode(prefix = redisPrefix) {
  const http = createServer();
  const realtime = await createRealtime(http, {
    db: handle.db,
    visibleTo: (viewer, stream) => streamVisibleTo(handle.db, viewer, stream),
    authSecret: "redis-test-secret-0123456789-0123456789",
    logger: pino({ level: "silent" }),
    redisUrl,
    redisPrefix: prefix,
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const node = { http, realtime, url: `http://127.0.0.1:${(http.address() as AddressInfo).port}` };
  nodes.push(node);
  return node;
}

async function client(url: string): Promise<Client> {
  const socket: Client = connect(url, { path: "/socket.io", transports: ["websocket"], reconnection: false });
  clients.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
  return socket;
}

/** A stream of a random name, which every one of `sockets` has subscribed to. */
async function subscribedStream(sockets: Client[]): Promise<string> {
  const stream = `topic:${Math.floor(Math.random() * 1e9) + 1}`;
  for (const socket of sockets) {
    const ack = await new Promise<SubscribeAck>((resolve) => socket.emit("stream:subscribe", { stream }, resolve));
    expect(ack.ok).toBe(true);
  }
  return stream;
}

beforeAll(async () => {
  handle = await createTestDatabase();
});

afterAll(async () => {
  for (const socket of clients) socket.close();
  for (const node of nodes) await node.realtime.close();
  await handle?.close();
});

describe("several processes sharing events through Redis", () => {
  it("reports the redis kind", async () => {
    const node = await startNode();
    expect(node.realtime.kind).toBe("redis");
  });

  it("delivers an event committed through one process to a client of another", async () => {
    const [a, b] = [await startNode(), await startNode()];
    const onA = await client(a.url);
    const onB = await client(b.url);
    const stream = await subscribedStream([onA, onB]);
    const gotA = new Promise<LiveEvent>((resolve) => onA.once("stream:event", resolve));
    const gotB = new Promise<LiveEvent>((resolve) => onB.once("stream:event", resolve));
    await transact({ db: handle.db, publisher: a.realtime.publisher }, (_tx, emit) =>
      emit(stream, "comment:added", { commentId: 1 }),
    );
    expect(await gotB).toMatchObject({ stream, seq: 1, type: "comment:added" });
    expect(await gotA).toMatchObject({ stream, seq: 1 });
  });

  it("keeps deployments with different REDIS_PREFIX apart, though they share the Redis server and the room names", async () => {
    const [a, b] = [await startNode(), await startNode(`${redisPrefix}-other`)];
    const onA = await client(a.url);
    const onB = await client(b.url);
    const stream = await subscribedStream([onA, onB]);
    const onOther: LiveEvent[] = [];
    onB.on("stream:event", (event) => onOther.push(event));
    const gotA = new Promise<LiveEvent>((resolve) => onA.once("stream:event", resolve));
    await transact({ db: handle.db, publisher: a.realtime.publisher }, (_tx, emit) =>
      emit(stream, "comment:added", { commentId: 2 }),
    );
    expect(await gotA).toMatchObject({ stream, type: "comment:added" });
    // The event crossed Redis to A's own clients; give B as long again, and more, to get it wrongly.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(onOther).toEqual([]);
  });

  it("fills each process's replay ring from the others' events, even for a stream nobody there follows", async () => {
    const [a, b] = [await startNode(), await startNode()];
    const stream = `topic:${Math.floor(Math.random() * 1e9) + 1}`;
    const onA = await client(a.url);
    const gotA: LiveEvent[] = [];
    onA.on("stream:event", (event) => event.stream === stream && gotA.push(event));
    await new Promise<SubscribeAck>((resolve) => onA.emit("stream:subscribe", { stream }, resolve));
    for (let i = 0; i < 4; i += 1)
      await transact({ db: handle.db, publisher: a.realtime.publisher }, (_tx, emit) =>
        emit(stream, "comment:added", { i }),
      );
    await expect.poll(() => gotA.length).toBe(4);
    // B has no socket in the room, so its adapter drops these; its ring must have them anyway.
    await expect.poll(() => b.realtime.replayRing.read(stream, 0, 500)?.headSeq).toBe(4);
    const before = { ...b.realtime.catchUps };
    const onB = await client(b.url);
    const ack = await new Promise<SubscribeAck>((resolve) =>
      onB.emit("stream:subscribe", { stream, afterSeq: 1 }, resolve),
    );
    expect(ack).toEqual({ ok: true, ...(await catchUp(handle.db, stream, 1)) });
    expect(ack.ok && ack.replay.map((e) => e.seq)).toEqual([2, 3, 4]);
    expect(b.realtime.catchUps.fromRing - before.fromRing).toBe(1);
  });

  it("logs a publish that fails on a closed connection instead of leaving an unhandled rejection", async () => {
    // The adapter answers peers and broadcasts with publishes it never awaits; one that failed during a
    // shutdown once ended a test run with "Connection is closed".
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      const warnings: string[] = [];
      const logger = pino({ level: "warn" }, { write: (line: string) => void warnings.push(line) });
      const pub = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
      await pub.connect();
      catchFireAndForgetPublishes(pub, logger);
      await pub.quit();
      void pub.publish(`${redisPrefix}:closed`, "lost");
      await expect.poll(() => warnings.length).toBe(1);
      expect(warnings[0]).toContain("redis publish failed");
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });
});

import { streamVisibleTo } from "@/server/features/access";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import pino from "pino";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { looseTransact } from "@/server/testing/synthetic-events";
import { createTestDatabase } from "@/server/testing/test-database";
import { catchUp, createCatchUpReader, maxReplay } from "./catch-up";
import type { ClientToServerEvents, ServerToClientEvents, SubscribeAck } from "./events";
import { createRealtime, type Realtime } from "./io";
import type { Publisher } from "./publisher";
import { createReplayRing } from "./replay-ring";

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
let handle: DatabaseHandle;
let http: Server;
let realtime: Realtime;
let url: string;
const clients: Client[] = [];

async function append(publisher: Publisher, stream: string, count: number) {
  for (let i = 0; i < count; i += 1)
    await looseTransact({ db: handle.db, publisher }, (_tx, emit) => emit(stream, "comment:added", { i }));
}

async function subscribe(stream: string, afterSeq: number): Promise<SubscribeAck> {
  const socket: Client = connect(url, {
    path: "/socket.io",
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
  });
  clients.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
  return new Promise((resolve) => socket.emit("stream:subscribe", { stream, afterSeq }, resolve));
}

beforeAll(async () => {
  handle = await createTestDatabase({ seed: false });
  http = createServer();
  realtime = await createRealtime(http, {
    db: handle.db,
    visibleTo: (viewer, stream) => streamVisibleTo(handle.db, viewer, stream),
    authSecret: "replay-ring-secret-0123456789-0123456789",
    logger: pino({ level: "silent" }),
    sweepOutbox: false,
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const socket of clients) socket.close();
  await realtime?.close();
  await new Promise<void>((resolve) => (http ? http.close(() => resolve()) : resolve()));
  await handle?.close();
});

describe("replay ring against the database", () => {
  it("replays exactly what the database replays, for every seq a client may have stopped at, after concurrent commits", async () => {
    const ring = createReplayRing();
    const publisher: Publisher = { publish: (events) => events.forEach((event) => ring.record(event)) };
    const stream = "topic:810001";
    // Four writers at once: commits of one stream may be published out of seq order.
    await Promise.all([1, 2, 3, 4].map(() => append(publisher, stream, 15)));
    const head = ring.read(stream, undefined, maxReplay)?.headSeq;
    expect(head).toBe(60);
    for (let afterSeq = 0; afterSeq <= 60; afterSeq += 1) {
      expect(ring.read(stream, afterSeq, maxReplay)).toEqual(await catchUp(handle.db, stream, afterSeq));
    }
  });

  it("shares one database read among identical catch-ups asked for at once", async () => {
    const stream = "topic:810002";
    await append({ publish: () => undefined }, stream, 5);
    const stats = { fromRing: 0, fromDatabase: 0, queries: 0 };
    const read = createCatchUpReader(handle.db, createReplayRing(), stats);
    const answers = await Promise.all([read(stream, 2), read(stream, 2), read(stream, 2), read(stream, 4)]);
    expect(stats).toEqual({ fromRing: 0, fromDatabase: 4, queries: 2 });
    expect(answers[0].replay.map((e) => e.seq)).toEqual([3, 4, 5]);
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[3].replay.map((e) => e.seq)).toEqual([5]);
    // Asked after the shared read went out: its own read, whose snapshot follows this caller's join.
    await read(stream, 2);
    expect(stats.queries).toBe(3);
  });

  it("answers subscriptions from the ring for events this process broadcast, and from the database before them", async () => {
    const stream = "topic:810003";
    // Committed before this process could see them (as if before a restart): only the database has them.
    await append({ publish: () => undefined }, stream, 3);
    await append(realtime.publisher, stream, 6);
    const before = { ...realtime.catchUps };

    const fromRing = await subscribe(stream, 5);
    expect(fromRing).toEqual({ ok: true, ...(await catchUp(handle.db, stream, 5)) });
    expect(fromRing.ok && fromRing.replay.map((e) => e.seq)).toEqual([6, 7, 8, 9]);
    expect(realtime.catchUps.fromRing - before.fromRing).toBe(1);

    const fromDatabase = await subscribe(stream, 1);
    expect(fromDatabase).toEqual({ ok: true, ...(await catchUp(handle.db, stream, 1)) });
    expect(fromDatabase.ok && fromDatabase.replay.map((e) => e.seq)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    expect(realtime.catchUps.queries - before.queries).toBe(1);
  });
});

import { streamVisibleTo } from "@/server/features/access";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { eq, sql } from "drizzle-orm";
import pino from "pino";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { events } from "@/db/schema";
import { looseTransact as transact } from "@/server/testing/synthetic-events";
import { createTestDatabase } from "@/server/testing/test-database";
import type { ClientToServerEvents, LiveEvent, ServerToClientEvents, SubscribeAck } from "./events";
import { createRealtime, type Realtime } from "./io";
import { pruneOutbox, startOutboxSweeper, sweepUnpublished } from "./outbox";

const logger = pino({ level: "silent" });
const crashedPublisher = { publish: () => undefined };
let handle: DatabaseHandle;
let http: Server;
let realtime: Realtime;
const sockets: Socket<ServerToClientEvents, ClientToServerEvents>[] = [];

beforeAll(async () => {
  handle = await createTestDatabase({ seed: false });
  http = createServer();
  realtime = await createRealtime(http, {
    db: handle.db,
    visibleTo: (viewer, stream) => streamVisibleTo(handle.db, viewer, stream),
    authSecret: "outbox-test-secret-0123456789-0123456789",
    logger,
    sweepOutbox: false,
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
});

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await realtime?.close();
  await handle?.close();
});

const publishedAt = async (stream: string) =>
  (
    await handle.db
      .select({ seq: events.seq, publishedAt: events.publishedAt })
      .from(events)
      .where(eq(events.stream, stream))
  ).sort((a, b) => a.seq - b.seq);

describe("the outbox", () => {
  it("marks what the committing process broadcast, so the sweeper leaves it alone", async () => {
    await transact({ db: handle.db, publisher: realtime.publisher }, (_tx, emit) =>
      emit("topic:1", "comment:added", {}),
    );
    await realtime.close();
    realtime = await createRealtime(createServer(), {
      db: handle.db,
      visibleTo: (viewer, stream) => streamVisibleTo(handle.db, viewer, stream),
      authSecret: "outbox-test-secret-0123456789-0123456789",
      logger,
      sweepOutbox: false,
    });
    const rows = await publishedAt("topic:1");
    expect(rows).toHaveLength(1);
    expect(rows[0]!.publishedAt).not.toBeNull();
    expect((await sweepUnpublished(handle.db, 0)).filter((e) => e.stream === "topic:1")).toEqual([]);
  });

  it("re-broadcasts, once, a committed event whose process died before publishing it", async () => {
    await transact({ db: handle.db, publisher: crashedPublisher }, async (_tx, emit) => {
      await emit("topic:2", "comment:added", { n: 1 });
      await emit("topic:2", "comment:added", { n: 2 });
    });
    expect((await publishedAt("topic:2")).map((r) => r.publishedAt)).toEqual([null, null]);
    // Too fresh for a long grace period: the committing process may still be about to publish.
    expect((await sweepUnpublished(handle.db, 60_000)).filter((e) => e.stream === "topic:2")).toEqual([]);
    const swept = (await sweepUnpublished(handle.db, 0)).filter((e) => e.stream === "topic:2");
    expect(swept.map((e) => [e.seq, (e.payload as { n: number }).n])).toEqual([
      [1, 1],
      [2, 2],
    ]);
    expect((await sweepUnpublished(handle.db, 0)).filter((e) => e.stream === "topic:2")).toEqual([]);
    expect((await publishedAt("topic:2")).every((r) => r.publishedAt !== null)).toBe(true);
  });

  it("delivers a swept event to subscribed sockets through the running sweeper", async () => {
    const server = createServer();
    const node = await createRealtime(server, {
      db: handle.db,
      visibleTo: (viewer, stream) => streamVisibleTo(handle.db, viewer, stream),
      authSecret: "outbox-test-secret-0123456789-0123456789",
      logger,
      sweepOutbox: false,
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = connect(
      `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      {
        path: "/socket.io",
        transports: ["websocket"],
        reconnection: false,
      },
    );
    sockets.push(socket);
    await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
    await new Promise<SubscribeAck>((resolve) => socket.emit("stream:subscribe", { stream: "topic:3" }, resolve));
    const received = new Promise<LiveEvent>((resolve) => socket.once("stream:event", resolve));
    await transact({ db: handle.db, publisher: crashedPublisher }, (_tx, emit) =>
      emit("topic:3", "comment:added", { lost: true }),
    );
    const sweeper = startOutboxSweeper({
      db: handle.db,
      logger,
      intervalMs: 50,
      graceMs: 0,
      broadcast: (swept) => node.publisher.publish(swept),
    });
    try {
      const event = await received;
      expect(event).toMatchObject({ stream: "topic:3", seq: 1, payload: { lost: true } });
      expect(event).not.toHaveProperty("outboxId");
    } finally {
      sweeper.stop();
      await node.close();
    }
  });

  it("prunes only published events older than the retention window", async () => {
    await transact({ db: handle.db, publisher: crashedPublisher }, async (_tx, emit) => {
      await emit("topic:4", "old", {});
      await emit("topic:4", "recent", {});
      await emit("topic:4", "unpublished", {});
    });
    await handle.db.execute(
      sql`update events set published_at = now() - interval '30 days' where stream = 'topic:4' and type = 'old'`,
    );
    await handle.db.execute(sql`update events set published_at = now() where stream = 'topic:4' and type = 'recent'`);
    await pruneOutbox(handle.db, 7);
    const left = await handle.db.select({ type: events.type }).from(events).where(eq(events.stream, "topic:4"));
    expect(left.map((r) => r.type).sort()).toEqual(["recent", "unpublished"]);
  });
});

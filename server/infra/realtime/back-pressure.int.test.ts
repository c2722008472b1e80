import { streamVisibleTo } from "@/server/features/access";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import pino from "pino";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { looseTransact as transact } from "@/server/testing/synthetic-events";
import { createTestDatabase } from "@/server/testing/test-database";
import type { ClientToServerEvents, LiveEvent, ServerToClientEvents, SubscribeAck } from "./events";
import { createRealtime, type Realtime } from "./io";

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
let handle: DatabaseHandle;
let http: Server;
let realtime: Realtime;
let url: string;
// Events far bigger than real notices, so a few fill the kernel's buffers; the queue cap allows a few.
const bigEvent = 120_000;
const clients: Client[] = [];

async function follower(
  stream: string,
  afterSeq?: number,
): Promise<{ socket: Client; seen: LiveEvent[]; ack: SubscribeAck }> {
  const socket: Client = connect(url, { path: "/socket.io", transports: ["websocket"], reconnection: false });
  clients.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
  const seen: LiveEvent[] = [];
  socket.on("stream:event", (event) => seen.push(event));
  const ack = await new Promise<SubscribeAck>((resolve) =>
    socket.emit("stream:subscribe", { stream, afterSeq }, resolve),
  );
  return { socket, seen, ack };
}

/** The TCP socket under a socket.io client's websocket, to stop reading from it. */
function rawSocketOf(socket: Client): { pause(): void; resume(): void } {
  const transport = socket.io.engine.transport as unknown as { ws?: { _socket?: { pause(): void; resume(): void } } };
  const raw = transport.ws?._socket;
  if (!raw) throw new Error("no raw socket under the websocket transport");
  return raw;
}

beforeAll(async () => {
  handle = await createTestDatabase({ seed: false });
  http = createServer();
  realtime = await createRealtime(http, {
    db: handle.db,
    visibleTo: (viewer, stream) => streamVisibleTo(handle.db, viewer, stream),
    authSecret: "back-pressure-secret-0123456789-0123456789",
    logger: pino({ level: "silent" }),
    sweepOutbox: false,
    limits: { maxQueuedBytes: bigEvent * 16 },
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const socket of clients) socket.close();
  await realtime?.close();
  await handle?.close();
});

describe("back-pressure", () => {
  it("a client that stops reading does not hold back the others, is cut off, and is replayed what it missed", async () => {
    const stream = "topic:777";
    const stalled = await follower(stream);
    const healthy = await follower(stream);
    rawSocketOf(stalled.socket).pause();
    // Big enough that the stalled connection's kernel buffers fill and the server must queue for it.
    const filler = "协同".repeat(bigEvent / 6);
    const count = 100;
    for (let i = 1; i <= count; i += 1) {
      await transact({ db: handle.db, publisher: realtime.publisher }, (_tx, emit) =>
        emit(stream, "comment:added", { i, filler }),
      );
    }
    const deadline = Date.now() + 20_000;
    while (healthy.seen.length < count && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    // The healthy client has every event while the stalled one is still paused and far behind.
    expect(healthy.seen.map((e) => (e.payload as { i: number }).i)).toEqual(
      Array.from({ length: count }, (_, k) => k + 1),
    );
    expect(stalled.seen.length).toBeLessThan(count);

    // Past its queue cap the stalled client was cut off rather than buffered for; reconnecting from
    // the last seq it applied, it is replayed exactly what it missed.
    const dropDeadline = Date.now() + 20_000;
    while (realtime.io.sockets.sockets.size > 1 && Date.now() < dropDeadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(realtime.io.sockets.sockets.size).toBe(1);
    rawSocketOf(stalled.socket).resume();
    // It reads what reached it before the cut, then sees the connection closed.
    const closeDeadline = Date.now() + 20_000;
    while (stalled.socket.connected && Date.now() < closeDeadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(stalled.socket.connected).toBe(false);
    const lastSeen = stalled.seen.at(-1)?.seq;
    const again = await follower(stream, lastSeen);
    expect(again.ack).toMatchObject({ ok: true, resync: false });
    const replayed = again.ack.ok ? again.ack.replay : [];
    expect([...stalled.seen, ...replayed].map((e) => e.seq)).toEqual(healthy.seen.map((e) => e.seq));
  }, 60_000);
});

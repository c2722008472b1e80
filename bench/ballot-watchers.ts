import { io, type Socket } from "socket.io-client";
import { z } from "zod";
import type { ClientToServerEvents, ServerToClientEvents } from "@/server/realtime/events";
import { plainTally } from "./ballot-tally";

/**
 * Watchers of one ballot, forked by bench/ballot.ts so that their CPU is apart from the voters'.
 * Each is an anonymous socket.io client (WebSocket, one connection each, no reconnection) following
 * `ballot:<id>` with `stream:subscribe` as the ballot page does. Per `vote:counted` event it keeps
 * only what the parent needs: per seq, the notice's transaction time (`at`), the server's `sentAt`,
 * how many watchers got it and when the last one did.
 */

export const watchCommand = z.discriminatedUnion("type", [
  z.object({ type: z.literal("connect"), url: z.string(), stream: z.string(), count: z.number().int(), concurrency: z.number().int() }),
  z.object({ type: z.literal("report") }),
]);
export type WatchCommand = z.infer<typeof watchCommand>;

export const seenEvent = z.object({
  seq: z.number(),
  /** The notice transaction's start (PostgreSQL's now()), ms since the epoch. */
  atMs: z.number(),
  sentAt: z.number(),
  receivers: z.number(),
  duplicates: z.number(),
  firstReceivedAt: z.number(),
  lastReceivedAt: z.number(),
  withTallies: z.boolean(),
  /** The notice's tallies in `plainTally` form, to compare the last one with the final recount. */
  tallies: z.string(),
});
export type SeenEvent = z.infer<typeof seenEvent>;

export const watchReply = z.discriminatedUnion("type", [
  z.object({ type: z.literal("connected"), connected: z.number(), failed: z.number(), errors: z.array(z.string()) }),
  z.object({ type: z.literal("report"), watchers: z.number(), disconnects: z.number(), events: z.array(seenEvent) }),
]);
export type WatchReply = z.infer<typeof watchReply>;

interface NoticeTally {
  planId: number;
  byRegion: Array<{ regionId: number; approve: number; reject: number; abstain: number }>;
}

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

const send = (reply: WatchReply) => process.send?.(reply);
const seen = new Map<number, SeenEvent>();
const sockets: Client[] = [];
let disconnects = 0;
let closing = false;

function watch(url: string, stream: string): Promise<Client> {
  const socket: Client = io(url, { path: "/socket.io", transports: ["websocket"], forceNew: true, reconnection: false, timeout: 20_000 });
  const lastSeq = { value: 0 };
  socket.on("stream:event", (event) => {
    const receivedAt = Date.now();
    if (event.stream !== stream || event.type !== "vote:counted") return;
    const entry = seen.get(event.seq);
    // The same seq twice on one socket is a duplicate; an older seq after a newer one, too.
    if (event.seq <= lastSeq.value) {
      if (entry) entry.duplicates += 1;
      return;
    }
    lastSeq.value = event.seq;
    if (entry) {
      entry.receivers += 1;
      entry.firstReceivedAt = Math.min(entry.firstReceivedAt, receivedAt);
      entry.lastReceivedAt = Math.max(entry.lastReceivedAt, receivedAt);
      return;
    }
    const payload = event.payload as { tallies?: unknown } | null;
    const tallies = Array.isArray(payload?.tallies) ? (payload.tallies as NoticeTally[]) : [];
    seen.set(event.seq, {
      seq: event.seq,
      atMs: Date.parse(event.at),
      sentAt: event.sentAt ?? Number.NaN,
      receivers: 1,
      duplicates: 0,
      firstReceivedAt: receivedAt,
      lastReceivedAt: receivedAt,
      withTallies: Array.isArray(payload?.tallies),
      tallies: plainTally(tallies.flatMap((plan) => plan.byRegion.map((r) => ({ planId: plan.planId, ...r })))),
    });
  });
  return new Promise<Client>((resolve, reject) => {
    const fail = (error: Error) => {
      socket.close();
      reject(error);
    };
    socket.once("connect_error", fail);
    socket.once("connect", () => {
      socket.off("connect_error", fail);
      socket
        .timeout(20_000)
        .emitWithAck("stream:subscribe", { stream })
        .then((ack) => {
          if (!ack.ok) return fail(new Error(`subscribe refused: ${ack.code} ${ack.message}`));
          lastSeq.value = ack.headSeq;
          socket.on("disconnect", () => {
            if (!closing) disconnects += 1;
          });
          resolve(socket);
        }, fail);
    });
  });
}

async function connect(url: string, stream: string, count: number, concurrency: number): Promise<void> {
  let next = 0;
  let failed = 0;
  const errors: string[] = [];
  const worker = async () => {
    while (next < count) {
      next += 1;
      try {
        sockets.push(await watch(url, stream));
      } catch (error) {
        failed += 1;
        if (errors.length < 5) errors.push(error instanceof Error ? error.message : String(error));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  send({ type: "connected", connected: sockets.length, failed, errors });
}

if (process.send) {
  process.on("message", (message: unknown) => {
    const command = watchCommand.safeParse(message);
    if (!command.success) return;
    if (command.data.type === "connect") {
      const { url, stream, count, concurrency } = command.data;
      void connect(url, stream, count, concurrency);
    } else {
      send({ type: "report", watchers: sockets.length, disconnects, events: [...seen.values()].sort((a, b) => a.seq - b.seq) });
    }
  });
  process.once("SIGTERM", () => {
    closing = true;
    for (const socket of sockets) socket.close();
    process.exit(0);
  });
}

import { io, type Socket } from "socket.io-client";
import { z } from "zod";
import { applyBallotEvent, type LiveBallotView } from "@/app/lib/live/ballot-view";
import { createStreamFollower } from "@/app/lib/stream-follower";
import { asStreamKey } from "@/server/domain/stream-access";
import type { ClientToServerEvents, ServerToClientEvents } from "@/server/infra/realtime/events";
import { plainTally } from "./ballot-tally";

/**
 * Watchers of one ballot, forked by bench/ballot/ballot.ts so that their CPU is apart from the voters'.
 * Each does what the ballot page does: reads `ballots.get` once (with the stream's head), follows
 * `ballot:<id>` from that head with the page's stream follower (one WebSocket each, no reconnection),
 * applies each event with the page's reducer (app/lib/live/ballot-view.ts), and reads again only when
 * the reducer or the follower asks (a close, a gap, a resync). It counts those reads. Per
 * `vote:counted` it keeps what the parent needs: per seq, the notice's transaction time (`at`), the
 * server's `sentAt`, how many watchers applied it and when the last one did, and the tallies shown.
 */

export const watchCommand = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("connect"),
    url: z.string(),
    stream: z.string(),
    count: z.number().int(),
    concurrency: z.number().int(),
  }),
  z.object({ type: z.literal("report") }),
]);
export type WatchCommand = z.infer<typeof watchCommand>;

export const seenEvent = z.object({
  seq: z.number(),
  /** The notice transaction's start (PostgreSQL's now()), ms since the epoch. */
  atMs: z.number(),
  /**
   * The server's broadcast time; null when this process only had it from a catch-up read (with two
   * app processes a notice can arrive through Redis ahead of an older one, and the gap is read).
   */
  sentAt: z.number().nullable(),
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
  z.object({
    type: z.literal("report"),
    watchers: z.number(),
    disconnects: z.number(),
    events: z.array(seenEvent),
    /** `ballots.get` reads sent after every watcher had loaded, and over how long. */
    requestsAfterLoad: z.number(),
    sinceLoadMs: z.number(),
    /** Events the sockets received (before the follower drops duplicates), and subscriptions refused. */
    received: z.number(),
    refused: z.array(z.string()),
  }),
]);
export type WatchReply = z.infer<typeof watchReply>;

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

const send = (reply: WatchReply) => process.send?.(reply);
const seen = new Map<number, SeenEvent>();
const sockets: Client[] = [];
let disconnects = 0;
let closing = false;
let requests = 0;
let requestsAtLoad = 0;
let received = 0;
const refused: string[] = [];
let loadedAt = 0;

const ballotView = z.object({
  status: z.string(),
  closesAt: z.coerce.date(),
  turnout: z.array(z.object({ regionId: z.number(), electorate: z.number(), quorum: z.number(), voted: z.number() })),
  tallies: z
    .array(
      z.object({
        planId: z.number(),
        approve: z.number().nullable(),
        reject: z.number().nullable(),
        abstain: z.number().nullable(),
        suppressed: z.boolean(),
        byRegion: z.array(
          z.object({
            regionId: z.number(),
            approve: z.number().nullable(),
            reject: z.number().nullable(),
            abstain: z.number().nullable(),
            suppressed: z.boolean(),
          }),
        ),
      }),
    )
    .nullable(),
  headSeq: z.number(),
});

/** `ballots.get` as the page's tRPC client sends it (a GET), counted. */
async function readBallot(url: string, ballotId: number): Promise<LiveBallotView> {
  requests += 1;
  const input = encodeURIComponent(JSON.stringify({ json: { ballotId } }));
  const response = await fetch(`${url}/api/trpc/ballots.get?input=${input}`, { signal: AbortSignal.timeout(20_000) });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`ballots.get answered ${response.status}: ${text.slice(0, 200)}`);
  return z.object({ result: z.object({ data: z.object({ json: ballotView }) }) }).parse(JSON.parse(text)).result.data
    .json;
}

function record(view: LiveBallotView, event: { seq: number; at: string; sentAt?: number }, receivedAt: number): void {
  const entry = seen.get(event.seq);
  if (entry) {
    entry.receivers += 1;
    entry.sentAt ??= event.sentAt ?? null;
    entry.firstReceivedAt = Math.min(entry.firstReceivedAt, receivedAt);
    entry.lastReceivedAt = Math.max(entry.lastReceivedAt, receivedAt);
    return;
  }
  const tallies = view.tallies ?? [];
  seen.set(event.seq, {
    seq: event.seq,
    atMs: Date.parse(event.at),
    sentAt: event.sentAt ?? null,
    receivers: 1,
    duplicates: 0,
    firstReceivedAt: receivedAt,
    lastReceivedAt: receivedAt,
    withTallies: view.tallies !== null,
    tallies: plainTally(
      tallies.flatMap((plan) =>
        plan.byRegion.map((r) => ({
          planId: plan.planId,
          approve: r.approve ?? 0,
          reject: r.reject ?? 0,
          abstain: r.abstain ?? 0,
          regionId: r.regionId,
        })),
      ),
    ),
  });
}

async function watch(url: string, streamName: string): Promise<Client> {
  const stream = asStreamKey(streamName);
  const ballotId = Number(streamName.split(":")[1]);
  let view = await readBallot(url, ballotId);
  const socket: Client = io(url, {
    path: "/socket.io",
    transports: ["websocket"],
    forceNew: true,
    reconnection: false,
    timeout: 20_000,
  });
  const reread = async () => {
    view = await readBallot(url, ballotId);
    return view.headSeq;
  };
  const follower = createStreamFollower(
    stream,
    (input, ack) =>
      socket.emit("stream:subscribe", input, (result) => {
        if (!result.ok) refused.push(`${result.code} ${result.message}`);
        ack(result);
      }),
    () => ({
      onEvent: (event) => {
        const receivedAt = Date.now();
        const applied = applyBallotEvent(view, event);
        view = applied.view;
        if (applied.refetch) void reread();
        if (event.type === "vote:counted") record(view, event, receivedAt);
      },
      onResync: reread,
    }),
    view.headSeq,
  );
  socket.on("stream:event", (event) => {
    received += 1;
    follower.received(event);
  });
  return new Promise<Client>((resolve, reject) => {
    const fail = (error: Error) => {
      socket.close();
      reject(error);
    };
    socket.once("connect_error", fail);
    socket.once("connect", () => {
      socket.off("connect_error", fail);
      follower.connected();
      socket.on("disconnect", () => {
        follower.disconnected();
        if (!closing) disconnects += 1;
      });
      resolve(socket);
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
  requestsAtLoad = requests;
  loadedAt = Date.now();
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
      send({
        type: "report",
        watchers: sockets.length,
        disconnects,
        events: [...seen.values()].sort((a, b) => a.seq - b.seq),
        requestsAfterLoad: requests - requestsAtLoad,
        sinceLoadMs: Date.now() - loadedAt,
        received,
        refused: refused.slice(0, 5),
      });
    }
  });
  process.once("SIGTERM", () => {
    closing = true;
    for (const socket of sockets) socket.close();
    process.exit(0);
  });
}

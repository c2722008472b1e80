import { io, type Socket } from "socket.io-client";
import { z } from "zod";
import { applyMeetingEvent, type LiveMeetingView } from "@/app/lib/live/meeting-view";
import { createStreamFollower } from "@/app/lib/stream-follower";
import { asStreamKey } from "@/server/domain/stream-access";
import type { LiveEvent } from "@/server/events/contract";
import type { ClientToServerEvents, ServerToClientEvents } from "@/server/infra/realtime/events";

/**
 * The participants' pages of bench/cycle/meeting.ts, forked so that their CPU is apart from the chair's
 * and the voters'. Each reads `meetings.get` once (with the stream's head), follows `meeting:<id>` from
 * that head with the page's stream follower on its own WebSocket (signed in, no reconnection), and
 * applies each event with the page's reducer (applyMeetingEvent); it reads again only when asked.
 * Per event it records when it arrived under a key the parent can match to the request that caused
 * it; per poll, when its cache first held the poll closed with its result. In `bare` mode the same
 * process connects plain clients to bench/realtime's bare socket.io server, the baseline.
 */

export const watchCommand = z.discriminatedUnion("type", [
  z.object({ type: z.literal("connect"), url: z.string(), meetingId: z.number(), cookies: z.array(z.string()) }),
  z.object({ type: z.literal("bare"), url: z.string(), count: z.number() }),
  z.object({ type: z.literal("report") }),
]);
export type WatchCommand = z.infer<typeof watchCommand>;

export interface WatchReport {
  type: "report";
  watchers: number;
  /** Event key → every watcher's receipt time (Date.now()). */
  receipts: Record<string, number[]>;
  /** Receipt − the server's sentAt, every delivery (app or bare). */
  fromSent: number[];
  missed: number;
  duplicates: number;
  refetches: number;
  disconnects: number;
  /** Each distinct final polls cache (pollDigest) and how many watchers hold it. */
  digests: Record<string, number>;
  meanPayloadBytes: number;
  /** First arrivals of an event after a later seq of its stream: each makes the page ask to fill a gap. */
  outOfOrder: number;
  /** Socket arrival → applied to the cache, every app event: the time the follower held it back. */
  heldMs: number[];
}
export type WatchReply = { type: "connected"; connected: number; failed: number; errors: string[] } | WatchReport;

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
type View = LiveMeetingView;

interface Watcher {
  socket: Client;
  view: () => View;
  startSeq: number;
  seqs: Set<number>;
  received: number;
}

const watchers: Watcher[] = [];
const receipts = new Map<string, number[]>();
const fromSent: number[] = [];
let refetches = 0;
let disconnects = 0;
let closing = false;
let payloadBytes = 0;
let payloads = 0;
let outOfOrder = 0;
const heldMs: number[] = [];

const note = (key: string, at: number) => {
  const list = receipts.get(key);
  if (list) list.push(at);
  else receipts.set(key, [at]);
};

/** The key of the request that caused `event`: item advanced, poll opened, the n-th vote, poll closed. */
export function eventKey(event: LiveEvent): string | null {
  switch (event.type) {
    case "meeting:changed":
      return `item:${event.payload.meeting.currentItemId}`;
    case "meeting:poll-opened":
      return `open:${event.payload.poll.id}`;
    case "meeting:poll-tallied":
      return `vote:${event.payload.pollId}:${event.payload.tally.overall.voters}`;
    case "meeting:poll-closed":
      return `close:${event.payload.poll.id}`;
    default:
      return null;
  }
}

async function readMeeting(url: string, meetingId: number, cookie: string): Promise<View> {
  const input = encodeURIComponent(JSON.stringify({ json: { meetingId } }));
  const response = await fetch(`${url}/api/trpc/meetings.get?input=${input}`, {
    headers: { cookie },
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`meetings.get answered ${response.status}: ${text.slice(0, 200)}`);
  return (JSON.parse(text) as { result: { data: { json: View } } }).result.data.json;
}

function connected(socket: Client): Promise<Client> {
  return new Promise<Client>((resolve, reject) => {
    socket.once("connect_error", (error) => {
      socket.close();
      reject(error);
    });
    socket.once("connect", () => resolve(socket));
  });
}

const client = (url: string, cookie?: string): Client =>
  io(url, {
    path: "/socket.io",
    transports: ["websocket"],
    forceNew: true,
    reconnection: false,
    timeout: 30_000,
    extraHeaders: cookie ? { cookie } : undefined,
  });

async function watch(url: string, meetingId: number, cookie: string): Promise<Watcher> {
  const stream = asStreamKey(`meeting:${meetingId}`);
  let view = await readMeeting(url, meetingId, cookie);
  const socket = client(url, cookie);
  const watcher: Watcher = { socket, view: () => view, startSeq: view.headSeq, seqs: new Set(), received: 0 };
  const closedSeen = new Set<number>();
  const arrivedAt = new Map<number, number>();
  let highestSeq = 0;
  const reread = async () => {
    refetches += 1;
    view = await readMeeting(url, meetingId, cookie);
    return view.headSeq;
  };
  const follower = createStreamFollower(
    stream,
    (input, ack) => socket.emit("stream:subscribe", input, ack),
    () => ({
      onEvent: (event) => {
        const receivedAt = Date.now();
        const arrived = arrivedAt.get(event.seq);
        if (arrived !== undefined) heldMs.push(receivedAt - arrived);
        arrivedAt.delete(event.seq);
        const applied = applyMeetingEvent(view, event);
        view = applied.view;
        if (applied.refetch) void reread();
        const key = eventKey(event);
        if (key) note(key, receivedAt);
        for (const poll of view.polls)
          if (poll.status === "closed" && !closedSeen.has(poll.id)) {
            closedSeen.add(poll.id);
            note(`result:${poll.id}`, receivedAt);
          }
      },
      onResync: reread,
    }),
    view.headSeq,
  );
  socket.on("stream:event", (event) => {
    watcher.received += 1;
    // A duplicate (the outbox sweeper's resend) is not out of order: the follower drops it.
    if (event.seq < highestSeq && !watcher.seqs.has(event.seq)) outOfOrder += 1;
    watcher.seqs.add(event.seq);
    if (event.sentAt !== undefined) fromSent.push(Date.now() - event.sentAt);
    highestSeq = Math.max(highestSeq, event.seq);
    arrivedAt.set(event.seq, Date.now());
    payloadBytes += JSON.stringify(event.payload).length;
    payloads += 1;
    follower.received(event);
  });
  await connected(socket);
  follower.connected();
  socket.on("disconnect", () => {
    follower.disconnected();
    if (!closing) disconnects += 1;
  });
  return watcher;
}

async function connectAll(make: (i: number) => Promise<Watcher>, count: number): Promise<void> {
  let next = 0;
  let failed = 0;
  const errors: string[] = [];
  const worker = async () => {
    while (next < count) {
      const i = next;
      next += 1;
      try {
        watchers.push(await make(i));
      } catch (error) {
        failed += 1;
        if (errors.length < 5) errors.push(error instanceof Error ? error.message : String(error));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(20, count) }, worker));
  send({ type: "connected", connected: watchers.length, failed, errors });
}

/** A plain client of the bare server: it joins on connect; records receipt − sentAt and the seqs. */
async function bareClient(url: string): Promise<Watcher> {
  const socket = client(url);
  const watcher: Watcher = {
    socket,
    view: () => ({ polls: [] }) as unknown as View,
    startSeq: 0,
    seqs: new Set(),
    received: 0,
  };
  socket.on("stream:event", (event) => {
    watcher.received += 1;
    watcher.seqs.add(event.seq);
    if (event.sentAt !== undefined) fromSent.push(Date.now() - event.sentAt);
  });
  return connected(socket).then(() => watcher);
}

function report(): WatchReport {
  let lastSeq = 0;
  for (const w of watchers) for (const seq of w.seqs) lastSeq = Math.max(lastSeq, seq);
  const digests: Record<string, number> = {};
  let missed = 0;
  let duplicates = 0;
  for (const w of watchers) {
    const digest = pollDigest(w.view().polls);
    digests[digest] = (digests[digest] ?? 0) + 1;
    missed += lastSeq - w.startSeq - [...w.seqs].filter((s) => s > w.startSeq).length;
    duplicates += w.received - w.seqs.size;
  }
  return {
    type: "report",
    watchers: watchers.length,
    receipts: Object.fromEntries(receipts),
    fromSent,
    missed,
    duplicates,
    refetches,
    disconnects,
    digests,
    meanPayloadBytes: payloads ? payloadBytes / payloads : 0,
    outOfOrder,
    heldMs,
  };
}

/**
 * A polls cache in a comparable form: id, status and tally (the stored result once closed), keys
 * sorted (the database's jsonb does not keep the order the events were written in).
 */
export function pollDigest(polls: ReadonlyArray<{ id: number; status: string; tally: unknown }>): string {
  const sorted = (_key: string, value: unknown) =>
    value && typeof value === "object" && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)))
      : value;
  return JSON.stringify(
    polls.map((p) => ({ id: p.id, status: p.status, tally: p.tally })),
    sorted,
  );
}

const send = (reply: WatchReply) => process.send?.(reply);

if (process.send) {
  process.on("message", (message: unknown) => {
    const command = watchCommand.safeParse(message);
    if (!command.success) return;
    const c = command.data;
    if (c.type === "connect") void connectAll((i) => watch(c.url, c.meetingId, c.cookies[i]!), c.cookies.length);
    else if (c.type === "bare") void connectAll(() => bareClient(c.url), c.count);
    else send(report());
  });
  process.once("SIGTERM", () => {
    closing = true;
    for (const w of watchers) w.socket.close();
    process.exit(0);
  });
}

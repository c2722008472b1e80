import { io, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents } from "@/server/infra/realtime/events";
import { parseCommand, sendToParent, type ClientSpec, type GroupFigures, type ProducedEvent } from "./realtime-ipc";
import "./realtime-probe";

/**
 * A fleet of socket.io clients, forked by bench/realtime.ts so that the clients' CPU is spread over
 * processes and apart from the benchmark's own. Each client connects over WebSocket, follows one
 * stream through the app's protocol (`stream:subscribe` with ack) and notes, for every `stream:event`,
 * its key, the server's `sentAt` and the time it arrived — nothing more, so the client side costs the
 * same against the app and against the bare server. A fleet may hold clients of several servers.
 */

if (!process.send) throw new Error("realtime-clients runs as a child of bench/realtime.ts");

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

interface Follower {
  spec: ClientSpec;
  socket: Client;
  /** Flat triples: key, sentAt, receivedAt. */
  seen: number[];
  disconnected: boolean;
}

const connectTimeoutMs = 20_000;
const attempts = 3;

const followers: Follower[] = [];
const disconnectReasons = new Set<string>();
let closing = false;

function openClient(spec: ClientSpec): Promise<Follower> {
  const stream = spec.stream;
  const socket: Client = io(spec.url, {
    path: "/socket.io",
    transports: ["websocket"],
    // One connection per client, as separate browsers would hold; a drop must show, not be papered over.
    forceNew: true,
    reconnection: false,
    timeout: connectTimeoutMs,
    extraHeaders: spec.cookie ? { cookie: spec.cookie } : undefined,
  });
  const follower: Follower = { spec, socket, seen: [], disconnected: false };
  socket.on("stream:event", (event) => {
    const receivedAt = Date.now();
    if (event.stream !== stream) return;
    const key = (event.payload as { commentId?: unknown } | null)?.commentId;
    follower.seen.push(typeof key === "number" ? key : -1, event.sentAt ?? Number.NaN, receivedAt);
  });
  return new Promise<Follower>((resolve, reject) => {
    const fail = (error: Error) => {
      socket.close();
      reject(error);
    };
    socket.once("connect_error", fail);
    socket.once("connect", () => {
      socket.off("connect_error", fail);
      socket
        .timeout(connectTimeoutMs)
        .emitWithAck("stream:subscribe", { stream })
        .then((ack) => {
          if (!ack.ok) return fail(new Error(`subscribe refused: ${ack.code} ${ack.message}`));
          socket.on("disconnect", (reason) => {
            if (closing) return;
            follower.disconnected = true;
            disconnectReasons.add(`${spec.group}: ${reason}`);
          });
          resolve(follower);
        }, fail);
    });
  });
}

async function connectAll(id: number, specs: ClientSpec[], concurrency: number): Promise<void> {
  const before = followers.length;
  let next = 0;
  let failed = 0;
  const errors: string[] = [];
  let lastProgress = Date.now();
  const worker = async () => {
    while (next < specs.length) {
      const spec = specs[next++]!;
      for (let attempt = 1; attempt <= attempts; attempt += 1) {
        try {
          followers.push(await openClient(spec));
          break;
        } catch (error) {
          if (attempt === attempts) {
            failed += 1;
            if (errors.length < 5)
              errors.push(
                `${spec.group} ${spec.cookie ? "signed-in" : "anonymous"}: ${error instanceof Error ? error.message : String(error)}`,
              );
          }
        }
      }
      if (Date.now() - lastProgress > 1_000) {
        lastProgress = Date.now();
        sendToParent({ type: "progress", connected: followers.length - before, failed, total: specs.length });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, specs.length) }, worker));
  sendToParent({ id, type: "connected", connected: followers.length - before, failed, errors });
}

/** Per group: one latency per delivery of a measured event; each client must see each event once. */
function report(events: ProducedEvent[]): Record<string, GroupFigures> {
  const byStream = new Map<string, { all: ProducedEvent[]; byKey: Map<number, ProducedEvent> }>();
  for (const event of events) {
    const entry = byStream.get(event.stream) ?? { all: [], byKey: new Map<number, ProducedEvent>() };
    entry.all.push(event);
    entry.byKey.set(event.key, event);
    byStream.set(event.stream, entry);
  }
  const groups: Record<string, GroupFigures> = {};
  for (const follower of followers) {
    const figures = (groups[follower.spec.group] ??= {
      fanout: [],
      fanoutKeys: [],
      endToEnd: [],
      clients: 0,
      missed: 0,
      duplicates: 0,
      unexpected: 0,
      disconnects: 0,
    });
    figures.clients += 1;
    if (follower.disconnected) figures.disconnects += 1;
    const produced = byStream.get(follower.spec.stream) ?? { all: [], byKey: new Map<number, ProducedEvent>() };
    const counts = new Map<number, number>();
    for (let i = 0; i < follower.seen.length; i += 3) {
      const key = follower.seen[i]!;
      const event = produced.byKey.get(key);
      if (!event) {
        figures.unexpected += 1;
        continue;
      }
      counts.set(key, (counts.get(key) ?? 0) + 1);
      if (!event.measured) continue;
      const receivedAt = follower.seen[i + 2]!;
      figures.fanout.push(receivedAt - follower.seen[i + 1]!);
      figures.fanoutKeys.push(key);
      figures.endToEnd.push(receivedAt - event.startedAt);
    }
    for (const event of produced.all) {
      if (!event.measured) continue;
      const count = counts.get(event.key) ?? 0;
      if (count === 0) figures.missed += 1;
      else if (count > 1) figures.duplicates += count - 1;
    }
  }
  return groups;
}

process.on("message", (message: unknown) => {
  const command = parseCommand(message);
  if (!command) return;
  if (command.type === "connect") {
    connectAll(command.id, command.clients, command.concurrency).catch((error: unknown) =>
      sendToParent({ id: command.id, type: "failed", message: error instanceof Error ? error.message : String(error) }),
    );
  } else if (command.type === "report") {
    sendToParent({
      id: command.id,
      type: "report",
      groups: report(command.events),
      disconnectReasons: [...disconnectReasons].slice(0, 5),
    });
  }
});

process.once("SIGTERM", () => {
  closing = true;
  for (const follower of followers) follower.socket.close();
  process.exit(0);
});

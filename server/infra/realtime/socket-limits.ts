import type { Logger } from "pino";
import type { Socket } from "socket.io";
import type { ClientToServerEvents, ServerToClientEvents, SocketData, SubscribeAck, SubscribeInput } from "./events";
import type { XietongServer } from "./socket-server";

type XietongSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** Per-socket limits; each has a default and tests or deployments may tighten them. */
export interface SocketLimits {
  /** Streams one socket may follow at once; a page follows a handful. */
  maxStreams: number;
  /** Subscriptions a socket may ask for in a burst, refilled at `subscribesPerSecond`. */
  subscribeBurst: number;
  subscribesPerSecond: number;
  /** Outbound bytes queued for one socket (ours plus the websocket's) before it is cut off. */
  maxQueuedBytes: number;
  /** How often sockets' queues are measured. */
  queueCheckMs: number;
  /** How long a socket over the cap may go without draining before it is cut off. */
  stallMs: number;
}

export const defaultSocketLimits: SocketLimits = {
  maxStreams: 50,
  subscribeBurst: 40,
  subscribesPerSecond: 10,
  maxQueuedBytes: 256 * 1024,
  queueCheckMs: 250,
  stallMs: 1_000,
};

/** A token bucket per socket: a page's reconnect subscribes all at once, a loop does not get far. */
export function subscribeBucket(
  limits: Pick<SocketLimits, "subscribeBurst" | "subscribesPerSecond">,
  now: () => number = Date.now,
) {
  let tokens = limits.subscribeBurst;
  let at = now();
  return {
    take(): boolean {
      const t = now();
      tokens = Math.min(limits.subscribeBurst, tokens + ((t - at) / 1000) * limits.subscribesPerSecond);
      at = t;
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
  };
}

interface EngineSocketLike {
  writeBuffer?: { data?: unknown }[];
  transport?: { name?: string; socket?: { bufferedAmount?: number; terminate?: () => void } };
  close(discard?: boolean): void;
}

/** Bytes waiting to reach this client: engine.io's buffer plus what the websocket has not handed to the kernel. */
export function queuedBytes(conn: EngineSocketLike): number {
  let bytes = conn.transport?.socket?.bufferedAmount ?? 0;
  for (const packet of conn.writeBuffer ?? []) {
    const data = packet.data;
    if (typeof data === "string") bytes += Buffer.byteLength(data);
    else if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) bytes += data.byteLength;
  }
  return bytes;
}

/**
 * Cuts off clients that stopped reading once their queue passes the cap, instead of holding every
 * event for them until the heartbeat gives up. Terminating frees the queue at once; the client's
 * reconnect asks for what it missed and is replayed it, or told to resync when too far behind.
 */
export function startQueueGuard(io: XietongServer, limits: SocketLimits, logger: Logger, onDropped?: () => void) {
  // Over the cap and nothing handed to the connection for stallMs: a reader that is only slow
  // through a burst keeps draining, one that stopped does not.
  const lastDrain = new WeakMap<object, number>();
  io.on("connection", (socket) => {
    const conn = socket.conn as unknown as EngineSocketLike & { on(event: "drain", listener: () => void): void };
    lastDrain.set(conn, Date.now());
    conn.on("drain", () => lastDrain.set(conn, Date.now()));
  });
  const timer = setInterval(() => {
    const now = Date.now();
    for (const socket of io.sockets.sockets.values()) {
      const conn = socket.conn as unknown as EngineSocketLike;
      if (now - (lastDrain.get(conn) ?? now) < limits.stallMs) continue;
      const queued = queuedBytes(conn);
      if (queued <= limits.maxQueuedBytes) continue;
      logger.warn({ socketId: socket.id, queuedBytes: queued }, "dropping a client that stopped reading");
      onDropped?.();
      const ws = conn.transport?.name === "websocket" ? conn.transport.socket : undefined;
      if (ws?.terminate) ws.terminate();
      else conn.close(true);
    }
  }, limits.queueCheckMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

type SubscribeHandler = (raw: SubscribeInput, ack: (result: SubscribeAck) => void) => Promise<void> | void;

/**
 * Wraps the subscribe handler with the socket's rate and stream caps. Both are refused before any
 * database work, so a loop of subscribes costs the server next to nothing. Subscriptions still
 * checking access count against the cap too, or a burst could slip past it.
 */
export function limitSubscriptions(
  socket: XietongSocket,
  limits: SocketLimits,
  handler: SubscribeHandler,
): SubscribeHandler {
  const bucket = subscribeBucket(limits);
  const joining = new Set<string>();
  return async (raw, ack) => {
    if (typeof ack !== "function") return;
    if (!bucket.take())
      return ack({ ok: false, code: "RATE_LIMITED", message: "Too many subscriptions at once; try again shortly" });
    const wanted = typeof raw?.stream === "string" ? raw.stream : "";
    // Its own id and session room are rooms too, but not streams it asked for.
    const followed = [...socket.rooms].filter((room) => room !== socket.id && !room.startsWith("session:"));
    if (!followed.includes(wanted) && !joining.has(wanted) && followed.length + joining.size >= limits.maxStreams) {
      return ack({ ok: false, code: "TOO_MANY_STREAMS", message: "Following too many streams; leave one first" });
    }
    joining.add(wanted);
    try {
      await handler(raw, ack);
    } finally {
      joining.delete(wanted);
    }
  };
}

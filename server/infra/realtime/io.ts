import { randomUUID } from "node:crypto";
import { logServerFailure } from "../observability/request-log";
import type { Server as HttpServer } from "node:http";
import { createAdapter, type RedisAdapter } from "@socket.io/redis-adapter";
import { Redis } from "ioredis";
import type { Logger } from "pino";
import { Server } from "socket.io";
import type { Db } from "@/db/client";
import { socketOriginAllowed } from "@/server/domain/http-security";
import { canSubscribe, parseStream, type Stream } from "@/server/domain/stream-access";
import { createCatchUpReader } from "./catch-up";
import { subscribeInput, type LiveEvent, type SocketData } from "./events";
import { streamKind, type Metrics } from "../observability/metrics";
import { createPublishedMarker, startOutboxSweeper } from "./outbox";
import { createPresence } from "./presence";
import { createReplayRing, defaultReplayRingLimits, type ReplayRing, type ReplayRingLimits } from "./replay-ring";
import { defaultSocketLimits, limitSubscriptions, startQueueGuard, type SocketLimits } from "./socket-limits";
import { createSessionChecks } from "./session-checks";
import { createStreamAccessChecks, type StreamAccessChecks } from "./stream-access-checks";
import type { Publisher } from "./publisher";
import type { XietongServer } from "./socket-server";

export interface RealtimeOptions {
  db: Db;
  /**
   * Whether a viewer may follow an object stream: the objects' own visibility rule (features/access),
   * handed in so this layer stays below the features.
   */
  visibleTo: (viewer: SocketData["user"], stream: Stream) => Promise<boolean>;
  authSecret: string;
  logger: Logger;
  redisUrl?: string;
  /** Prefix of the adapter's channels (REDIS_PREFIX): processes share events only with the same prefix. */
  redisPrefix?: string;
  /** How often open sockets' sessions are checked again (default a minute). */
  sessionCheckMs?: number;
  /** How often every object stream's followers are checked against its visibility (default a minute). */
  streamAccessCheckMs?: number;
  /**
   * The outbox's own bookkeeping (marking events published, the sweep): a pool of its own
   * (priorityDb). On the requests' pool the marks waited behind votes queued on a row lock for
   * longer than the sweep's grace, and the sweeper broadcast hundreds of delivered events again.
   */
  outboxDb?: Db;
  /** Re-broadcast committed events a crash left unpublished (default on). */
  sweepOutbox?: boolean;
  /** Per-socket caps (socket-limits.ts); defaults suit browsers. */
  limits?: Partial<SocketLimits>;
  /** Bounds of the in-memory replay of recent events (replay-ring.ts). */
  replayRing?: Partial<ReplayRingLimits>;
  /** Socket and delivery counts for /api/metrics; none in tests and benchmarks. */
  metrics?: Metrics | null;
}

export interface Realtime {
  io: XietongServer;
  kind: "memory" | "redis";
  publisher: Publisher;
  /** How subscriptions' catch-ups were answered, for benchmarks and tests. */
  catchUps: { fromRing: number; fromDatabase: number; queries: number };
  replayRing: ReplayRing;
  /** Who may still follow each object stream (stream-access-checks.ts). */
  streamAccess: StreamAccessChecks;
  close(): Promise<void>;
}

/**
 * The accept queue of the listening socket. A reconnect storm opens a thousand connections at once;
 * past Node's default of 511 the kernel drops the overflow and each client waits out TCP's SYN
 * retransmits (1 s, 3 s, 7 s...). The kernel caps it at net.core.somaxconn.
 */
export const listenBacklog = 4096;

/** Each signed-in socket also sits in a private room so a revoked session can be cut off everywhere. */
const sessionRoom = (accountId: number) => `session:${accountId}`;

const sessionEndReason = (payload: unknown): string => {
  const reason = (payload as { reason?: unknown } | null)?.reason;
  return typeof reason === "string" ? reason : "revoked";
};

export async function createRealtime(httpServer: HttpServer, options: RealtimeOptions): Promise<Realtime> {
  const io: XietongServer = new Server(httpServer, {
    path: "/socket.io",
    serveClient: false,
    // Browsers send an Origin on the handshake; another site's page must not ride our cookies.
    allowRequest: (req, callback) => callback(null, socketOriginAllowed(req.headers.origin, req.headers.host)),
  });
  const ring = createReplayRing({ ...defaultReplayRingLimits, ...options.replayRing });
  const catchUps = { fromRing: 0, fromDatabase: 0, queries: 0 };
  const readCatchUp = createCatchUpReader(options.db, ring, catchUps);
  const redisClients: Redis[] = [];
  if (options.redisUrl) {
    const pub = new Redis(options.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 3 });
    const sub = pub.duplicate();
    await Promise.all([pub.connect(), sub.connect()]);
    catchFireAndForgetPublishes(pub, options.logger);
    // Subscriber first: once it is gone no peer's request can make this process answer on a closed publisher.
    redisClients.push(sub, pub);
    io.adapter(createAdapter(pub, sub, { key: `${options.redisPrefix ?? "xietong"}:socket.io` }));
    recordRemoteEvents(io.of("/").adapter as unknown as RedisAdapter, sub, ring);
  }

  const presence = createPresence(io, undefined, { clusterWide: Boolean(options.redisUrl) });
  const limits: SocketLimits = { ...defaultSocketLimits, ...options.limits };
  const queueGuard = startQueueGuard(io, limits, options.logger);

  const sessionChecks = createSessionChecks(io, {
    db: options.db,
    authSecret: options.authSecret,
    logger: options.logger,
    intervalMs: options.sessionCheckMs,
  });
  const streamAccess = createStreamAccessChecks(io, {
    visibleTo: options.visibleTo,
    logger: options.logger,
    intervalMs: options.streamAccessCheckMs,
  });

  io.use((socket, next) => void sessionChecks.authenticate(socket, next));

  io.on("connection", (socket) => {
    options.metrics?.socketsConnected.inc();
    socket.once("disconnect", () => options.metrics?.socketsConnected.dec());
    const user = socket.data.user;
    if (user) void socket.join(sessionRoom(user.id));

    socket.on(
      "stream:subscribe",
      limitSubscriptions(socket, limits, async (raw, ack) => {
        if (typeof ack !== "function") return;
        const parsed = subscribeInput.safeParse(raw);
        if (!parsed.success) return ack({ ok: false, code: "BAD_REQUEST", message: "Malformed subscription" });
        const stream = parseStream(parsed.data.stream);
        if (!stream) return ack({ ok: false, code: "BAD_REQUEST", message: `Unknown stream ${parsed.data.stream}` });
        // A session may have ended since the handshake (signed out elsewhere, suspended, expired).
        const ended = await sessionChecks.recheck(socket);
        if (ended) {
          ack({ ok: false, code: "UNAUTHORIZED", message: ended });
          return sessionChecks.end(socket, ended);
        }
        if (!canSubscribe(socket.data.user, stream))
          return ack({ ok: false, code: "FORBIDDEN", message: "You may not follow this stream" });
        // A stream about one object is as private as the object (a draft, a held topic, their ballots).
        if (!(await streamAccess.subscribable(socket.data.user, stream, parsed.data.stream))) {
          return ack({ ok: false, code: "FORBIDDEN", message: "You may not follow this stream" });
        }
        try {
          // Join first, then read the backlog: an event committed in between arrives both ways and the
          // client drops the duplicate by seq, whereas the other order could lose it.
          await socket.join(parsed.data.stream);
          const result = await readCatchUp(parsed.data.stream, parsed.data.afterSeq);
          ack({ ok: true, ...result });
          presence.touch(parsed.data.stream);
        } catch (error) {
          logServerFailure(options.logger, {
            requestId: randomUUID(),
            procedure: "stream:subscribe",
            type: parsed.data.stream,
            userId: socket.data.user?.id,
            error,
          });
          ack({ ok: false, code: "BAD_REQUEST", message: "Subscription failed" });
        }
      }),
    );

    socket.on("stream:unsubscribe", async (raw) => {
      if (!raw || typeof raw.stream !== "string" || raw.stream.startsWith("session:")) return;
      await socket.leave(raw.stream);
      presence.touch(raw.stream);
    });

    socket.on("disconnecting", () => {
      // Still in its rooms here; the debounced recount runs after it has left them.
      for (const room of socket.rooms) presence.touch(room);
    });
  });

  /** `resent`: the sweeper's, possibly older than events already delivered, so it starts no ring. */
  const broadcast = (published: readonly LiveEvent[], resent = false) => {
    const metrics = options.metrics;
    // Counted per stream kind and added once per batch: a ballot's opening publishes 2,000 events, and
    // two labelled counter increments each were a visible share of the fan-out.
    const counts = metrics ? new Map<string, { published: number; delivered: number }>() : null;
    const recordOptions = { start: !resent };
    for (const { outboxId: _internal, ...event } of published) {
      // Recorded in the same step as the room's delivery (replay-ring.ts says why).
      ring.record(event, recordOptions);
      io.to(event.stream).emit("stream:event", { ...event, sentAt: Date.now() });
      streamAccess.afterDelivery(event);
      if (counts) {
        const kind = streamKind(event.stream);
        const count = counts.get(kind) ?? { published: 0, delivered: 0 };
        count.published += 1;
        count.delivered += io.sockets.adapter.rooms.get(event.stream)?.size ?? 0;
        counts.set(kind, count);
      }
      if (event.type === "session:revoked" && event.stream.startsWith("user:")) {
        const accountId = Number(event.stream.slice("user:".length));
        io.to(sessionRoom(accountId)).emit("session:ended", { reason: sessionEndReason(event.payload) });
        io.in(sessionRoom(accountId)).disconnectSockets(true);
      }
    }
    if (metrics && counts)
      for (const [kind, count] of counts) {
        metrics.eventsPublished.inc({ stream_kind: kind }, count.published);
        metrics.eventsDelivered.inc({ stream_kind: kind }, count.delivered);
      }
  };
  const outboxDb = options.outboxDb ?? options.db;
  const marker = createPublishedMarker(outboxDb, options.logger);
  const publisher: Publisher = {
    publish(published) {
      broadcast(published);
      marker.mark(published.flatMap((event) => (event.outboxId === undefined ? [] : [event.outboxId])));
    },
  };
  const sweeper =
    options.sweepOutbox === false
      ? null
      : startOutboxSweeper({ db: outboxDb, logger: options.logger, broadcast: (swept) => broadcast(swept, true) });

  return {
    io,
    kind: options.redisUrl ? "redis" : "memory",
    publisher,
    catchUps,
    replayRing: ring,
    streamAccess,
    async close() {
      sweeper?.stop();
      queueGuard.stop();
      sessionChecks.stop();
      streamAccess.stop();
      await marker.flush();
      presence.close();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      for (const client of redisClients) await client.quit().catch(() => undefined);
    },
  };
}

/**
 * The Redis adapter publishes broadcasts and its answers to peers without awaiting them. A publish that
 * fails (Redis down past the retries, or a peer's request answered while this process shuts down) would
 * be an unhandled rejection, which ends a Node process. The failure is logged instead: the outbox
 * sweeper re-broadcasts committed events, and a peer that gets no answer times out.
 */
export function catchFireAndForgetPublishes(client: Redis, logger: Logger) {
  const publish = client.publish.bind(client) as (...args: unknown[]) => Promise<number>;
  client.publish = (...args: unknown[]) => {
    const sent = publish(...args);
    sent.catch((error: unknown) => logger.warn({ err: error }, "redis publish failed"));
    return sent;
  };
}

/**
 * Other processes' events reach this one on the adapter's channel, for every stream whether or not a
 * socket here follows it. Listening on the same connection, in the same emit as the adapter's own
 * listener, records each event in the same step as its delivery here. While the subscription is
 * down events may be missed, so the ring starts over.
 */
function recordRemoteEvents(adapter: RedisAdapter, sub: Redis, ring: ReplayRing) {
  const channel = (adapter as unknown as { channel: string }).channel;
  sub.on("pmessageBuffer", (_pattern: Buffer, rawChannel: Buffer, message: Buffer) => {
    if (!rawChannel.toString().startsWith(channel)) return;
    let decoded: [string, { data?: unknown[] } | undefined];
    try {
      decoded = adapter.parser.decode(message) as typeof decoded;
    } catch {
      return ring.clear(); // an event it could not read may be one it now lacks
    }
    const [uid, packet] = decoded;
    if (uid === adapter.uid || !Array.isArray(packet?.data) || packet.data[0] !== "stream:event") return;
    const event = packet.data[1] as LiveEvent | undefined;
    if (event && typeof event.stream === "string" && Number.isInteger(event.seq)) ring.record(event);
  });
  for (const state of ["close", "reconnecting", "ready"]) sub.on(state, () => ring.clear());
}

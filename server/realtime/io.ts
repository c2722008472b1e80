import type { Server as HttpServer } from "node:http";
import { createAdapter } from "@socket.io/redis-adapter";
import { Redis } from "ioredis";
import type { Logger } from "pino";
import { Server } from "socket.io";
import type { Db } from "@/db/client";
import { socketOriginAllowed } from "../domain/http-security";
import { canSubscribe, parseStream } from "../domain/stream-access";
import { streamVisibleTo } from "../services/visibility";
import { catchUp } from "./catch-up";
import { subscribeInput, type LiveEvent } from "./events";
import { currentMetrics, streamKind } from "../observability/metrics";
import { createPublishedMarker, startOutboxSweeper } from "./outbox";
import { createPresence } from "./presence";
import { defaultSocketLimits, limitSubscriptions, startQueueGuard, type SocketLimits } from "./socket-limits";
import { createSessionChecks } from "./session-checks";
import type { Publisher } from "./publisher";
import type { XietongServer } from "./socket-server";


export interface RealtimeOptions {
  db: Db;
  authSecret: string;
  logger: Logger;
  redisUrl?: string;
  /** Prefix of the adapter's channels (REDIS_PREFIX): processes share events only with the same prefix. */
  redisPrefix?: string;
  /** How often open sockets' sessions are checked again (default a minute). */
  sessionCheckMs?: number;
  /** Re-broadcast committed events a crash left unpublished (default on). */
  sweepOutbox?: boolean;
  /** Per-socket caps (socket-limits.ts); defaults suit browsers. */
  limits?: Partial<SocketLimits>;
}

export interface Realtime {
  io: XietongServer;
  kind: "memory" | "redis";
  publisher: Publisher;
  close(): Promise<void>;
}

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
  const redisClients: Redis[] = [];
  if (options.redisUrl) {
    const pub = new Redis(options.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 3 });
    const sub = pub.duplicate();
    await Promise.all([pub.connect(), sub.connect()]);
    redisClients.push(pub, sub);
    io.adapter(createAdapter(pub, sub, { key: `${options.redisPrefix ?? "xietong"}:socket.io` }));
  }

  const presence = createPresence(io);
  const limits: SocketLimits = { ...defaultSocketLimits, ...options.limits };
  const queueGuard = startQueueGuard(io, limits, options.logger);

  const sessionChecks = createSessionChecks(io, { db: options.db, authSecret: options.authSecret, logger: options.logger, intervalMs: options.sessionCheckMs });
  io.use((socket, next) => void sessionChecks.authenticate(socket, next));

  io.on("connection", (socket) => {
    currentMetrics()?.socketsConnected.inc();
    socket.once("disconnect", () => currentMetrics()?.socketsConnected.dec());
    const user = socket.data.user;
    if (user) void socket.join(sessionRoom(user.id));

    socket.on("stream:subscribe", limitSubscriptions(socket, limits, async (raw, ack) => {
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
      if (!canSubscribe(socket.data.user, stream)) return ack({ ok: false, code: "FORBIDDEN", message: "You may not follow this stream" });
      // A stream about one object is as private as the object (a draft, a held topic, their ballots).
      if (!(await streamVisibleTo(options.db, socket.data.user, stream))) {
        return ack({ ok: false, code: "FORBIDDEN", message: "You may not follow this stream" });
      }
      try {
        // Join first, then read the backlog: an event committed in between arrives both ways and the
        // client drops the duplicate by seq, whereas the other order could lose it.
        await socket.join(parsed.data.stream);
        const result = await catchUp(options.db, parsed.data.stream, parsed.data.afterSeq);
        ack({ ok: true, ...result });
        presence.touch(parsed.data.stream);
      } catch (error) {
        options.logger.error({ err: error, stream: parsed.data.stream }, "subscription failed");
        ack({ ok: false, code: "BAD_REQUEST", message: "Subscription failed" });
      }
    }));

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

  const broadcast = (published: readonly LiveEvent[]) => {
    const metrics = currentMetrics();
    for (const { outboxId: _internal, ...event } of published) {
      io.to(event.stream).emit("stream:event", { ...event, sentAt: Date.now() });
      if (metrics) {
        const kind = streamKind(event.stream);
        metrics.eventsPublished.inc({ stream_kind: kind });
        metrics.eventsDelivered.inc({ stream_kind: kind }, io.sockets.adapter.rooms.get(event.stream)?.size ?? 0);
      }
      if (event.type === "session:revoked" && event.stream.startsWith("user:")) {
        const accountId = Number(event.stream.slice("user:".length));
        io.to(sessionRoom(accountId)).emit("session:ended", { reason: sessionEndReason(event.payload) });
        io.in(sessionRoom(accountId)).disconnectSockets(true);
      }
    }
  };
  const marker = createPublishedMarker(options.db, options.logger);
  const publisher: Publisher = {
    publish(published) {
      broadcast(published);
      marker.mark(published.flatMap((event) => (event.outboxId === undefined ? [] : [event.outboxId])));
    },
  };
  const sweeper = options.sweepOutbox === false ? null : startOutboxSweeper({ db: options.db, logger: options.logger, broadcast });

  return {
    io,
    kind: options.redisUrl ? "redis" : "memory",
    publisher,
    async close() {
      sweeper?.stop();
      queueGuard.stop();
      sessionChecks.stop();
      await marker.flush();
      presence.close();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await Promise.all(redisClients.map((client) => client.quit().catch(() => undefined)));
    },
  };
}

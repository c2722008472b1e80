import { randomUUID } from "node:crypto";
import { logServerFailure } from "../observability/request-log";
import type { Logger } from "pino";
import type { Socket } from "socket.io";
import type { Db } from "@/db/client";
import { checkSession, readSessionClaims, type SessionCheck, type SessionClaims } from "../auth/session";
import type { ClientToServerEvents, ServerToClientEvents, SocketData } from "./events";
import type { XietongServer } from "./socket-server";

type XietongSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** A staff session that must enrol in two-factor first may not follow anything, as on HTTP. */
export const enrolmentRequiredReason = "two-factor-enrolment-required";

export interface SessionChecksOptions {
  db: Db;
  authSecret: string;
  logger: Logger;
  /** How often every open socket's session is read again (expiry, revocation, suspension, enrolment). */
  intervalMs?: number;
}

export interface SessionChecks {
  /** Handshake middleware: a live session makes a signed-in socket, anything else an anonymous one. */
  authenticate(socket: XietongSocket, next: (error?: Error) => void): Promise<void>;
  /** Re-reads the socket's session: null while it is live, else why it ended (then call `end`). */
  recheck(socket: XietongSocket): Promise<string | null>;
  /** Tells the client why its session ended and cuts the socket. */
  end(socket: XietongSocket, reason: string): void;
  stop(): void;
}

function failureReason(check: SessionCheck): string | null {
  if (!check.ok) return check.reason;
  return check.user.enrolmentRequired ? enrolmentRequiredReason : null;
}

function end(socket: XietongSocket, reason: string) {
  socket.emit("session:ended", { reason });
  socket.disconnect(true);
}

export function createSessionChecks(io: XietongServer, options: SessionChecksOptions): SessionChecks {
  // The sweep reads past the session cache: it is the backstop for changes made outside the app.
  const check = (session: NonNullable<SocketData["session"]>, fresh = false) =>
    checkSession(options.db, session as SessionClaims, new Date(), { fresh });

  async function sweep() {
    // Sockets of one browser share a session: read each session once per sweep.
    const bySession = new Map<string, XietongSocket[]>();
    for (const socket of io.of("/").sockets.values()) {
      const session = socket.data.session;
      if (!session) continue;
      const list = bySession.get(session.sid);
      if (list) list.push(socket);
      else bySession.set(session.sid, [socket]);
    }
    for (const sockets of bySession.values()) {
      const reason = failureReason(await check(sockets[0]!.data.session!, true));
      if (reason) for (const socket of sockets) end(socket, reason);
    }
  }

  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    sweep()
      .catch((error: unknown) => options.logger.error({ err: error }, "socket session sweep failed"))
      .finally(() => (running = false));
  }, options.intervalMs ?? 60_000);
  timer.unref();

  return {
    async authenticate(socket, next) {
      try {
        const claims = readSessionClaims(socket.request.headers.cookie, options.authSecret);
        const result = claims ? await checkSession(options.db, claims) : null;
        if (result?.ok && result.user.enrolmentRequired) {
          // The client reads the message and sends the person to enrol; it does not retry.
          next(new Error(enrolmentRequiredReason));
          return;
        }
        if (claims && result?.ok) {
          const { id, role, regionId } = result.user;
          socket.data.user = { id, role, regionId };
          socket.data.session = { sub: claims.sub, sid: claims.sid, at: claims.at };
        } else {
          socket.data.user = null;
          socket.data.session = null;
        }
        next();
      } catch (error) {
        logServerFailure(options.logger, { requestId: randomUUID(), procedure: "socket:connect", userId: null, error });
        next(new Error("authentication failed"));
      }
    },
    async recheck(socket) {
      const session = socket.data.session;
      return session ? failureReason(await check(session)) : null;
    },
    end,
    stop() {
      clearInterval(timer);
    },
  };
}

import { streamVisibleTo } from "@/server/features/access";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import pino from "pino";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accounts, sessions } from "@/db/schema";
import { revokeSession } from "../auth/sessions";
import { createTestAccount, createTestServices, sessionClaimsOf, type TestServices } from "@/server/testing/fixtures";
import { encode } from "next-auth/jwt";
import type { ClientToServerEvents, ServerToClientEvents, SubscribeAck } from "./events";
import { createRealtime, type Realtime } from "./io";

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
const secret = "a-test-secret-that-is-long-enough-0123456789";
/** Short enough for a test to see a sweep, long enough that it does not run during a handshake. */
const sweepMs = 300;

let services: TestServices;
const servers: { http: Server; realtime: Realtime }[] = [];
/** Sweeps every `sweepMs`. */
let sweeping: string;
/** Never sweeps within a test, so only a subscription can notice an ended session. */
let quiet: string;
const clients: Client[] = [];

async function startServer(sessionCheckMs: number): Promise<string> {
  const http = createServer();
  const realtime = await createRealtime(http, {
    db: services.deps.db,
    visibleTo: (viewer, stream) => streamVisibleTo(services.deps.db, viewer, stream),
    authSecret: secret,
    logger: pino({ level: "silent" }),
    sweepOutbox: false,
    sessionCheckMs,
  });
  servers.push({ http, realtime });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  services = await createTestServices();
  sweeping = await startServer(sweepMs);
  quiet = await startServer(3_600_000);
});

afterAll(async () => {
  for (const socket of clients) socket.close();
  for (const { http, realtime } of servers) {
    await realtime.close();
    await new Promise((resolve) => http.close(resolve));
  }
  await services?.close();
});

async function signedIn(role: "member" | "moderator", enrolled = true) {
  const { account } = await createTestAccount(services.deps.db, { role });
  if (enrolled)
    await services.deps.db.update(accounts).set({ totpEnabledAt: new Date() }).where(eq(accounts.id, account.id));
  const claims = await sessionClaimsOf(services.deps.db, account);
  const cookie = `next-auth.session-token=${await encode({ token: { ...claims, at: Math.floor(Date.now() / 1000) }, secret, maxAge: 3600 })}`;
  return { account, sid: claims.sid, cookie };
}

function open(cookie: string, url = sweeping): Client {
  const socket: Client = connect(url, {
    path: "/socket.io",
    transports: ["websocket"],
    extraHeaders: { cookie },
    reconnection: false,
  });
  clients.push(socket);
  return socket;
}

function connected(socket: Client): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
}

const subscribe = (socket: Client, stream: string) =>
  new Promise<SubscribeAck>((resolve) => socket.emit("stream:subscribe", { stream }, resolve));
const ended = (socket: Client) =>
  new Promise<string>((resolve) => socket.once("session:ended", ({ reason }) => resolve(reason)));
const disconnected = (socket: Client) => new Promise<void>((resolve) => socket.once("disconnect", () => resolve()));

describe("socket session checks", () => {
  it("[SOCKET] a subscription after signing out is refused and the socket is told why and cut", async () => {
    const { account, sid, cookie } = await signedIn("member");
    const socket = open(cookie, quiet);
    await connected(socket);
    expect(await subscribe(socket, `user:${account.id}`)).toMatchObject({ ok: true });
    await revokeSession(services.deps.db, sid, "signed-out");
    const reason = ended(socket);
    const gone = disconnected(socket);
    expect(await subscribe(socket, "projects")).toEqual({ ok: false, code: "UNAUTHORIZED", message: "signed-out" });
    expect(await reason).toBe("signed-out");
    await gone;
  });

  it("[SOCKET] the periodic check cuts an idle socket whose session was revoked or suspended", async () => {
    const revoked = await signedIn("member");
    const suspended = await signedIn("member");
    const untouched = await signedIn("member");
    const sockets = [open(revoked.cookie), open(suspended.cookie), open(untouched.cookie)];
    await Promise.all(sockets.map(connected));
    const reasons = Promise.all([ended(sockets[0]!), ended(sockets[1]!)]);
    await revokeSession(services.deps.db, revoked.sid, "signed-out");
    await services.deps.db
      .update(accounts)
      .set({ suspendedUntil: new Date(Date.now() + 86_400_000) })
      .where(eq(accounts.id, suspended.account.id));
    // No request from these sockets: only the sweep can notice.
    expect(await reasons).toEqual(["signed-out", "suspended"]);
    await new Promise((resolve) => setTimeout(resolve, 2 * sweepMs));
    expect(sockets.map((socket) => socket.connected)).toEqual([false, false, true]);
  });

  it("[SOCKET] the periodic check cuts an expired session", async () => {
    const { sid, cookie } = await signedIn("member");
    const socket = open(cookie);
    await connected(socket);
    const reason = ended(socket);
    await services.deps.db
      .update(sessions)
      .set({ expiresAt: new Date(Date.now() - 1_000) })
      .where(eq(sessions.id, sid));
    expect(await reason).toBe("signed-out");
  });

  it("[SOCKET] staff who must enrol in two-factor are refused at the handshake, and cut when their enrolment is removed", async () => {
    const unenrolled = await signedIn("moderator", false);
    const refused = await connected(open(unenrolled.cookie)).then(
      () => "connected",
      (error: Error) => error.message,
    );
    expect(refused).toBe("two-factor-enrolment-required");

    const enrolled = await signedIn("moderator");
    const socket = open(enrolled.cookie);
    await connected(socket);
    expect(await subscribe(socket, "moderation")).toMatchObject({ ok: true });
    const reason = ended(socket);
    await services.deps.db.update(accounts).set({ totpEnabledAt: null }).where(eq(accounts.id, enrolled.account.id));
    expect(await reason).toBe("two-factor-enrolment-required");
  });
});

import { streamVisibleTo } from "@/server/features/access";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { encode } from "next-auth/jwt";
import pino from "pino";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { eq } from "drizzle-orm";
import { accounts, regions } from "@/db/schema";
import { insertAccount } from "@/server/features/accounts/create-account";
import { looseTransact as transact } from "@/server/testing/synthetic-events";
import { sessionCookieOf } from "@/server/testing/fixtures";
import { createTestDatabase } from "@/server/testing/test-database";
import type { ClientToServerEvents, LiveEvent, ServerToClientEvents, SubscribeAck } from "./events";
import { createRealtime, type Realtime } from "./io";

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
const secret = "a-test-secret-that-is-long-enough-0123456789";

let handle: DatabaseHandle;
let http: Server;
let realtime: Realtime;
let url: string;
let adminCookie: string;
let memberCookie: string;
let memberId: number;
const clients: Client[] = [];

function client(cookie?: string): Promise<Client> {
  const socket: Client = connect(url, {
    path: "/socket.io",
    transports: ["websocket"],
    extraHeaders: cookie ? { cookie } : {},
    reconnection: false,
  });
  clients.push(socket);
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", reject);
  });
}

function subscribe(socket: Client, stream: string, afterSeq?: number): Promise<SubscribeAck> {
  return new Promise((resolve) => socket.emit("stream:subscribe", { stream, afterSeq }, resolve));
}

function nextEvent(socket: Client): Promise<LiveEvent> {
  return new Promise((resolve) => socket.once("stream:event", resolve));
}

const emitTo = (stream: string, type: string, payload: Record<string, unknown> = {}) =>
  transact({ db: handle.db, publisher: realtime.publisher }, (_tx, emit) => emit(stream, type, payload));

beforeAll(async () => {
  handle = await createTestDatabase();
  const [region] = await handle.db.select().from(regions).limit(1);
  const make = (role: "admin" | "member", email: string) =>
    handle.db.transaction((tx) =>
      insertAccount(tx, {
        email,
        displayName: role,
        organisation: "Test",
        role,
        regionId: region!.id,
        password: "a-long-password-123",
      }),
    );
  const admin = await make("admin", "admin@io.test");
  const member = await make("member", "member@io.test");
  memberId = member.id;
  // Staff must have two-factor on before their sockets may follow anything.
  await handle.db.update(accounts).set({ totpEnabledAt: new Date() }).where(eq(accounts.id, admin.id));
  adminCookie = await sessionCookieOf(handle.db, admin, secret);
  memberCookie = await sessionCookieOf(handle.db, member, secret);
  http = createServer();
  realtime = await createRealtime(http, {
    db: handle.db,
    visibleTo: (viewer, stream) => streamVisibleTo(handle.db, viewer, stream),
    authSecret: secret,
    logger: pino({ level: "silent" }),
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const socket of clients) socket.close();
  await realtime?.close();
  await handle?.close();
});

describe("socket authorisation", () => {
  it("lets a signed-out socket follow public streams only", async () => {
    const anonymous = await client();
    expect(await subscribe(anonymous, "forums")).toMatchObject({ ok: true });
    expect(await subscribe(anonymous, "admin")).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(await subscribe(anonymous, "moderation")).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(await subscribe(anonymous, `user:${memberId}`)).toMatchObject({ ok: false, code: "FORBIDDEN" });
  });

  it("reads the next-auth session cookie and applies roles", async () => {
    const member = await client(memberCookie);
    expect(await subscribe(member, `user:${memberId}`)).toMatchObject({ ok: true });
    expect(await subscribe(member, "admin")).toMatchObject({ ok: false, code: "FORBIDDEN" });
    // The moderation queue's stream carries authors' histories: moderators and admins only, catch-up too.
    expect(await subscribe(member, "moderation")).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(await subscribe(member, "moderation", 0)).toMatchObject({ ok: false, code: "FORBIDDEN" });
    const admin = await client(adminCookie);
    expect(await subscribe(admin, "admin")).toMatchObject({ ok: true });
    expect(await subscribe(admin, "moderation")).toMatchObject({ ok: true });
  });

  it("treats a forged cookie as no session", async () => {
    const forged = await client(
      `next-auth.session-token=${await encode({ token: { sub: "1", sid: "forged", role: "admin" }, secret: "another-secret-of-sufficient-length-0000" })}`,
    );
    expect(await subscribe(forged, "admin")).toMatchObject({ ok: false, code: "FORBIDDEN" });
  });

  it("refuses malformed subscriptions with BAD_REQUEST", async () => {
    const socket = await client();
    expect(await subscribe(socket, "no such stream")).toMatchObject({ ok: false, code: "BAD_REQUEST" });
    const raw = await new Promise<SubscribeAck>((resolve) =>
      socket.emit("stream:subscribe", { stream: 42 } as never, resolve),
    );
    expect(raw).toMatchObject({ ok: false, code: "BAD_REQUEST" });
  });
});

describe("live events and catch-up", () => {
  it("delivers committed events to subscribers of that stream only", async () => {
    const watcher = await client();
    const other = await client();
    await subscribe(watcher, "topic:1");
    await subscribe(other, "topic:2");
    let otherGot = 0;
    other.on("stream:event", () => (otherGot += 1));
    const received = nextEvent(watcher);
    await emitTo("topic:1", "comment:added", { commentId: 5 });
    expect(await received).toMatchObject({ stream: "topic:1", type: "comment:added", payload: { commentId: 5 } });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(otherGot).toBe(0);
  });

  it("replays exactly the events missed while disconnected, in order", async () => {
    const first = await client();
    const ack = await subscribe(first, "topic:7");
    expect(ack.ok).toBe(true);
    const seen = ack.ok ? ack.headSeq : -1;
    first.close();
    for (let i = 1; i <= 5; i += 1) await emitTo("topic:7", "comment:added", { n: i });
    const again = await client();
    const replay = await subscribe(again, "topic:7", seen);
    expect(replay).toMatchObject({ ok: true, resync: false });
    if (!replay.ok) throw new Error("subscription refused");
    expect(replay.replay.map((e) => e.seq)).toEqual([seen + 1, seen + 2, seen + 3, seen + 4, seen + 5]);
    expect(replay.replay.map((e) => (e.payload as { n: number }).n)).toEqual([1, 2, 3, 4, 5]);
    expect(replay.headSeq).toBe(seen + 5);
  });

  it("asks a client that is too far behind to refetch instead of replaying", async () => {
    for (let i = 0; i < 3; i += 1) await emitTo("topic:8", "comment:added");
    const socket = await client();
    expect(await subscribe(socket, "topic:8", 999)).toMatchObject({ ok: true, resync: true });
  });

  it("cuts off every socket of a person whose session is revoked", async () => {
    const socket = await client(memberCookie);
    const ended = new Promise<string>((resolve) => socket.once("session:ended", (r) => resolve(r.reason)));
    const disconnected = new Promise<void>((resolve) => socket.once("disconnect", () => resolve()));
    await emitTo(`user:${memberId}`, "session:revoked", { reason: "password-changed" });
    expect(await ended).toBe("password-changed");
    await disconnected;
    expect(socket.connected).toBe(false);
  });
});

describe("handshake origin", () => {
  it("refuses a browser handshake from another site and accepts our own", async () => {
    const refused = connect(url, {
      path: "/socket.io",
      transports: ["websocket"],
      extraHeaders: { origin: "https://evil.example" },
      reconnection: false,
    });
    clients.push(refused);
    const outcome = await new Promise<string>((resolve) => {
      refused.once("connect", () => resolve("connected"));
      refused.once("connect_error", () => resolve("refused"));
    });
    expect(outcome).toBe("refused");
    const own = connect(url, {
      path: "/socket.io",
      transports: ["websocket"],
      extraHeaders: { origin: url },
      reconnection: false,
    });
    clients.push(own);
    await new Promise<void>((resolve, reject) => {
      own.once("connect", () => resolve());
      own.once("connect_error", reject);
    });
    expect(own.connected).toBe(true);
  });
});

describe("presence", () => {
  it("tells a room how many people are viewing, counting a person's several tabs once", async () => {
    const stream = "topic:4242";
    const watcher = await client();
    const counts: number[] = [];
    watcher.on("presence:updated", (p) => {
      if (p.stream === stream) counts.push(p.viewers);
    });
    await subscribe(watcher, stream);
    const tabOne = await client(memberCookie);
    const tabTwo = await client(memberCookie);
    await subscribe(tabOne, stream);
    await subscribe(tabTwo, stream);
    await waitFor(() => counts.at(-1) === 2);
    tabOne.close();
    tabTwo.close();
    await waitFor(() => counts.at(-1) === 1);
    expect(counts.at(-1)).toBe(1);
  });

  it("tells the room only when the count changes; a person's new tab is told the count on its own", async () => {
    const stream = "topic:4343";
    const heard = (socket: Client) => {
      const seen: number[] = [];
      socket.on("presence:updated", (p) => {
        if (p.stream === stream) seen.push(p.viewers);
      });
      return seen;
    };
    const watcher = await client();
    const watcherHeard = heard(watcher);
    await subscribe(watcher, stream);
    await waitFor(() => watcherHeard.at(-1) === 1);
    const tabOne = await client(memberCookie);
    await subscribe(tabOne, stream);
    await waitFor(() => watcherHeard.at(-1) === 2);
    const tabTwo = await client(memberCookie);
    const tabTwoHeard = heard(tabTwo);
    await subscribe(tabTwo, stream);
    await waitFor(() => tabTwoHeard.length === 1);
    expect(tabTwoHeard).toEqual([2]);
    // A change after it: had the room been told the unchanged 2 again, the watcher would hear it first.
    const other = await client();
    await subscribe(other, stream);
    await waitFor(() => watcherHeard.at(-1) === 3);
    expect(watcherHeard).toEqual([1, 2, 3]);
    expect(tabTwoHeard).toEqual([2, 3]);
  });
});

async function waitFor(check: () => boolean, ms = 5_000) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

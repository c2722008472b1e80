import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { queryRows } from "@/db/sql";
import { createTestDatabase } from "@/server/testing/test-database";
import { createStreamFollower, type StreamFollower } from "@/app/lib/stream-follower";
import { streamKey } from "@/server/domain/stream-access";
import type { ClientToServerEvents, LiveEvent, ServerToClientEvents, SubscribeAck } from "./events";

// Two real processes sharing PostgreSQL and Redis; vitest.config.ts includes this file only when
// REDIS_URL and DATABASE_URL are both set (CI sets both).
type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

let handle: DatabaseHandle;
let databaseUrl: string;
// This run's own channels: another run on the same Redis has rooms of the same names.
const redisPrefix = `xietong-test-${randomBytes(6).toString("hex")}`;
const processes: ChildProcess[] = [];
const sockets: Client[] = [];

async function startNode(): Promise<{ child: ChildProcess; url: string }> {
  // node --import tsx runs in one process, so SIGKILL kills the server itself (the tsx CLI would
  // leave its child running).
  const child = spawn(process.execPath, ["--import", "tsx", "server/testing/realtime-node.ts"], {
    env: { ...process.env, DATABASE_URL: databaseUrl, REDIS_PREFIX: redisPrefix },
    stdio: ["ignore", "pipe", "inherit"],
  });
  processes.push(child);
  const port = await new Promise<number>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`node exited with ${code}`)));
    child.stdout.on("data", (chunk: Buffer) => {
      const match = /READY (\d+)/.exec(chunk.toString());
      if (match) resolve(Number(match[1]));
    });
  });
  return { child, url: `http://127.0.0.1:${port}` };
}

async function emitThrough(url: string, stream: string, type: string, fail = false) {
  const response = await fetch(`${url}/emit`, { method: "POST", body: JSON.stringify({ stream, type, fail }) });
  return response.status;
}

/** The catch-up protocol of app/lib/realtime.tsx, reduced to what the test observes. */
class Follower {
  lastSeq: number | undefined;
  readonly applied: LiveEvent[] = [];
  socket: Client | null = null;
  constructor(readonly stream: string) {}

  async attach(url: string) {
    const socket: Client = connect(url, { path: "/socket.io", transports: ["websocket"], reconnection: false });
    sockets.push(socket);
    this.socket = socket;
    socket.on("stream:event", (event) => this.apply(event));
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("connect_error", reject);
    });
    const ack = await new Promise<SubscribeAck>((resolve) =>
      socket.emit("stream:subscribe", { stream: this.stream, afterSeq: this.lastSeq }, resolve),
    );
    if (!ack.ok) throw new Error(ack.message);
    if (this.lastSeq === undefined) this.lastSeq = ack.headSeq;
    for (const event of ack.replay) this.apply(event);
  }

  private apply(event: LiveEvent) {
    if (event.stream !== this.stream || (this.lastSeq !== undefined && event.seq <= this.lastSeq)) return;
    this.lastSeq = event.seq;
    this.applied.push(event);
  }
}

async function until(check: () => boolean, what: string, ms = 5_000) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

beforeAll(async () => {
  handle = await createTestDatabase({ seed: false });
  const url = new URL(process.env.DATABASE_URL ?? "");
  const [row] = await queryRows<{ name: string }>(handle.db, sql`select current_database() as name`);
  url.pathname = `/${row!.name}`;
  databaseUrl = url.toString();
}, 60_000);

afterAll(async () => {
  for (const socket of sockets) socket.close();
  for (const child of processes) if (child.exitCode === null) child.kill("SIGTERM");
  await handle?.close();
});

describe("two app processes behind Redis", () => {
  it("delivers through both, survives a killed process exactly once each, and emits nothing for a rollback", async () => {
    const [a, b] = await Promise.all([startNode(), startNode()]);
    const stream = `ballot:${Math.floor(Math.random() * 1e9) + 1}`;
    const onA = new Follower(stream);
    const onB = new Follower(stream);
    await onA.attach(a.url);
    await onB.attach(b.url);

    expect(await emitThrough(a.url, stream, "vote:cast")).toBe(200);
    await until(() => onA.applied.length === 1 && onB.applied.length === 1, "the first event on both processes");

    expect(await emitThrough(b.url, stream, "vote:cast", true)).toBe(409);

    a.child.kill("SIGKILL");
    await until(() => onA.socket?.connected === false, "A's client to notice the kill");
    for (let i = 0; i < 3; i += 1) expect(await emitThrough(b.url, stream, "vote:cast")).toBe(200);
    await until(() => onB.applied.length === 4, "B's client to see the three events");

    await onA.attach(b.url);
    expect(await emitThrough(b.url, stream, "vote:cast")).toBe(200);
    await until(() => onA.applied.length === 5 && onB.applied.length === 5, "both clients to see the live event");
    await new Promise((resolve) => setTimeout(resolve, 200));

    for (const follower of [onA, onB]) {
      const seqs = follower.applied.map((e) => e.seq);
      expect(seqs).toEqual([1, 2, 3, 4, 5]);
    }
    const rows = await queryRows<{ n: number }>(
      handle.db,
      sql`select count(*)::int as n from events where stream = ${stream}`,
    );
    expect(rows[0]?.n).toBe(5);
  }, 60_000);
  it("clients of a killed process reconnect to the other while events keep committing, and each ends with every event once, never told to resync", async () => {
    const [a, b] = await Promise.all([startNode(), startNode()]);
    const stream = streamKey({ kind: "topic", id: Math.floor(Math.random() * 1e9) + 1 });
    // The browser's own protocol (app/lib/stream-follower.ts), one socket per follower at a time.
    const followers = Array.from({ length: 16 }, (_, index) => {
      const state = {
        applied: [] as number[],
        resyncAnswers: 0,
        socket: null as Client | null,
        follower: null as unknown as StreamFollower,
        home: index % 2 === 0 ? a.url : b.url,
      };
      state.follower = createStreamFollower(
        stream,
        (input, ack) =>
          state.socket!.emit("stream:subscribe", input, (result) => {
            if (result.ok && result.resync) state.resyncAnswers += 1;
            ack(result);
          }),
        () => ({ onEvent: (event) => state.applied.push(event.seq), onResync: () => undefined }),
      );
      return state;
    });
    const attach = async (state: (typeof followers)[number], url: string) => {
      const socket: Client = connect(url, {
        path: "/socket.io",
        transports: ["websocket"],
        reconnection: false,
        forceNew: true,
      });
      sockets.push(socket);
      state.socket = socket;
      socket.on("stream:event", (event) => state.follower.received(event));
      socket.on("disconnect", () => state.follower.disconnected());
      await new Promise<void>((resolve, reject) => {
        socket.once("connect", () => resolve());
        socket.once("connect_error", reject);
      });
      state.follower.connected();
    };
    await Promise.all(followers.map((state) => attach(state, state.home)));
    await until(() => followers.every((state) => state.follower.lastSeq === 0), "every follower to subscribe");

    const total = 40;
    let sent = 0;
    const writer = (async () => {
      while (sent < total) {
        expect(await emitThrough(b.url, stream, "comment:added")).toBe(200);
        sent += 1;
        await new Promise((resolve) => setTimeout(resolve, 15));
      }
    })();
    await until(() => sent >= 8, "the first events");
    a.child.kill("SIGKILL");
    const orphans = followers.filter((state) => state.home === a.url);
    await until(() => orphans.every((state) => state.socket?.connected === false), "A's clients to notice the kill");
    await Promise.all(orphans.map((state) => attach(state, b.url)));
    await writer;
    await until(
      () => followers.every((state) => state.follower.lastSeq === total),
      "every follower to reach the head",
      15_000,
    );
    for (const state of followers) {
      expect(state.applied).toEqual(Array.from({ length: total }, (_, k) => k + 1));
      expect(state.resyncAnswers).toBe(0);
    }
  }, 90_000);
});

import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { asc } from "drizzle-orm";
import pg from "pg";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { forums } from "@/db/schema";
import { createApp, type App } from "./app";
import { mapRefreshGatherMs } from "./features/opinions/map-refresher";
import { streamKey } from "./domain/stream-access";
import { parseEnv } from "./infra/env";
import type { ClientToServerEvents, LiveEvent, ServerToClientEvents, SubscribeAck } from "./infra/realtime/events";
import {
  callerFor,
  createTestAccount,
  createTestServices,
  deadlockFirstTransaction,
  sessionCookieOf,
  type TestServices,
} from "./testing/fixtures";
import { callFailure } from "./testing/trpc-errors";
import { retryTransaction, transact, transactionRetryReporter } from "./infra/transact";
import { createRequestContext } from "./trpc/http-context";

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * The composition root boots as server/main.ts boots it (configuration → createApp → listen), on port 0
 * and without Next's pages, and serves a procedure over HTTP and its live event over a socket.
 */
describe("createApp", () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "xietong-app-"));
  const serverUrl = process.env.DATABASE_URL;
  const dbName = `xietong_app_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  const secret = "an-app-test-secret-that-is-long-enough-12345";
  let app: App | undefined;
  let base: string;
  const sockets: Client[] = [];

  async function adminQuery(sql: string) {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    await client.query(sql);
    await client.end();
  }

  beforeAll(async () => {
    let databaseUrl: string | undefined;
    if (serverUrl) {
      await adminQuery(`CREATE DATABASE ${dbName}`);
      const url = new URL(serverUrl);
      url.pathname = `/${dbName}`;
      databaseUrl = url.toString();
    }
    // Only what is given here: no REDIS_URL, SMTP_URL or demo data from the test run's environment.
    const config = parseEnv({
      NODE_ENV: "test",
      PORT: "0",
      HOST: "127.0.0.1",
      LOG_LEVEL: "silent",
      XIETONG_DATA_DIR: dataDir,
      NEXTAUTH_SECRET: secret,
      DATABASE_URL: databaseUrl,
    });
    app = await createApp({ ...config, pages: false });
    base = `http://127.0.0.1:${await app.listen()}`;
  }, 300_000);

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
    if (serverUrl) await adminQuery(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  });

  function socket(): Promise<Client> {
    const client: Client = connect(base, { path: "/socket.io", transports: ["websocket"], reconnection: false });
    sockets.push(client);
    return new Promise((resolve, reject) => {
      client.once("connect", () => resolve(client));
      client.once("connect_error", reject);
    });
  }

  it("answers a public procedure over HTTP from the database it migrated and seeded", async () => {
    const response = await fetch(`${base}/api/trpc/reference.regions`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { result: { data: { json: Array<{ code: string }> } } };
    expect(body.result.data.json.length).toBeGreaterThan(0);
    // No pages in this app: anything else is not found rather than served by a Next that is not there.
    expect((await fetch(`${base}/forums`)).status).toBe(404);
  });

  it("commits a signed-in mutation over HTTP and delivers its event to a subscribed socket", async () => {
    const db = app!.runtime.database.db;
    const [forum] = await db.select().from(forums).orderBy(asc(forums.id)).limit(1);
    const author = await createTestAccount(db, { role: "researcher" });
    const cookie = await sessionCookieOf(db, author.account, secret);

    const watcher = await socket();
    const ack = await new Promise<SubscribeAck>((resolve) =>
      watcher.emit("stream:subscribe", { stream: streamKey({ kind: "forum", id: forum!.id }) }, resolve),
    );
    expect(ack.ok).toBe(true);
    const delivered = new Promise<LiveEvent>((resolve) => watcher.once("stream:event", resolve));

    const response = await fetch(`${base}/api/trpc/topics.create`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie, origin: base },
      body: JSON.stringify({ json: { forumId: forum!.id, title: "Composition root", body: "Booted on port 0." } }),
    });
    expect(response.status).toBe(200);
    const created = (await response.json()) as { result: { data: { json: { id: number } } } };
    const event = await delivered;
    expect(event.type).toBe("topic:created");
    // The event carries the topic's list row, so a forum page adds it without a read.
    const topicId = created.result.data.json.id;
    expect(event.payload).toMatchObject({
      topicId,
      topic: { id: topicId, forumId: forum!.id, title: "Composition root", commentCount: 0 },
    });
  });

  it("counts a request's transaction retried after a deadlock in the app's metrics", async () => {
    const { metrics } = app!.runtime;
    const deadlocks = async () =>
      (await metrics.transactionRetries.get()).values.find((v) => v.labels.sqlstate === "40P01");
    const before = (await deadlocks())?.value ?? 0;
    let attempts = 0;
    // The deps a request's procedures get: the first attempt fails as PostgreSQL fails a deadlock's victim.
    await transact(await createRequestContext(undefined), async () => {
      attempts += 1;
      if (attempts === 1) throw Object.assign(new Error("deadlock detected"), { code: "40P01" });
    });
    expect(attempts).toBe(2);
    expect((await deadlocks())?.value).toBe(before + 1);
  });

  it("counts retries of transactions whose deps carry no retry hook (a job's, a script's) in the app's metrics", async () => {
    const { metrics, database, publisher } = app!.runtime;
    const deadlocks = async () =>
      (await metrics.transactionRetries.get()).values.find((v) => v.labels.sqlstate === "40P01")?.value ?? 0;
    const before = await deadlocks();
    const claimed = deadlockFirstTransaction(database.db);
    expect(await retryTransaction({ db: claimed.db }, async () => "claimed")).toBe("claimed");
    const used = deadlockFirstTransaction(database.db);
    expect(await transact({ db: used.db, publisher }, async () => "done")).toBe("done");
    expect([claimed.attempts(), used.attempts()]).toEqual([2, 2]);
    expect(await deadlocks()).toBe(before + 2);
  });

  // Last: it closes the app.
  it("[SHUTDOWN] closes with a vote's map refresh still queued, and nothing queries the closed database", async () => {
    const closing = app!;
    const { database, publisher } = closing.runtime;
    const [forum] = await database.db.select().from(forums).orderBy(asc(forums.id)).limit(1);
    const [member, voter] = [
      await createTestAccount(database.db, { role: "member" }),
      await createTestAccount(database.db, { role: "researcher" }),
    ];
    const as = callerFor({ db: database.db, publisher, now: () => new Date(), inviteTtlHours: 72 }, member.user);
    const topic = await as.topics.create({ forumId: forum!.id, title: "Before the restart", body: "A round." });
    const { id: roundId } = await as.opinions.create({ topicId: topic.id, question: "What should it say?" });
    const statement = await as.opinions.addStatement({ roundId, text: "Book by the hour" });
    const errors = vi.spyOn(console, "error");
    // The vote comes as a request's: its context's deps carry the app's background work.
    const response = await fetch(`${base}/api/trpc/opinions.vote`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        cookie: await sessionCookieOf(database.db, voter.account, secret),
        origin: base,
      },
      body: JSON.stringify({ json: { statementId: statement.id, choice: "agree" } }),
    });
    expect(response.status).toBe(200);
    app = undefined;
    await closing.close();
    // The dropped refresh would have started one gathering interval after the vote: wait well past it.
    await new Promise((resolve) => setTimeout(resolve, mapRefreshGatherMs * 4));
    expect(errors).not.toHaveBeenCalled();
    errors.mockRestore();
    // Its reporter went with it: a closed app's metrics count nothing more of this process.
    expect(transactionRetryReporter()).toBeUndefined();
  });
});

describe("a request context not built by createApp", () => {
  let services: TestServices;
  beforeAll(async () => {
    services = await createTestServices();
  });
  afterAll(async () => {
    await services?.close();
  });

  it("refuses two-factor procedures clearly instead of inventing a secret", async () => {
    const person = await createTestAccount(services.deps.db, { role: "researcher" });
    const { authSecret: _omitted, ...withoutSecret } = services.deps;
    const failure = await callFailure(callerFor(withoutSecret, person.user).twoFactor.status());
    expect(failure.code).toBe("INTERNAL_SERVER_ERROR");
    expect(failure.error.message).toMatch(/auth secret/);
  });
});

import { randomBytes } from "node:crypto";
import path from "node:path";
import { loadavg } from "node:os";
import { io, type Socket } from "socket.io-client";
import { z } from "zod";
import { openDatabase } from "@/db/client";
import type { Account } from "@/db/schema";
import type { ClientToServerEvents, ServerToClientEvents } from "@/server/infra/realtime/events";
import { ballotProject, ballotSettings } from "@/server/testing/ballots";
import { sessionCookieOf } from "@/server/testing/fixtures";
import { ensureBuild, root, runCleanups as runServerCleanups } from "./support/comments-setup";
import { runCleanups, say } from "./realtime/realtime-cleanup";
import { createPgliteDatabase, createPostgresDatabase } from "./realtime/realtime-database";
import { percentile } from "./realtime/realtime-report";
import { startAppServer, trpcMutation } from "./realtime/realtime-servers";
import { streamKey } from "@/server/domain/stream-access";
import { createStreamFollower } from "@/app/lib/stream-follower";
import { applyUnreadEvent, type LiveUnreadCount } from "@/app/lib/live/unread-count";
import { seededBenchDeps } from "./support/bench-deps";

/**
 * The notification benchmark (issue #9): a ballot opens for 2,000 eligible voters, each connected
 * with a socket on their own `user:<id>` stream. It measures how long until every notification row is
 * committed (they are written in the opening's transaction, so: until `ballots.open` answers) and how
 * long until every connected voter has the live push. Ends with `name=value` lines.
 */

const voters = Number(process.env.BENCH_VOTERS ?? 2000);
const connectConcurrency = 50;
type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

async function main(): Promise<void> {
  // BENCH_DATABASE_URL names a PostgreSQL server to create a throw-away database on; DATABASE_URL is ignored.
  const database = process.env.BENCH_DATABASE_URL
    ? await createPostgresDatabase(process.env.BENCH_DATABASE_URL)
    : createPgliteDatabase();
  const secret = randomBytes(32).toString("base64url");

  // Seeding, in process, before the server opens the database (PGlite allows one process at a time).
  // The chair is one of the electorate and, as the actor, is not notified: `voters` others are.
  const seedStarted = performance.now();
  const handle = await openDatabase({
    url: database.url,
    dataDir: database.dataDir,
    migrationsFolder: path.join(root, "db/migrations"),
  });
  let setup: Awaited<ReturnType<typeof ballotProject>>;
  // Each voter signs in (a session row) while this process still holds the database.
  const cookies = new Map<number, string>();
  const sessionCookie = (account: Account) => cookies.get(account.id)!;
  try {
    const deps = await seededBenchDeps(handle);
    const half = Math.floor((voters + 1) / 2);
    setup = await ballotProject(deps, { members: [half, voters + 1 - half], plans: 2 });
    for (const { account } of setup.members.flat())
      cookies.set(account.id, await sessionCookieOf(handle.db, account, secret));
  } finally {
    await handle.close();
  }
  const electorate = setup.members.flat();
  const chair = electorate[0]!;
  const recipients = electorate.slice(1);
  say(
    `seeded one submitted project with ${electorate.length} voters in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s (db=${database.kind})`,
  );

  await ensureBuild();
  // BENCH_SERVER_PROFILE=<folder>: the server writes a V8 CPU profile there when it stops.
  const profile = process.env.BENCH_SERVER_PROFILE;
  const server = await startAppServer("notify", database, {
    secret,
    appRoot: root,
    nodeArgs: profile ? ["--cpu-prof", `--cpu-prof-dir=${profile}`] : [],
  });

  // Every voter but the chair connects and follows their own stream.
  /** Per voter: arrival time by event seq. The outbox sweeper may send an event again; clients drop repeats by seq. */
  const received = new Map<number, Map<number, number>>();
  let deliveries = 0;
  const sockets: Client[] = [];
  const connectStarted = performance.now();
  let next = 0;
  /** Times the bell re-read its count (a gap or a resync); the page applies pushes without one. */
  let refetches = 0;
  async function connectOne(account: Account) {
    const stream = streamKey({ kind: "user", id: account.id });
    // As the bell: read the count with its stream head, follow the stream from that head, and apply
    // each pushed event to the count (applyUnreadEvent) instead of reading it again.
    let view = await readUnreadCount(server.base, sessionCookie(account));
    const socket: Client = io(server.base, {
      path: "/socket.io",
      transports: ["websocket"],
      forceNew: true,
      reconnection: false,
      timeout: 30_000,
      extraHeaders: { cookie: sessionCookie(account), origin: server.base },
    });
    sockets.push(socket);
    const seen = new Map<number, number>();
    received.set(account.id, seen);
    let subscribed: (() => void) | null = null;
    let refused: ((error: Error) => void) | null = null;
    const follower = createStreamFollower(
      stream,
      (input, ack) =>
        void socket
          .timeout(30_000)
          .emitWithAck("stream:subscribe", input)
          .then((result) => {
            ack(result);
            if (result.ok) subscribed?.();
            else refused?.(new Error(`subscribe refused: ${result.code}`));
          }, refused ?? undefined),
      () => ({
        onEvent: (event) => {
          const before = view.count;
          view = applyUnreadEvent(view, event);
          if (event.type === "notification:created" && view.count > before && !seen.has(event.seq))
            seen.set(event.seq, performance.now());
        },
        onResync: async () => {
          refetches += 1;
          view = await readUnreadCount(server.base, sessionCookie(account));
          return view.headSeq;
        },
      }),
      view.headSeq,
    );
    socket.on("stream:event", (event) => {
      if (event.stream === stream && event.type === "notification:created") deliveries += 1;
      follower.received(event);
    });
    await new Promise<void>((resolve, reject) => {
      subscribed = resolve;
      refused = reject;
      socket.once("connect_error", reject);
      socket.once("connect", () => follower.connected());
    });
  }
  await Promise.all(
    Array.from({ length: connectConcurrency }, async () => {
      while (next < recipients.length) await connectOne(recipients[next++]!.account);
    }),
  );
  say(
    `${sockets.length} sockets connected and subscribed in ${((performance.now() - connectStarted) / 1000).toFixed(1)} s`,
  );

  const loadBefore = loadavg()[0] ?? 0;
  const chairCookie = sessionCookie(chair.account);
  const started = performance.now();
  const opened = await trpcMutation(
    server.base,
    "ballots.open",
    { ...ballotSettings(setup.projectId), closesAt: new Date(Date.now() + 48 * 3_600_000).toISOString() },
    chairCookie,
    z.object({ id: z.number() }),
  );
  const rowsMs = performance.now() - started;
  const windowFrom = process.hrtime.bigint() / 1000n - BigInt(Math.round(rowsMs * 1000));

  // Wait until every voter has had the push (or 60 s pass).
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && [...received.values()].some((seen) => seen.size === 0))
    await new Promise((resolve) => setTimeout(resolve, 20));
  // Repeats that a late sweep may still send are counted for a second more.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const latencies = [...received.values()]
    .filter((seen) => seen.size > 0)
    .map((seen) => Math.min(...seen.values()) - started);
  const duplicates = [...received.values()].filter((seen) => seen.size > 1).length;
  const missing = recipients.length - latencies.length;
  const loadAfter = loadavg()[0] ?? 0;
  if (profile)
    say(
      `  profile window (µs): npx tsx bench/support/profile-summary.ts <file> 30 ${windowFrom} ${windowFrom + BigInt(Math.round((Math.max(...latencies) + 50) * 1000))}`,
    );
  for (const socket of sockets) socket.close();
  if (missing > 0) throw new Error(`${missing} of ${recipients.length} voters had no push within 60 s`);
  if (duplicates > 0) throw new Error(`${duplicates} voters were told twice (two notifications)`);

  const fixed = (n: number) => n.toFixed(1);
  say("");
  say(
    `ballot ${opened.id} opened for ${electorate.length} voters; ${recipients.length} notified (the chair is the actor)`,
  );
  say(`  rows committed (ballots.open answered): ${fixed(rowsMs)} ms`);
  say(
    `  push to every voter: p50 ${fixed(percentile(latencies, 50))} ms, p99 ${fixed(percentile(latencies, 99))} ms, last ${fixed(Math.max(...latencies))} ms`,
  );
  say(
    `  deliveries on the wire: ${deliveries} (${deliveries - latencies.length} repeats of an event already received, dropped by seq as the app's client does)`,
  );
  say(`  load average (1 min) before ${fixed(loadBefore)}, after ${fixed(loadAfter)}`);
  say("");
  say(`notify_rows_ms=${fixed(rowsMs)}`);
  say(`notify_push_p50_ms=${fixed(percentile(latencies, 50))}`);
  say(`notify_push_p99_ms=${fixed(percentile(latencies, 99))}`);
  say(`notify_push_max_ms=${fixed(Math.max(...latencies))}`);
  say(`notified=${latencies.length}`);
  say(`repeated_deliveries=${deliveries - latencies.length}`);
  say(`refetches=${refetches}`);
  say(`load_avg_1m=${fixed(Math.max(loadBefore, loadAfter))}`);
  say(`db=${database.kind}`);
  await server.stop();
}

/** GET notifications.unreadCount as the bell's query sends it: the count and the stream head it was read at. */
async function readUnreadCount(base: string, cookie: string): Promise<LiveUnreadCount> {
  const response = await fetch(`${base}/api/trpc/notifications.unreadCount`, {
    headers: { cookie },
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  if (response.status !== 200)
    throw new Error(`notifications.unreadCount answered ${response.status}: ${text.slice(0, 200)}`);
  return z
    .object({ result: z.object({ data: z.object({ json: z.object({ count: z.number(), headSeq: z.number() }) }) }) })
    .parse(JSON.parse(text)).result.data.json;
}

async function cleanUp(): Promise<void> {
  await runCleanups();
  await runServerCleanups();
}

let interrupted = false;
process.once("SIGINT", () => {
  interrupted = true;
  say("\ninterrupted: stopping the server and removing the database");
  void cleanUp().finally(() => process.exit(130));
});

main()
  .then(cleanUp)
  .catch(async (error: unknown) => {
    if (interrupted) return;
    process.stderr.write(
      `benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    await cleanUp();
    process.exit(1);
  });

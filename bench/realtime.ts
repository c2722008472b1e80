import { randomBytes } from "node:crypto";
import { availableParallelism, loadavg } from "node:os";
import { z } from "zod";
import { positiveInt } from "./support/bench-env";
import { runLoad, type Arm, type LoadResult } from "./realtime/realtime-load";
import { printFigures } from "./realtime/realtime-report";
import { runCleanups, say } from "./realtime/realtime-cleanup";
import {
  createPgliteDatabase,
  createPostgresDatabase,
  postgresProblem,
  prepareDatabase,
  redisCheck,
  type PreparedDatabase,
} from "./realtime/realtime-database";
import { snapshotBuild } from "./realtime/realtime-build";
import {
  openFileLimit,
  settleAfterStart,
  signIn,
  startAppServer,
  startBareServer,
  trpcMutation,
  type AppServer,
  type BareServer,
} from "./realtime/realtime-servers";
import { streamKey } from "@/server/domain/stream-access";

/**
 * The live-updates benchmark: 1,000 socket.io clients follow one topic while one comment a second is
 * posted into it through the real tRPC mutation, for 30 s. First the app as one process, then two app
 * processes behind Redis with the clients split between them; each side by side with a bare socket.io
 * server (the baseline) that has its own 1,000 clients and one event a second, the two taking turns.
 * Ends with `name=value` lines.
 */

const clients = positiveInt("BENCH_CLIENTS", 1_000);
const events = positiveInt("BENCH_SECONDS", 30);
const clientProcesses = positiveInt("BENCH_CLIENT_PROCESSES", 2);
const warmupEvents = 3;
const intervalMs = 1_000;
/** Demo member, researcher and admin, plus these: at most ~4 comments a minute each, under the limit of 10. */
const extraPosters = 5;
const databaseServer = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const redisServer = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";
/** The bare server's room; any name unlike the app's topic streams, so deliveries cannot be confused. */
const bareStream = "topic:999999999";
/** With BENCH_CPU_PROFILE_DIR set, the app servers write V8 CPU profiles there when they stop. */
const profileDir = process.env.BENCH_CPU_PROFILE_DIR;
const nodeArgs = profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [];

const startCaveat =
  "the server had not settled after starting before the baseline; memory may have been released between the two readings";

const created = z.object({ id: z.number(), threadId: z.number() });

/** Signs in every poster, creates the topic, and returns how to post one comment into it. */
async function setUpTopic(server: AppServer, prepared: PreparedDatabase) {
  const cookies: string[] = [];
  for (const poster of prepared.posters) cookies.push(await signIn(server.base, poster));
  const topic = await trpcMutation(
    server.base,
    "topics.create",
    {
      forumId: prepared.forumId,
      title: "实时更新压测 Live updates benchmark",
      body: "One comment a second while a thousand people follow this topic.",
    },
    cookies[0]!,
    created,
  );
  say(`  signed in ${cookies.length} posting accounts; topic ${topic.id} (stream topic:${topic.id})`);
  const post = async (index: number) => {
    const startedAt = Date.now();
    const comment = await trpcMutation(
      server.base,
      "comments.add",
      {
        threadId: topic.threadId,
        parentId: null,
        stance: "support",
        body: `Benchmark comment ${index + 1}: 支持跨区域联合攻关，建议明确经费分担办法。`,
        amendment: null,
      },
      // Rotating the authors keeps each under the limit of 10 comments a minute.
      cookies[index % cookies.length]!,
      created,
    );
    return { key: comment.id, startedAt };
  };
  return { stream: streamKey({ kind: "topic", id: topic.id }), cookies, post };
}

/** Every other pair of clients is signed in, so both kinds sit on every server and client process. */
const signedInCookie = (cookies: string[]) => (index: number) =>
  (index >> 1) % 2 === 0 ? cookies[(index >> 2) % cookies.length] : undefined;

const common = { clients, clientProcesses, warmupEvents, events, intervalMs };

/** The baseline arm: the bare server broadcasts on command, with the same clients as the app gets. */
function bareArm(bare: BareServer, name: string): Arm {
  return {
    name,
    stream: bareStream,
    targets: [{ group: "bare", url: bare.url }],
    cookieFor: () => undefined,
    produce: async (index) => {
      const startedAt = Date.now();
      await bare.channel.request({ type: "emit", key: index + 1 }, "emitted", 10_000);
      return { key: index + 1, startedAt };
    },
    serverProbes: [{ label: "bare server", channel: bare.channel }],
  };
}

async function runAppAndBare(appRoot: string, bare: BareServer): Promise<LoadResult> {
  say(
    "\n[1/2] app, one process (PGlite, in-memory adapter), side by side with a bare socket.io server (no app, no auth, no database)",
  );
  const database = createPgliteDatabase();
  const prepared = await prepareDatabase(database, { extraPosters });
  const server = await startAppServer("app", database, {
    secret: randomBytes(32).toString("base64url"),
    appRoot,
    nodeArgs,
  });
  try {
    const topic = await setUpTopic(server, prepared);
    const settled = await settleAfterStart([server]);
    return await runLoad({
      ...common,
      arms: [
        bareArm(bare, "bare socket.io"),
        {
          name: "app, 1 process",
          stream: topic.stream,
          targets: [{ group: "app", url: server.base }],
          cookieFor: signedInCookie(topic.cookies),
          produce: topic.post,
          serverProbes: [{ label: "app server", channel: server.channel }],
          ...(settled ? {} : { memoryCaveat: startCaveat }),
        },
      ],
    });
  } finally {
    await server.stop();
    await database.remove();
  }
}

async function runRedis(appRoot: string, bare: BareServer): Promise<LoadResult | string> {
  say(
    "\n[2/2] app, two processes behind Redis (PostgreSQL), clients split between them, events through A; again side by side with the bare server",
  );
  const postgres = await postgresProblem(databaseServer);
  const redis = postgres ? null : await redisCheck(redisServer);
  const problem = postgres ?? redis?.problem ?? null;
  if (problem || !redis) {
    say(`  skipped: ${problem} (set BENCH_DATABASE_URL / BENCH_REDIS_URL)`);
    return problem ?? "unreachable";
  }
  if (redis.otherServers > 0)
    say(
      `  note: ${redis.otherServers} other socket.io process(es) already use this Redis; pub/sub ignores database numbers, so they hear these broadcasts too`,
    );
  const database = await createPostgresDatabase(databaseServer);
  // A topic id no other installation on this Redis is likely to have, so no foreign events reach the room.
  const prepared = await prepareDatabase(database, {
    extraPosters,
    topicIdFloor: 1_000_000_000 + Math.floor(Math.random() * 1_000_000_000),
  });
  const secret = randomBytes(32).toString("base64url");
  const servers: AppServer[] = [];
  try {
    // One after the other: both seed the demo data at start, and two at once would race on it.
    servers.push(await startAppServer("A", database, { secret, redisUrl: redisServer, appRoot, nodeArgs }));
    servers.push(await startAppServer("B", database, { secret, redisUrl: redisServer, appRoot, nodeArgs }));
    const [a, b] = servers as [AppServer, AppServer];
    const topic = await setUpTopic(a, prepared);
    const settled = await settleAfterStart([a, b]);
    return await runLoad({
      ...common,
      arms: [
        bareArm(bare, "bare socket.io (Redis run)"),
        {
          name: "app, 2 processes + Redis",
          stream: topic.stream,
          targets: [
            { group: "A", url: a.base },
            { group: "B", url: b.base },
          ],
          cookieFor: signedInCookie(topic.cookies),
          produce: topic.post,
          serverProbes: [
            { label: "app server A", channel: a.channel },
            { label: "app server B", channel: b.channel },
          ],
          ...(settled ? {} : { memoryCaveat: startCaveat }),
        },
      ],
    });
  } finally {
    for (const server of servers.reverse()) await server.stop();
    await database.remove();
  }
}

async function main(): Promise<void> {
  const cores = availableParallelism();
  const files = openFileLimit();
  say(
    `bench/realtime: ${clients} clients per server setup, ${events} events (one a second) after ${warmupEvents} warm-up events, ${clientProcesses} client processes, ${cores} cores`,
  );
  say(`open-file limit (ulimit -n): ${files ?? "unknown"}`);
  // A server holds one socket per client; a client process the app's and the bare server's share.
  const neededFiles = Math.max(clients, Math.ceil((2 * clients) / clientProcesses)) + 256;
  if (files !== null && files < neededFiles)
    throw new Error(
      `ulimit -n is ${files}; ${clients} clients need at least ${neededFiles}. Raise it (ulimit -n ${Math.max(4096, neededFiles)}) and run again.`,
    );
  const appRoot = await snapshotBuild();
  const loadBefore = loadavg()[0]!;
  const bare = await startBareServer(bareStream);
  const sideBySide = await runAppAndBare(appRoot, bare);
  const redis = await runRedis(appRoot, bare);
  await bare.stop();
  const loadAfter = loadavg()[0]!;
  printFigures({ sideBySide, redis, clients, events, load: { before: loadBefore, after: loadAfter, cores } });
}

let interrupted = false;
process.once("SIGINT", () => {
  interrupted = true;
  say("\ninterrupted: stopping servers and clients, removing temporary data");
  void runCleanups().finally(() => process.exit(130));
});

main()
  .then(runCleanups)
  // Explicitly: a keep-alive socket or a stray timer must not keep a finished benchmark waiting.
  .then(() => process.exit(0))
  .catch(async (error: unknown) => {
    if (interrupted) return;
    process.stderr.write(
      `benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    await runCleanups();
    process.exit(1);
  });

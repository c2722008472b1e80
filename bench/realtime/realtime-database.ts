import { randomBytes } from "node:crypto";
import path from "node:path";
import { asc, isNull, sql } from "drizzle-orm";
import { Redis } from "ioredis";
import pg from "pg";
import { openDatabase } from "@/db/client";
import { accounts, forums, regions } from "@/db/schema";
import { demoAccounts, seedReferenceData } from "@/db/seed";
import { hashPassword } from "@/server/infra/auth/password";
import { onCleanup, root, say, temporaryFolder } from "./realtime-cleanup";

/** The databases bench/realtime.ts runs against, and whether PostgreSQL and Redis are there at all. */

/** Why PostgreSQL at this URL cannot be used, or null when it can. */
export async function postgresProblem(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query("select 1");
    return null;
  } catch (error) {
    return `PostgreSQL at ${new URL(url).host} is unreachable: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Why Redis at this URL cannot be used, or null; also how many other socket.io processes share it. */
export async function redisCheck(url: string): Promise<{ problem: string | null; otherServers: number }> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 3_000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  // ioredis rejects with "Connection is closed"; the cause (ECONNREFUSED, ...) comes as an error event.
  let cause: string | undefined;
  redis.on("error", (error: Error) => (cause ??= error.message));
  try {
    await redis.connect();
    await redis.ping();
    // Pub/sub ignores the database number: every socket.io process on this Redis hears our broadcasts.
    const counts = (await redis.call("PUBSUB", "NUMSUB", "socket.io-request#/#")) as [string, number];
    return { problem: null, otherServers: Number(counts[1] ?? 0) };
  } catch (error) {
    return {
      problem: `Redis at ${new URL(url).host} is unreachable: ${cause ?? (error instanceof Error ? error.message : String(error))}`,
      otherServers: 0,
    };
  } finally {
    redis.disconnect();
  }
}

export interface BenchDatabase {
  kind: "pglite" | "postgres";
  url?: string;
  dataDir?: string;
  /** Environment a server needs to open the same database. */
  serverEnv: Record<string, string>;
  /** Removes the folder or drops the database now. */
  remove: () => Promise<void>;
}

export function createPgliteDatabase(): BenchDatabase {
  const { dir, remove } = temporaryFolder("xietong-bench-rt-");
  say(`  database: embedded PGlite in ${dir}/pglite (removed at the end)`);
  // The server opens `${XIETONG_DATA_DIR}/pglite`.
  return {
    kind: "pglite",
    dataDir: path.join(dir, "pglite"),
    serverEnv: { XIETONG_DATA_DIR: dir, DATABASE_URL: "" },
    remove,
  };
}

export async function createPostgresDatabase(serverUrl: string): Promise<BenchDatabase> {
  const name = `xietong_bench_rt_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 5_000 });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const remove = onCleanup(`drop database ${name}`, async () => {
    const dropper = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 5_000 });
    await dropper.connect();
    try {
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } finally {
      await dropper.end();
    }
  });
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  say(`  database: ${name} on ${url.host} (dropped at the end)`);
  return { kind: "postgres", url: url.toString(), serverEnv: { DATABASE_URL: url.toString() }, remove };
}

export interface Poster {
  email: string;
  password: string;
}

export interface PreparedDatabase {
  forumId: number;
  /** Accounts that may post comments: the demo ones the server creates, and extra ones seeded here. */
  posters: Poster[];
}

/**
 * Migrations, reference data and extra posting accounts, written before any server opens the database
 * (PGlite allows one process). A person may post 10 comments a minute, so the events rotate over
 * several accounts. With `topicIdFloor` the topic ids start high, so the stream's name cannot clash
 * with another installation's on a shared Redis.
 */
export async function prepareDatabase(
  database: BenchDatabase,
  options: { extraPosters: number; topicIdFloor?: number },
): Promise<PreparedDatabase> {
  const handle = await openDatabase({
    url: database.url,
    dataDir: database.dataDir,
    migrationsFolder: path.join(root, "db/migrations"),
  });
  try {
    await handle.migrate();
    await seedReferenceData(handle.db);
    const [forum] = await handle.db
      .select({ id: forums.id })
      .from(forums)
      .where(isNull(forums.archivedAt))
      .orderBy(asc(forums.id))
      .limit(1);
    const [region] = await handle.db
      .select({ id: regions.id })
      .from(regions)
      .where(isNull(regions.retiredAt))
      .orderBy(asc(regions.id))
      .limit(1);
    if (!forum || !region) throw new Error("reference data has no open forum or region");
    const password = randomBytes(18).toString("base64url");
    // One full-cost hash shared by the extra accounts (each sign-in still verifies at full cost).
    const passwordHash = await hashPassword(password);
    const tag = randomBytes(3).toString("hex");
    const extra = Array.from({ length: options.extraPosters }, (_, i) => ({
      email: `bench-rt-${tag}-${i + 1}@bench.xietong.cn`,
      password,
    }));
    await handle.db.insert(accounts).values(
      extra.map((poster, i) => ({
        email: poster.email,
        displayName: `Bench poster ${i + 1}`,
        organisation: "bench/realtime",
        role: "researcher" as const,
        regionId: region.id,
        passwordHash,
      })),
    );
    if (options.topicIdFloor) await handle.db.execute(sql`select setval('topics_id_seq', ${options.topicIdFloor})`);
    const demoPosters = demoAccounts
      .filter((a) => a.role !== "moderator")
      .map((a) => ({ email: a.email, password: a.password }));
    return { forumId: forum.id, posters: [...demoPosters, ...extra] };
  } finally {
    await handle.close();
  }
}

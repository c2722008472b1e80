import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import { pgliteLanes } from "./pglite-lanes";
import * as schema from "./schema";

export type Schema = typeof schema;
/** The drizzle handle both drivers share; services and routers depend on this, never on a driver. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type DbKind = "pglite" | "postgres";

export interface DatabaseHandle {
  db: Db;
  kind: DbKind;
  migrate(): Promise<void>;
  close(): Promise<void>;
  /** Connections in use / total, for metrics; PGlite has one connection. */
  poolStats(): { total: number; idle: number; waiting: number };
  /** Two connections of their own on PostgreSQL, for writes that must not wait behind requests; on PGlite the priority lane (pglite-lanes.ts). */
  priorityDb: Db;
  /** PGlite only: the whole data folder as one tar, for loadDataDir. */
  dumpDataDir?: () => Promise<Blob>;
}

export const defaultMigrationsFolder = (): string => path.resolve(process.cwd(), "db/migrations");

export interface OpenDatabaseOptions {
  /** postgres:// URL; when absent the embedded PGlite is used. */
  url?: string;
  /** PGlite data folder, or "memory://" for a throw-away database. */
  dataDir?: string;
  /** A PGlite data folder saved with dumpDataDir, to start from (tests start from a migrated copy). */
  loadDataDir?: Blob;
  migrationsFolder?: string;
  poolSize?: number;
  onIdleError?: (error: Error) => void;
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  const migrationsFolder = options.migrationsFolder ?? defaultMigrationsFolder();
  if (options.url) {
    // JIT compilation pays off for analytics, not for this app's short queries: on a table without
    // statistics yet it was seen making a comment-page query many times slower (bench/README.md).
    const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10, options: "-c jit=off" });
    // An idle connection the server drops (restart, failover) must not crash the process; the pool
    // replaces it on the next checkout.
    pool.on("error", (error) => options.onIdleError?.(error));
    // Fail at start with the server's own message rather than on the first request.
    const client = await pool.connect();
    client.release();
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    const priorityPool = new pg.Pool({ connectionString: options.url, max: 2, options: "-c jit=off" });
    priorityPool.on("error", (error) => options.onIdleError?.(error));
    return {
      db,
      priorityDb: drizzlePg(priorityPool, { schema }) as unknown as Db,
      kind: "postgres",
      migrate: () => migratePg(drizzlePg(pool, { schema }), { migrationsFolder }),
      close: async () => {
        await Promise.all([pool.end(), priorityPool.end()]);
      },
      poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    };
  }

  const dataDir = options.dataDir ?? ".data/pglite";
  const inMemory = dataDir.startsWith("memory://");
  const releaseLock = inMemory ? () => undefined : lockDataFolder(dataDir);
  try {
    const client = new PGlite(dataDir, options.loadDataDir ? { loadDataDir: options.loadDataDir } : {});
    await client.waitReady;
    // drizzle's PGlite driver calls only query() and transaction() on its client (the lanes).
    const lanes = pgliteLanes(client);
    const driver = drizzlePglite({ client: lanes.normal as PGlite, schema });
    return {
      db: driver as unknown as Db,
      priorityDb: drizzlePglite({ client: lanes.priority as PGlite, schema }) as unknown as Db,
      kind: "pglite",
      migrate: () => migratePglite(driver, { migrationsFolder }),
      close: async () => {
        await client.close();
        releaseLock();
      },
      dumpDataDir: () => client.dumpDataDir("none"),
      poolStats: () => ({ total: 1, idle: 1, waiting: 0 }),
    };
  } catch (error) {
    releaseLock();
    throw error;
  }
}

/**
 * Two PGlite instances on one folder silently lose committed rows, so one process holds the folder
 * for its whole life. A lock left by a process that no longer exists is taken over.
 */
function lockDataFolder(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(path.dirname(path.resolve(dataDir)), `${path.basename(dataDir)}.lock`);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = openSync(lockPath, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number.parseInt(readFileSync(lockPath, "utf8"), 10);
      if (Number.isInteger(holder) && holder !== process.pid && processIsAlive(holder)) {
        throw new Error(
          `The embedded database folder ${dataDir} is in use by process ${holder}. ` +
            "Stop that process, or set DATABASE_URL / XIETONG_DATA_DIR to use another database.",
        );
      }
      rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`Could not lock the embedded database folder ${dataDir}`);
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

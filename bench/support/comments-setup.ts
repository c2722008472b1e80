import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { openDatabase } from "@/db/client";
import { seedReferenceData } from "@/db/seed";
import { seedCommentsTopic, type SeedCommentsOptions, type SeededTopic } from "./seed-comments";
import { seedBallotProject, type SeededProject } from "./seed-project";

/** What bench/comments.ts measures against: a fresh, seeded database and the production server on it. */

export const root = path.resolve(import.meta.dirname, "../..");
export const say = (line = "") => process.stdout.write(`${line}\n`);

// ---------------------------------------------------------------------------------------------------
// Cleanups run in reverse order, at the end, on failure and on Ctrl-C.

const cleanups: (() => Promise<void> | void)[] = [];

export async function runCleanups(): Promise<void> {
  for (const cleanup of cleanups.splice(0).reverse()) {
    try {
      await cleanup();
    } catch (error) {
      process.stderr.write(`cleanup failed: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  }
}

// After Ctrl-C during seeding the in-process PGlite can still write into its folder after the cleanup
// ran, so the folder is removed once more, synchronously, at exit.
const temporaryFolders = new Set<string>();
process.once("exit", () => {
  for (const dir of temporaryFolders) rmSync(dir, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------------
// Database: a fresh PGlite folder, or a fresh database on BENCH_DATABASE_URL's server.

/** Folder and database names carry the benchmark's name (`[a-z]+`), e.g. xietong_bench_comments_…. */
const folderPrefix = (name: string) => `xietong-bench-${name}-`;
const databasePrefix = (name: string) => `xietong_bench_${name}_`;
/** A run takes about a minute; anything of ours older than this was left by an interrupted one. */
const leftoverAgeMs = 15 * 60_000;

export interface BenchDatabase {
  kind: "pglite" | "postgres";
  /** Environment the server needs to open the same database. */
  serverEnv: Record<string, string>;
  url?: string;
  dataDir?: string;
}

export async function createBenchDatabase(benchmark = "comments"): Promise<BenchDatabase> {
  const serverUrl = process.env.BENCH_DATABASE_URL;
  if (serverUrl) {
    const name = `${databasePrefix(benchmark)}${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await dropLeftoverDatabases(admin, databasePrefix(benchmark));
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    cleanups.push(async () => {
      const dropper = new pg.Client({ connectionString: serverUrl });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    });
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    say(`database: ${name} on ${url.host} (dropped at the end)`);
    return { kind: "postgres", url: url.toString(), serverEnv: { DATABASE_URL: url.toString() } };
  }
  removeLeftoverFolders(folderPrefix(benchmark));
  const dir = mkdtempSync(path.join(tmpdir(), folderPrefix(benchmark)));
  temporaryFolders.add(dir);
  cleanups.push(() => {
    rmSync(dir, { recursive: true, force: true });
    temporaryFolders.delete(dir);
  });
  say(`database: embedded PGlite in ${dir}/pglite (removed at the end)`);
  // The server opens `${XIETONG_DATA_DIR}/pglite`.
  return { kind: "pglite", dataDir: path.join(dir, "pglite"), serverEnv: { XIETONG_DATA_DIR: dir } };
}

/**
 * A run stopped by SIGKILL (tsx sends one when its child does not acknowledge Ctrl-C within ~60 ms,
 * which a busy seeding may not) leaves its database behind; the next run removes it.
 */
async function dropLeftoverDatabases(admin: pg.Client, prefix: string): Promise<void> {
  const { rows } = await admin.query<{ datname: string }>(
    "select datname from pg_database d where datname like $1 and not exists (select 1 from pg_stat_activity a where a.datname = d.datname)",
    [`${prefix}%`],
  );
  for (const { datname } of rows) {
    const createdAt = Number.parseInt(datname.slice(prefix.length).split("_")[0] ?? "", 36);
    if (!(Date.now() - createdAt > leftoverAgeMs) || !/^[a-z0-9_]+$/.test(datname)) continue;
    await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    say(`removed database ${datname}, left by an interrupted run`);
  }
}

function removeLeftoverFolders(prefix: string): void {
  for (const name of readdirSync(tmpdir()).filter((entry) => entry.startsWith(prefix))) {
    const dir = path.join(tmpdir(), name);
    if (Date.now() - statSync(dir).mtimeMs < leftoverAgeMs || lockHolderAlive(path.join(dir, "pglite.lock"))) continue;
    rmSync(dir, { recursive: true, force: true });
    say(`removed ${dir}, left by an interrupted run`);
  }
}

function lockHolderAlive(lockPath: string): boolean {
  try {
    process.kill(Number.parseInt(readFileSync(lockPath, "utf8"), 10), 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Migrates, seeds reference data, the benchmark topic and a project with its ballot, and closes: the server opens it next. */
export async function seedBenchDatabase(
  database: BenchDatabase,
  options: Omit<SeedCommentsOptions, "log">,
): Promise<{ topic: SeededTopic; project: SeededProject }> {
  const handle = await openDatabase({
    url: database.url,
    dataDir: database.dataDir,
    migrationsFolder: path.join(root, "db/migrations"),
  });
  try {
    await handle.migrate();
    await seedReferenceData(handle.db);
    const started = performance.now();
    const topic = await seedCommentsTopic(handle.db, { ...options, log: (line) => say(`  ${line}`) });
    const project = await seedBallotProject(handle.db);
    say(
      `  seeded project ${project.projectId}: ${project.coauthors} co-proposers, ${project.versions} versions, ${project.plans} plans, an open ballot`,
    );
    say(`  seeding took ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return { topic, project };
  } finally {
    await handle.close();
  }
}

// ---------------------------------------------------------------------------------------------------
// The production build and server.

export async function ensureBuild(): Promise<void> {
  await waitForRunningBuild();
  const buildId = path.join(root, ".next/BUILD_ID");
  if (!existsSync(buildId)) {
    say("no production build (.next/BUILD_ID missing): running `npx next build` first");
    const result = spawnSync("npx", ["next", "build"], {
      cwd: root,
      stdio: "inherit",
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    });
    if (result.status !== 0) throw new Error(`next build failed with status ${result.status}`);
    return;
  }
  // Routes are bundled at build time: an older build measures older code, even of server/.
  const builtAt = statSync(buildId).mtimeMs;
  const newer = ["app", "server", "db", "i18n", "messages"].flatMap((folder) =>
    newerSources(path.join(root, folder), builtAt),
  );
  if (newer.length > 0) {
    say(
      `warning: the production build is older than ${newer.length} source file(s), e.g. ${path.relative(root, newer[0]!)}; run \`npm run build\` to measure the current code`,
    );
  }
}

/** Next holds `.next/lock` while it builds, and writes BUILD_ID before it has finished. */
async function waitForRunningBuild(): Promise<void> {
  const lock = path.join(root, ".next/lock");
  if (!existsSync(lock)) return;
  say("another `next build` is running in this checkout: waiting for it to finish");
  const started = performance.now();
  while (existsSync(lock)) {
    if (performance.now() - started > 600_000)
      throw new Error(`${lock} has been there for 10 minutes; remove it if no build is running`);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

function newerSources(folder: string, than: number): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { recursive: true, encoding: "utf8" })
    .filter((file) => /\.(jsx?|tsx?|json|css)$/.test(file) && !/\.test\.ts$/.test(file) && !file.startsWith(".next"))
    .map((file) => path.join(folder, file))
    .filter((file) => statSync(file).mtimeMs > than);
}

async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const probe = createServer();
      probe.once("error", reject);
      probe.listen(0, "127.0.0.1", () => {
        const address = probe.address();
        probe.close(() => resolve(typeof address === "object" && address ? address.port : 0));
      });
    });
    // Ports other engineers' servers use on this machine.
    if (port !== 0 && port !== 3100 && port !== 3210) return port;
  }
}

export interface BenchServer {
  base: string;
  pid: number;
}

/**
 * How a benchmark starts a TypeScript server: through tsx with this Node, or with BENCH_NODE=<path to a
 * node binary> under that Node instead (both servers of a comparison run alike), so the same build can
 * be measured on another Node release; with Node flags, under `node --import tsx`.
 */
function serverCommand(script: string, scriptArgs: string[], nodeArgs: string[]): [string, string[]] {
  const node = process.env.BENCH_NODE;
  if (!node && nodeArgs.length === 0) return [path.join(root, "node_modules/.bin/tsx"), [script, ...scriptArgs]];
  return [node ? path.resolve(node) : process.execPath, [...nodeArgs, "--import", "tsx", script, ...scriptArgs]];
}

/** The Node release the benchmark's servers run on (BENCH_NODE's, or this one's). */
export function serverNodeVersion(): string {
  const node = process.env.BENCH_NODE;
  if (!node) return process.version;
  const result = spawnSync(path.resolve(node), ["--version"], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`BENCH_NODE=${node} did not run: ${result.stderr || result.error}`);
  return result.stdout.trim();
}

/** `tsx server/main.ts` in production mode on a free port, ready when /api/health answers 200. */
export async function startServer(
  database: BenchDatabase,
  extraEnv: Record<string, string> = {},
): Promise<BenchServer> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env };
  // Only the database chosen here, and one process with in-memory sockets.
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  Object.assign(env, database.serverEnv, {
    NODE_ENV: "production",
    XIETONG_DEMO: "0",
    NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
    NEXTAUTH_URL: `http://127.0.0.1:${port}`,
    PORT: String(port),
    HOST: "127.0.0.1",
    LOG_LEVEL: "warn",
    NEXT_TELEMETRY_DISABLED: "1",
    ...extraEnv,
  });
  // BENCH_SERVER_PROFILE=<folder>: the server writes a V8 CPU profile there when it stops (open it in Chrome's DevTools).
  const profile = process.env.BENCH_SERVER_PROFILE;
  const [command, args] = serverCommand(
    "server/main.ts",
    [],
    profile ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(profile)}`] : [],
  );
  const child = spawn(command, args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const relay = (chunk: Buffer) => {
    output = (output + chunk.toString("utf8")).slice(-4000);
    process.stderr.write(chunk.toString("utf8").replace(/^(?=.)/gm, "[server] "));
  };
  child.stdout?.on("data", relay);
  child.stderr?.on("data", relay);
  let exitCode: number | null | undefined;
  const exited = new Promise<void>((resolve) =>
    child.once("exit", (code) => {
      exitCode = code;
      resolve();
    }),
  );
  cleanups.push(async () => {
    if (exitCode !== undefined) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
    await exited;
    clearTimeout(timer);
  });

  const base = `http://127.0.0.1:${port}`;
  const seconds = await waitUntilAnswering(`${base}/api/health`, 120_000, () =>
    exitCode === undefined ? null : `server exited with status ${exitCode} before it was ready:\n${output}`,
  );
  say(`server ready on ${base} in ${seconds.toFixed(1)} s (pid ${child.pid})`);
  return { base, pid: child.pid ?? 0 };
}

/**
 * Polls `url` until it answers 200 and returns the seconds that took; throws with `failure()`'s
 * message once the process behind it has stopped, or after `timeoutMs`.
 */
async function waitUntilAnswering(url: string, timeoutMs: number, failure: () => string | null): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    const stopped = failure();
    if (stopped !== null) throw new Error(stopped);
    const status = await fetch(url).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return (performance.now() - started) / 1000;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

/**
 * CPU time (user + system) the server's process tree has used, from /proc; null where there is no
 * /proc. It grows far less than latency when other work competes for the cores.
 */
export function processTreeCpuMs(pid: number): number | null {
  try {
    const [, rest = ""] = readFileSync(`/proc/${pid}/stat`, "utf8").split(/\) (?=[A-Z] )/);
    const fields = rest.split(" ");
    // utime and stime are fields 14 and 15 of proc(5)'s stat, in clock ticks (100 a second on Linux).
    let ms = (Number(fields[11]) + Number(fields[12])) * 10;
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      for (const child of readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").split(" ").filter(Boolean)) {
        ms += processTreeCpuMs(Number(child)) ?? 0;
      }
    }
    return Number.isFinite(ms) ? ms : null;
  } catch {
    return null;
  }
}

/**
 * Runs a benchmark's `main`, then `cleanUp`, also on failure (exit 1) and on Ctrl-C (exit 130).
 * Stopping the server on Ctrl-C fails the request in flight; that is not the benchmark failing.
 */
export function runBenchmark(main: () => Promise<void>, cleanUp: () => Promise<void>, whatStops: string): void {
  let interrupted = false;
  process.once("SIGINT", () => {
    interrupted = true;
    say(`\ninterrupted: ${whatStops}`);
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
}

// ---------------------------------------------------------------------------------------------------
// The baseline for page CPU: the smallest App Router app (bench/fixtures/bare-next), same Next, same Node.

const bareNextDir = path.join(root, "bench/fixtures/bare-next");

/** Builds the bare app when it has no build or its files are newer than the build (a few seconds). */
export function ensureBareNextBuild(): void {
  const buildId = path.join(bareNextDir, ".next/BUILD_ID");
  const builtAt = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
  if (builtAt > 0 && newerSources(bareNextDir, builtAt).length === 0) return;
  say("building the bare Next app the page figures are compared with (bench/fixtures/bare-next)");
  const result = spawnSync("npx", ["next", "build", bareNextDir], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
  });
  if (result.status !== 0) throw new Error(`next build ${bareNextDir} failed with status ${result.status}`);
}

/** Starts bench/support/bare-next-server.ts on a free port; stopped with the other cleanups. */
export async function startBareNext(): Promise<BenchServer> {
  const port = await freePort();
  const [command, args] = serverCommand("bench/support/bare-next-server.ts", [String(port)], []);
  const child = spawn(command, args, {
    cwd: root,
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  cleanups.push(async () => {
    if (child.exitCode !== null) return;
    child.kill("SIGTERM");
    await exited;
  });
  const base = `http://127.0.0.1:${port}`;
  await waitUntilAnswering(`${base}/`, 60_000, () =>
    child.exitCode === null ? null : `the bare Next server exited with status ${child.exitCode}`,
  );
  return { base, pid: child.pid ?? 0 };
}

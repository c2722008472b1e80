import { fork, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { z } from "zod";
import { onCleanup, root, say, sleep, temporaryFolder } from "./realtime-cleanup";
import type { BenchDatabase, Poster } from "./realtime-database";
import { Channel } from "./realtime-ipc";

/** The processes bench/realtime.ts starts (app servers, the bare server, client fleets) and its HTTP calls. */

// ---------------------------------------------------------------------------------------------------
// Preconditions.

/** The soft limit on open files, which every child inherits; null where the shell cannot tell. */
export function openFileLimit(): number | null {
  const result = spawnSync("sh", ["-c", "ulimit -n"], { encoding: "utf8" });
  const value = result.stdout.trim();
  if (value === "unlimited") return Number.POSITIVE_INFINITY;
  const parsed = Number.parseInt(value, 10);
  return Number.isFinite(parsed) ? parsed : null;
}

export async function freePort(): Promise<number> {
  // BENCH_PORTS=3600-3649 keeps the servers in the range one engineer was given on a shared machine.
  const range = /^(\d+)-(\d+)$/.exec(process.env.BENCH_PORTS ?? "");
  if (range) {
    for (let port = Number(range[1]); port <= Number(range[2]); port += 1) if (await portIsFree(port)) return port;
    throw new Error(`no free port in BENCH_PORTS=${process.env.BENCH_PORTS}`);
  }
  for (let attempt = 0; attempt < 20; attempt += 1) {
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
  throw new Error("no free port found");
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}

// ---------------------------------------------------------------------------------------------------
// Child processes.

async function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
}

export interface AppServer {
  label: string;
  base: string;
  channel: Channel;
  /** Resident memory (RSS less empty V8 heap) when it became ready; see settleAfterStart. */
  readyResident: number;
  stop: () => Promise<void>;
}

async function residentMemory(channel: Channel): Promise<number> {
  const m = await channel.request({ type: "memory" }, "memory", 30_000);
  return m.rss - (m.heapTotal - m.heapUsed);
}

/**
 * The production server, one process (`node --import tsx`, so signals reach the server itself), with
 * the probe preloaded and `--expose-gc` so memory is read after a full collection. It runs in
 * `appRoot`, the snapshot of the checkout from bench/realtime/realtime-build.ts.
 */
/** How long an app server may take to answer /api/health (BENCH_START_TIMEOUT_MS; a busy shared machine needs more). */
const startTimeoutMs = Number(process.env.BENCH_START_TIMEOUT_MS) || 120_000;

export async function startAppServer(
  label: string,
  database: BenchDatabase,
  options: {
    secret: string;
    redisUrl?: string;
    appRoot: string;
    /** Extra node flags, e.g. --cpu-prof when looking for where time goes. */ nodeArgs?: string[];
  },
): Promise<AppServer> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...database.serverEnv,
    NODE_ENV: "production",
    XIETONG_DEMO: "1",
    NEXTAUTH_SECRET: options.secret,
    NEXTAUTH_URL: `http://127.0.0.1:${port}`,
    REDIS_URL: options.redisUrl ?? "",
    PORT: String(port),
    HOST: "127.0.0.1",
    LOG_LEVEL: "warn",
    NEXT_TELEMETRY_DISABLED: "1",
  };
  // PGlite needs XIETONG_DATA_DIR from serverEnv; on PostgreSQL the server still gets a folder of its own.
  if (!database.serverEnv.XIETONG_DATA_DIR) {
    env.XIETONG_DATA_DIR = temporaryFolder("xietong-bench-rt-data-").dir;
  }
  const child = spawn(
    process.execPath,
    [
      "--expose-gc",
      ...(options.nodeArgs ?? []),
      "--import",
      "tsx",
      "--import",
      "./bench/realtime/realtime-probe.ts",
      "server/main.ts",
    ],
    {
      cwd: options.appRoot,
      env,
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    },
  );
  const stop = onCleanup(`stop app server ${label}`, () => stopChild(child, 15_000));
  let output = "";
  const keep = (chunk: Buffer) => (output = (output + chunk.toString("utf8")).slice(-4000));
  child.stdout?.on("data", (chunk: Buffer) => {
    keep(chunk);
    // Only log lines (warnings and errors at LOG_LEVEL=warn), not the demo-account banner.
    for (const line of chunk.toString("utf8").split("\n"))
      if (line.startsWith("{")) process.stderr.write(`[app ${label}] ${line}\n`);
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    keep(chunk);
    process.stderr.write(chunk.toString("utf8").replace(/^(?=.)/gm, `[app ${label}] `));
  });
  let exitCode: number | string | null | undefined;
  child.once("exit", (code, signal) => (exitCode = signal ?? code));

  const base = `http://127.0.0.1:${port}`;
  const started = performance.now();
  while (performance.now() - started < startTimeoutMs) {
    if (exitCode !== undefined)
      throw new Error(`app server ${label} exited (${exitCode}) before it was ready:\n${output}`);
    const status = await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(5_000) }).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) {
      say(
        `  app server ${label} ready on ${base} in ${((performance.now() - started) / 1000).toFixed(1)} s (pid ${child.pid})`,
      );
      const channel = new Channel(child, `app server ${label}`);
      return { label, base, channel, readyResident: await residentMemory(channel), stop };
    }
    await sleep(250);
  }
  throw new Error(`app server ${label} did not answer /api/health within ${startTimeoutMs / 1000} s:\n${output}`);
}

/**
 * Lets freshly started servers hand back the memory of starting before the memory baseline is read.
 * tsx's module hooks run in a thread of their own, a V8 isolate that `process.memoryUsage()` does not
 * see, and its heap holds some 40 MB after the server has loaded; V8's memory reducer gives it back
 * 10–60 s after that thread last worked (`--trace-gc` shows the hooks isolate's "Mark-Compact
 * (reduce)" at the moment RSS drops), and the main heap shrinks in steps of its own. A baseline read
 * before that makes the memory per connection come out tens of kilobytes low, even negative. Polls
 * every 2 s until every server has released it and RSS has then held still for 10 s, or `maxMs` has
 * passed; returns whether that happened.
 */
export async function settleAfterStart(servers: AppServer[], maxMs = 90_000): Promise<boolean> {
  say(
    `  waiting for the server${servers.length > 1 ? "s" : ""} to hand back the memory of starting (up to ${maxMs / 1000} s), so that it does not count against the connections`,
  );
  const started = Date.now();
  const released = servers.map(() => false);
  let still: { since: number; rss: number[] } | null = null;
  for (;;) {
    const now = await Promise.all(
      servers.map((server) => server.channel.request({ type: "memory" }, "memory", 30_000)),
    );
    now.forEach((m, i) => {
      // Measured without the empty V8 heap, so the main heap shrinking is not taken for the release.
      if (servers[i]!.readyResident - (m.rss - (m.heapTotal - m.heapUsed)) > 20 * 1_048_576) released[i] = true;
    });
    const rss = now.map((m) => m.rss);
    if (released.includes(false) || !still || rss.some((value, i) => Math.abs(value - still!.rss[i]!) > 2 * 1_048_576))
      still = { since: Date.now(), rss };
    const settled = !released.includes(false) && Date.now() - still.since >= 10_000;
    if (settled || Date.now() - started >= maxMs) {
      const seconds = ((Date.now() - started) / 1000).toFixed(0);
      say(
        `    ${settled ? `settled after ${seconds} s` : `not settled within ${seconds} s: this run's RSS per connection is not reliable`}`,
      );
      return settled;
    }
    await sleep(2_000);
  }
}

export interface BareServer {
  url: string;
  channel: Channel;
  stop: () => Promise<void>;
}

export async function startBareServer(stream: string): Promise<BareServer> {
  const child = fork(path.join(root, "bench/realtime/realtime-bare.ts"), [], {
    cwd: root,
    execArgv: ["--expose-gc", "--import", "tsx"],
    env: { ...process.env, BENCH_STREAM: stream },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const stop = onCleanup("stop bare server", () => stopChild(child, 5_000));
  const channel = new Channel(child, "bare server");
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("bare server did not start within 30 s")), 30_000);
    child.once("exit", (code) => reject(new Error(`bare server exited with ${code}`)));
    channel.onNotice((notice) => {
      if (notice.type !== "ready") return;
      clearTimeout(timer);
      resolve(notice.port);
    });
  });
  say(`  bare socket.io server ready on http://127.0.0.1:${port} (pid ${child.pid})`);
  return { url: `http://127.0.0.1:${port}`, channel, stop };
}

export interface ClientFleet {
  channel: Channel;
  stop: () => Promise<void>;
}

export function forkClientFleet(label: string): ClientFleet {
  const child = fork(path.join(root, "bench/realtime/realtime-clients.ts"), [], {
    cwd: root,
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const stop = onCleanup(`stop ${label}`, () => stopChild(child, 5_000));
  return { channel: new Channel(child, label), stop };
}

// ---------------------------------------------------------------------------------------------------
// HTTP: next-auth sign-in and tRPC calls, as a browser makes them.

const cookiePair = (setCookie: string) => setCookie.split(";")[0] ?? "";

/** Signs in over next-auth's credentials callback (as e2e/fixtures.ts does); returns the session cookie. */
export async function signIn(base: string, poster: Poster): Promise<string> {
  const csrfResponse = await fetch(`${base}/api/auth/csrf`, { signal: AbortSignal.timeout(15_000) });
  const { csrfToken } = z.object({ csrfToken: z.string() }).parse(await csrfResponse.json());
  const csrfCookies = csrfResponse.headers.getSetCookie().map(cookiePair).join("; ");
  const response = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookies },
    body: new URLSearchParams({ csrfToken, email: poster.email, password: poster.password, json: "true" }),
    signal: AbortSignal.timeout(15_000),
  });
  const session = response.headers
    .getSetCookie()
    .map(cookiePair)
    .find((c) => /^(__Secure-)?next-auth\.session-token=/.test(c));
  if (!session) throw new Error(`sign-in of ${poster.email} failed (status ${response.status}, no session cookie)`);
  return session;
}

/** POST /api/trpc/<path> with a superjson body, as the browser's tRPC client sends a mutation. */
export async function trpcMutation<T>(
  base: string,
  procedure: string,
  input: unknown,
  cookie: string,
  output: z.ZodType<T>,
): Promise<T> {
  const response = await fetch(`${base}/api/trpc/${procedure}`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie },
    body: JSON.stringify({ json: input }),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${procedure} answered ${response.status}: ${text.slice(0, 400)}`);
  return z.object({ result: z.object({ data: z.object({ json: output }) }) }).parse(JSON.parse(text)).result.data.json;
}

import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import http from "node:http";
import { availableParallelism, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import path from "node:path";
import { openDatabase } from "@/db/client";
import { accounts, regions } from "@/db/schema";
import { seedReferenceData } from "@/db/seed";
import { hashPassword } from "@/server/infra/auth/password";
import { positiveInt } from "./support/bench-env";
import {
  createBenchDatabase,
  ensureBuild,
  processTreeCpuMs,
  root,
  runBenchmark,
  runCleanups,
  say,
  startServer,
  type BenchDatabase,
} from "./support/comments-setup";
import { signIn } from "./realtime/realtime-servers";

/**
 * What one API call costs the server beyond HTTP itself: a trivial public procedure, a trivial
 * signed-in procedure and a bare Node `http` JSON handler, each sent sequentially over one keep-alive
 * connection and then 8-way concurrently. Ends with `name=value` lines.
 */

const sequential = positiveInt("BENCH_API_REQUESTS", 2_000);
const concurrent = sequential;
const concurrency = 8;
const warmup = 200;

interface Case {
  label: string;
  url: string;
  headers?: Record<string, string>;
  pid: number;
}

interface Figures {
  label: string;
  cpuMs: number;
  seqP50Ms: number;
  seqP99Ms: number;
  rps: number;
}

function get(agent: http.Agent, target: Case): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.get(target.url, { agent, headers: target.headers ?? {} }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => {
        const body = Buffer.concat(chunks).toString("utf8");
        // A refusal or an error answer would be cheap and flatter the figures.
        if (response.statusCode !== 200 || !body.includes('"result"'))
          reject(new Error(`${target.label} answered ${response.statusCode}: ${body.slice(0, 300)}`));
        else resolve(response.statusCode);
      });
      response.on("error", reject);
    });
    request.on("error", reject);
  });
}

function cpuOf(pid: number): number {
  const ms = processTreeCpuMs(pid);
  if (ms === null) throw new Error(`cannot read /proc/${pid}/stat: this benchmark measures server CPU from /proc`);
  return ms;
}

/**
 * A page's call exactly as app/providers.tsx sends it: httpBatchLink's GET with `batch=1` and the
 * superjson-encoded (absent) input, even for one procedure, and the answer is a batch (an array).
 */
function batchUrl(base: string, procedure: string): string {
  const input = JSON.stringify({ 0: { json: null, meta: { values: ["undefined"], v: 1 } } });
  return `${base}/api/trpc/${procedure}?batch=1&input=${encodeURIComponent(input)}`;
}

/** What a browser's fetch from a page sends besides the URL (Chrome's, same-origin). */
function browserHeaders(base: string, cookies: string[]): Record<string, string> {
  return {
    accept: "*/*",
    "accept-language": "zh-CN,zh;q=0.9,en;q=0.8",
    "accept-encoding": "gzip, deflate, br, zstd",
    "user-agent":
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    referer: `${base}/zh-CN/forums`,
    "sec-fetch-dest": "empty",
    "sec-fetch-mode": "cors",
    "sec-fetch-site": "same-origin",
    // next-auth's own cookies ride along on every request once a browser has seen its sign-in page.
    cookie: [
      "NEXT_LOCALE=zh-CN",
      `next-auth.csrf-token=${randomBytes(32).toString("hex")}%7C${randomBytes(32).toString("hex")}`,
      `next-auth.callback-url=${encodeURIComponent(`${base}/zh-CN`)}`,
      ...cookies,
    ].join("; "),
  };
}

const percentile = (sorted: number[], p: number) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;

async function measure(target: Case): Promise<Figures> {
  const single = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const pool = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  try {
    for (let i = 0; i < warmup; i += 1) await get(single, target);
    const cpuBefore = cpuOf(target.pid);
    // On the monotonic clock V8's profiles use, so the server's profile can be cut to this window.
    const windowFrom = process.hrtime.bigint() / 1000n;
    const latencies: number[] = [];
    for (let i = 0; i < sequential; i += 1) {
      const started = performance.now();
      await get(single, target);
      latencies.push(performance.now() - started);
    }
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < concurrent) {
          next += 1;
          await get(pool, target);
        }
      }),
    );
    const elapsedMs = performance.now() - started;
    const cpuMs = (cpuOf(target.pid) - cpuBefore) / (sequential + concurrent);
    if (process.env.BENCH_SERVER_PROFILE)
      say(
        `  profile window (µs): npx tsx bench/support/profile-summary.ts <file> 30 ${windowFrom} ${process.hrtime.bigint() / 1000n}`,
      );
    latencies.sort((a, b) => a - b);
    say(`  ${target.label}: ${sequential} sequential + ${concurrent} at ${concurrency}-way after ${warmup} warm-up`);
    return {
      label: target.label,
      cpuMs,
      seqP50Ms: percentile(latencies, 50),
      seqP99Ms: percentile(latencies, 99),
      rps: concurrent / (elapsedMs / 1000),
    };
  } finally {
    single.destroy();
    pool.destroy();
  }
}

/** The same answer shape from a plain Node server in its own process, so /proc counts only it. */
const bareServer = `
import http from "node:http";
const body = JSON.stringify([{ result: { data: { json: [{ code: "yrd", regions: [{ code: "shanghai" }] }] } } }]);
const server = http.createServer((req, res) => {
  res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
});
server.keepAliveTimeout = 30_000;
server.listen(0, "127.0.0.1", () => process.stdout.write(String(server.address().port) + "\\n"));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
`;

const bareCleanups: (() => void)[] = [];

async function startBare(): Promise<{ url: string; pid: number }> {
  const child = spawn(process.execPath, ["--input-type=module", "-e", bareServer], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  bareCleanups.push(() => child.kill("SIGTERM"));
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout.once("data", (chunk: Buffer) => resolve(chunk.toString().trim()));
    child.once("exit", (code) => reject(new Error(`bare server exited with ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}/`, pid: child.pid ?? 0 };
}

/** One member with a known password, for the signed-in case. */
async function seed(database: BenchDatabase): Promise<{ email: string; password: string }> {
  const handle = await openDatabase({
    url: database.url,
    dataDir: database.dataDir,
    migrationsFolder: path.join(root, "db/migrations"),
  });
  try {
    await handle.migrate();
    await seedReferenceData(handle.db);
    const [region] = await handle.db.select({ id: regions.id }).from(regions).limit(1);
    const email = `bench-api-${randomBytes(3).toString("hex")}@bench.xietong.cn`;
    const password = randomBytes(18).toString("base64url");
    const now = new Date();
    await handle.db.insert(accounts).values({
      email,
      displayName: "接口基准",
      organisation: "bench",
      role: "member",
      regionId: region!.id,
      locale: "zh-CN",
      passwordHash: await hashPassword(password),
      createdAt: now,
      updatedAt: now,
    });
    return { email, password };
  } finally {
    await handle.close();
  }
}

async function main(): Promise<void> {
  await ensureBuild();
  const database = await createBenchDatabase("api");
  const person = await seed(database);
  const server = await startServer(database);
  const cookie = await signIn(server.base, person);
  const bare = await startBare();
  const loadBefore = loadavg()[0]!;
  // Bare first and last: its figure is the floor the others are compared with, taken around them.
  const bareFirst = await measure({ label: "bare node http", url: bare.url, pid: bare.pid });
  const publicCase = await measure({
    label: "reference.regions",
    url: batchUrl(server.base, "reference.regions"),
    headers: browserHeaders(server.base, []),
    pid: server.pid,
  });
  const signedIn = await measure({
    label: "notifications.unreadCount",
    url: batchUrl(server.base, "notifications.unreadCount"),
    headers: browserHeaders(server.base, [cookie]),
    pid: server.pid,
  });
  const bareLast = await measure({ label: "bare node http (again)", url: bare.url, pid: bare.pid });
  const loadAfter = loadavg()[0]!;
  const bareCpu = (bareFirst.cpuMs + bareLast.cpuMs) / 2;
  const bareRps = (bareFirst.rps + bareLast.rps) / 2;

  const fixed = (value: number, digits = 2) => value.toFixed(digits);
  say();
  say(
    `${"what".padEnd(28)} ${"cpu ms".padStart(8)} ${"seq p50".padStart(8)} ${"seq p99".padStart(8)} ${"rps x8".padStart(8)}`,
  );
  for (const f of [bareFirst, publicCase, signedIn, bareLast]) {
    say(
      `${f.label.padEnd(28)} ${fixed(f.cpuMs, 3).padStart(8)} ${fixed(f.seqP50Ms).padStart(8)} ${fixed(f.seqP99Ms).padStart(8)} ${fixed(f.rps, 0).padStart(8)}`,
    );
  }
  say(
    `cpu ms: the server process's CPU per request from /proc (10 ms ticks over ${sequential + concurrent} requests)${database.kind === "postgres" ? "; PostgreSQL's own CPU not included" : "; PGlite runs inside it"}`,
  );
  const cores = availableParallelism();
  say(
    `load average (1 min) ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after, on ${cores} cores${Math.max(loadBefore, loadAfter) > cores ? " — the machine was busy" : ""}`,
  );
  say();
  say(`api_public_cpu_ms=${fixed(publicCase.cpuMs, 3)}`);
  say(`api_signed_in_cpu_ms=${fixed(signedIn.cpuMs, 3)}`);
  say(`bare_cpu_ms=${fixed(bareCpu, 3)}`);
  say(`api_public_rps=${fixed(publicCase.rps, 0)}`);
  say(`api_signed_in_rps=${fixed(signedIn.rps, 0)}`);
  say(`bare_rps=${fixed(bareRps, 0)}`);
  say(`api_ratio_vs_bare=${fixed(publicCase.rps / bareRps, 3)}`);
  say(`db=${database.kind}`);
}

async function cleanUp(): Promise<void> {
  for (const stop of bareCleanups.splice(0)) stop();
  await runCleanups();
}

runBenchmark(main, cleanUp, "stopping the servers and removing the database");

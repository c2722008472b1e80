import http from "node:http";
import { availableParallelism, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { gunzipSync } from "node:zlib";
import { z } from "zod";
import {
  createBenchDatabase,
  ensureBareNextBuild,
  ensureBuild,
  processTreeCpuMs,
  runBenchmark,
  runCleanups,
  say,
  seedBenchDatabase,
  serverNodeVersion,
  startBareNext,
  startServer,
} from "./support/comments-setup";
import type { SeededTopic } from "./support/seed-comments";
import type { SeededProject } from "./support/seed-project";

/**
 * The comments benchmark: one topic with 10,000 comments from 500 people, read over HTTP from the
 * production server the way a browser does, sequentially. Ends with `name=value` lines.
 */

const people = 500;
const commentCount = 10_000;
const pageSize = 20;
// V8 optimises Next's and React's renderers only after some hundred renders; a server in use is warm,
// so each figure is taken after this many requests of its kind (BENCH_WARMUP overrides, e.g. 20 to see
// a cold-ish server).
const warmup = Number(process.env.BENCH_WARMUP ?? 200);
const pageSamples = 300;
const ttfbSamples = 200;

// One keep-alive connection, as a browser tab would hold.
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

interface Timed {
  status: number;
  /** The signed-out page cache's X-Page-Cache header: hit, miss, or absent (not a cacheable request). */
  pageCache: string | undefined;
  firstByteMs: number;
  totalMs: number;
  body: string;
}

/** Time to the first body chunk (headers are in by then) and to the last; a gzip body is unpacked after. */
function timedGet(url: string, headers: http.OutgoingHttpHeaders = {}): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const request = http.get(url, { agent, headers }, (response) => {
      let firstByteMs = -1;
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => {
        if (firstByteMs < 0) firstByteMs = performance.now() - started;
        chunks.push(chunk);
      });
      response.on("end", () => {
        const totalMs = performance.now() - started;
        resolve({
          status: response.statusCode ?? 0,
          pageCache: response.headers["x-page-cache"] as string | undefined,
          firstByteMs: firstByteMs < 0 ? totalMs : firstByteMs,
          totalMs,
          body: (response.headers["content-encoding"] === "gzip"
            ? gunzipSync(Buffer.concat(chunks))
            : Buffer.concat(chunks)
          ).toString("utf8"),
        });
      });
      response.on("error", reject);
    });
    request.on("error", reject);
  });
}

const commentsPage = z.object({
  result: z.object({
    data: z.object({
      json: z.object({
        items: z.array(z.object({ id: z.number(), parentId: z.number().nullable() })),
        nextCursor: z.string().nullable(),
      }),
    }),
  }),
});

function trpcUrl(base: string, procedure: string, input: unknown): string {
  const query = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
  return `${base}/api/trpc/${procedure}${query}`;
}

async function getCommentsPage(url: string) {
  const timed = await timedGet(url);
  if (timed.status !== 200) throw new Error(`GET ${url} answered ${timed.status}: ${timed.body.slice(0, 500)}`);
  const page = commentsPage.parse(JSON.parse(timed.body)).result.data.json;
  return { timed, page, topLevel: page.items.filter((item) => item.parentId === null).length };
}

interface Sampled {
  samples: number[];
  /** Server CPU per request over the samples (not the warm-up), or null where it cannot be read. */
  cpuMs: number | null;
}

async function sample(label: string, count: number, serverPid: number, once: () => Promise<number>): Promise<Sampled> {
  for (let i = 0; i < warmup; i += 1) await once();
  // CPU over the samples only: the warm-up pays for first compiles and cold caches.
  const cpuBefore = processTreeCpuMs(serverPid);
  const samples: number[] = [];
  for (let i = 0; i < count; i += 1) samples.push(await once());
  const cpuAfter = processTreeCpuMs(serverPid);
  say(`  ${label}: ${count} samples after ${warmup} warm-up requests`);
  return { samples, cpuMs: cpuBefore === null || cpuAfter === null ? null : (cpuAfter - cpuBefore) / count };
}

/** Nearest rank: the smallest sample with at least p% of the samples at or below it. */
function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

interface Figures extends Sampled {
  label: string;
  note: string;
}

// What a browser sends for a page: it takes a compressed body.
const browserHeaders = { "accept-encoding": "gzip, deflate, br, zstd" };
// A cookie the signed-out page cache does not know makes the server render the page, as it does for
// everyone signed in: the render's own cost, beside the page as a signed-out visitor gets it.
const renderHeaders = { ...browserHeaders, cookie: "xietong-bench=render" };

/**
 * A page's time to first byte; the page must answer 200 and contain `expected`. "render" asks as someone
 * the page cache does not serve and fails if it was served; otherwise the page comes as a browser asks
 * for it, and `tally` counts how it came (X-Page-Cache: hit, miss, or none).
 */
function pageSampler(
  url: string,
  expected: string,
  options: { render?: boolean; tally?: Map<string, number> } = {},
): () => Promise<number> {
  return async () => {
    const timed = await timedGet(url, options.render ? renderHeaders : browserHeaders);
    if (timed.status !== 200) throw new Error(`GET ${url} answered ${timed.status}`);
    if (!timed.body.includes(expected)) throw new Error(`GET ${url} did not render ${JSON.stringify(expected)}`);
    if (options.render && timed.pageCache === "hit") throw new Error(`GET ${url} came from the page cache`);
    const how = timed.pageCache ?? "none";
    options.tally?.set(how, (options.tally.get(how) ?? 0) + 1);
    return timed.firstByteMs;
  };
}

// How the signed-out page requests came (warm-up included): X-Page-Cache hit, miss, or none.
const cacheTallies = { topic: new Map<string, number>(), project: new Map<string, number>() };
const hitShare = (tally: Map<string, number>) => {
  const total = [...tally.values()].reduce((sum, n) => sum + n, 0);
  return total === 0 ? "n/a" : ((tally.get("hit") ?? 0) / total).toFixed(3);
};

async function measure(
  base: string,
  serverPid: number,
  seeded: { topic: SeededTopic; project: SeededProject },
): Promise<Figures[]> {
  const { topic, project } = seeded;
  const firstUrl = trpcUrl(base, "comments.list", { threadId: topic.threadId });

  // Walk every page once to find the cursor of the last one.
  let cursor: string | null = null;
  let pages = 0;
  let rootsSeen = 0;
  let lastTopLevel = 0;
  for (;;) {
    const { page, topLevel } = await getCommentsPage(
      trpcUrl(base, "comments.list", { threadId: topic.threadId, cursor }),
    );
    pages += 1;
    rootsSeen += topLevel;
    if (page.nextCursor === null) {
      lastTopLevel = topLevel;
      break;
    }
    if (topLevel !== pageSize)
      throw new Error(`page ${pages} has ${topLevel} top-level comments, expected ${pageSize}`);
    cursor = page.nextCursor;
  }
  if (rootsSeen !== topic.topLevel)
    throw new Error(`walking the pages found ${rootsSeen} top-level comments, seeded ${topic.topLevel}`);
  const deepUrl = trpcUrl(base, "comments.list", { threadId: topic.threadId, cursor });
  say(
    `  walked ${pages} pages of ${pageSize} top-level comments; the last page is ${pages} deep with ${lastTopLevel} top-level comments`,
  );

  let firstRows = 0;
  const first = await sample("first page", pageSamples, serverPid, async () => {
    const { timed, topLevel, page } = await getCommentsPage(firstUrl);
    if (topLevel !== pageSize) throw new Error(`first page has ${topLevel} top-level comments, expected ${pageSize}`);
    firstRows = page.items.length;
    return timed.totalMs;
  });
  let deepRows = 0;
  const deep = await sample("deep page", pageSamples, serverPid, async () => {
    const { timed, topLevel, page } = await getCommentsPage(deepUrl);
    if (topLevel !== lastTopLevel || page.nextCursor !== null)
      throw new Error(`deep page has ${topLevel} top-level comments, expected ${lastTopLevel} and no next page`);
    deepRows = page.items.length;
    return timed.totalMs;
  });
  // A trivial public procedure: what tRPC, Next's route handler and HTTP cost without the comment queries.
  const trivial = await sample("reference.regions", pageSamples, serverPid, async () => {
    const timed = await timedGet(trpcUrl(base, "reference.regions", undefined));
    if (timed.status !== 200) throw new Error(`reference.regions answered ${timed.status}`);
    return timed.totalMs;
  });
  // As a signed-out visitor gets them (from the page cache while nothing is written), then rendered.
  const { topic: topicTally, project: projectTally } = cacheTallies;
  const ttfb = await sample(
    "topic page",
    ttfbSamples,
    serverPid,
    pageSampler(`${base}/topics/${topic.topicId}`, topic.title.slice(0, 12), { tally: topicTally }),
  );
  const projectPage = await sample(
    "project page",
    ttfbSamples,
    serverPid,
    pageSampler(`${base}/projects/${project.projectId}`, project.title.slice(0, 12), { tally: projectTally }),
  );
  const topicRender = await sample(
    "topic page, rendered",
    ttfbSamples,
    serverPid,
    pageSampler(`${base}/topics/${topic.topicId}`, topic.title.slice(0, 12), { render: true }),
  );
  const projectRender = await sample(
    "project page, rendered",
    ttfbSamples,
    serverPid,
    pageSampler(`${base}/projects/${project.projectId}`, project.title.slice(0, 12), { render: true }),
  );
  // The floor every page pays: Next, the root layout and its providers around a page with no reads.
  const floor = await sample("sign-in page", ttfbSamples, serverPid, pageSampler(`${base}/sign-in`, 'type="password"'));

  return [
    { label: "comments.list, first page", ...first, note: `${firstRows} comments (${pageSize} top-level + replies)` },
    {
      label: `comments.list, page ${pages}`,
      ...deep,
      note: `${deepRows} comments (${lastTopLevel} top-level + replies)`,
    },
    { label: "reference.regions (baseline)", ...trivial, note: "trivial public procedure" },
    { label: `GET /topics/${topic.topicId} TTFB`, ...ttfb, note: "signed out: from the page cache" },
    {
      label: `GET /projects/${project.projectId} TTFB`,
      ...projectPage,
      note: `signed out: from the page cache; ${project.coauthors} co-proposers, ${project.versions} versions, open ballot`,
    },
    { label: `GET /topics/${topic.topicId} rendered`, ...topicRender, note: "server-rendered page, first chunk" },
    { label: `GET /projects/${project.projectId} rendered`, ...projectRender, note: "server-rendered page" },
    { label: "GET /sign-in TTFB (floor)", ...floor, note: "a page with no reads of its own" },
  ];
}

async function main(): Promise<void> {
  await ensureBuild();
  ensureBareNextBuild();
  const database = await createBenchDatabase();
  say(`seeding ${commentCount} comments from ${people} people`);
  const seeded = await seedBenchDatabase(database, { people, comments: commentCount });
  const server = await startServer(database);
  say("measuring (sequential requests, one keep-alive connection, signed out)");
  const loadBefore = loadavg()[0]!;
  const figures = await measure(server.base, server.pid, seeded);
  // The baseline in the same run: what Next itself costs for a dynamic page with a nonce, on this machine now.
  const bare = await startBareNext();
  const bareNextPage = await sample(
    "bare Next page",
    ttfbSamples,
    bare.pid,
    pageSampler(`${bare.base}/`, 'type="password"'),
  );
  figures.push({ label: "GET / of a bare Next app", ...bareNextPage, note: "baseline: Next alone, one dynamic page" });
  const loadAfter = loadavg()[0]!;

  const fixed = (value: number) => value.toFixed(1);
  say();
  say(
    `${"what".padEnd(34)} ${"n".padStart(4)} ${"p50 ms".padStart(8)} ${"p99 ms".padStart(8)} ${"max ms".padStart(8)} ${"cpu ms".padStart(8)}  note`,
  );
  for (const f of figures) {
    const cpu = f.cpuMs === null ? "-" : fixed(f.cpuMs);
    say(
      `${f.label.padEnd(34)} ${String(f.samples.length).padStart(4)} ${fixed(percentile(f.samples, 50)).padStart(8)} ${fixed(percentile(f.samples, 99)).padStart(8)} ${fixed(Math.max(...f.samples)).padStart(8)} ${cpu.padStart(8)}  ${f.note}`,
    );
  }
  say(
    `cpu ms: the server process's CPU time per request${database.kind === "postgres" ? " (PostgreSQL's own CPU not included)" : " (PGlite runs inside it)"}`,
  );
  // Tail latency on a shared machine mostly measures the neighbours: say how busy it was.
  const cores = availableParallelism();
  const busy = Math.max(loadBefore, loadAfter) > cores ? " — the machine was busy; p99 includes waiting for a CPU" : "";
  say(
    `load average (1 min) ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after, on ${cores} cores (this benchmark accounts for about 1)${busy}`,
  );
  say();
  const [first, deep, trivial, ttfb, projectPage, topicRender, projectRender, floor, bareNext] = figures;
  if (!first || !deep || !trivial || !ttfb || !projectPage || !topicRender || !projectRender || !floor || !bareNext)
    throw new Error("missing figures");
  say(`comments_page_p50_ms=${fixed(percentile(first.samples, 50))}`);
  say(`comments_page_p99_ms=${fixed(percentile(first.samples, 99))}`);
  say(`comments_deep_page_p50_ms=${fixed(percentile(deep.samples, 50))}`);
  say(`comments_deep_page_p99_ms=${fixed(percentile(deep.samples, 99))}`);
  say(`topic_ttfb_p50_ms=${fixed(percentile(ttfb.samples, 50))}`);
  say(`topic_ttfb_p99_ms=${fixed(percentile(ttfb.samples, 99))}`);
  // Server CPU per server-rendered topic and project page (issue #17: at most 10 ms each), beside a
  // page with no reads and a trivial API call's in the same run; "n/a" where /proc cannot be read.
  const cpu = (f: Sampled) => (f.cpuMs === null ? "n/a" : f.cpuMs.toFixed(2));
  say(`topic_page_cpu_ms=${cpu(ttfb)}`);
  say(`project_page_cpu_ms=${cpu(projectPage)}`);
  say(`topic_page_cache_hit_share=${hitShare(cacheTallies.topic)}`);
  say(`project_page_cache_hit_share=${hitShare(cacheTallies.project)}`);
  say(`topic_page_render_cpu_ms=${cpu(topicRender)}`);
  say(`project_page_render_cpu_ms=${cpu(projectRender)}`);
  say(`page_floor_cpu_ms=${cpu(floor)}`);
  say(`api_baseline_cpu_ms=${cpu(trivial)}`);
  say(`bare_next_page_cpu_ms=${cpu(bareNext)}`);
  const ratio = (f: Sampled) =>
    f.cpuMs === null || bareNext.cpuMs === null || bareNext.cpuMs === 0 ? "n/a" : (f.cpuMs / bareNext.cpuMs).toFixed(2);
  say(`topic_page_cpu_ratio_vs_bare_next=${ratio(ttfb)}`);
  say(`project_page_cpu_ratio_vs_bare_next=${ratio(projectPage)}`);
  say(`topic_page_render_cpu_ratio_vs_bare_next=${ratio(topicRender)}`);
  say(`project_page_render_cpu_ratio_vs_bare_next=${ratio(projectRender)}`);
  say(`page_floor_cpu_ratio_vs_bare_next=${ratio(floor)}`);
  say(`comments_seeded=${seeded.topic.comments}`);
  say(`people_seeded=${seeded.topic.people}`);
  say(`db=${database.kind}`);
  say(`server_node=${serverNodeVersion()}`);
}

async function cleanUp(): Promise<void> {
  agent.destroy();
  await runCleanups();
}

runBenchmark(main, cleanUp, "stopping the server and removing the database");

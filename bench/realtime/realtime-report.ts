import type { GroupFigures } from "./realtime-ipc";
import type { ArmResult, LabelledWindow, LoadResult } from "./realtime-load";
import { say } from "./realtime-cleanup";

/** The tables and the closing `name=value` lines of bench/realtime.ts. */

const targetP99Ms = 150;
const targetRatio = 1.5;

/** Nearest rank: the smallest sample with at least p% of the samples at or below it. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = Float64Array.from(samples).sort();
  return sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1]!;
}

const max = (samples: number[]) =>
  samples.length === 0 ? Number.NaN : samples.reduce((m, v) => Math.max(m, v), Number.NEGATIVE_INFINITY);
const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(0) : "NaN");
const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;

function latencyRow(label: string, figures: GroupFigures): string {
  const cells = [
    percentile(figures.fanout, 50),
    percentile(figures.fanout, 99),
    max(figures.fanout),
    percentile(figures.endToEnd, 50),
    percentile(figures.endToEnd, 99),
  ];
  return `${label.padEnd(30)} ${String(figures.clients).padStart(5)} ${String(figures.fanout.length).padStart(7)} ${cells.map((c) => ms(c).padStart(7)).join(" ")} ${String(figures.missed).padStart(6)} ${String(figures.duplicates).padStart(5)}`;
}

function byEvent(figures: GroupFigures): number[][] {
  const events = new Map<number, number[]>();
  figures.fanoutKeys.forEach((key, i) => {
    const samples = events.get(key) ?? [];
    samples.push(figures.fanout[i]!);
    events.set(key, samples);
  });
  return [...events.entries()].sort((a, b) => a[0] - b[0]).map(([, samples]) => samples);
}

/** Each event's slowest delivery, in order: shows whether a p99 comes from every event or from a few. */
const slowestPerEvent = (figures: GroupFigures) => byEvent(figures).map(max);

/**
 * The median over the events of each event's own p99. The p99 of all deliveries is decided by the
 * worst second or two (each event reaches every client at about the same time), so one burst from a
 * neighbour moves it; this says what a typical second looked like.
 */
const typicalEventP99 = (figures: GroupFigures) =>
  percentile(
    byEvent(figures).map((samples) => percentile(samples, 99)),
    50,
  );

function windowLine(label: string, w: LabelledWindow["figures"]): string {
  return `  ${label.padEnd(18)} CPU ${((100 * w.cpuMs) / w.wallMs).toFixed(0).padStart(3)}% of a core; event-loop delay p99 ${w.lagP99Ms.toFixed(0)} ms, max ${w.lagMaxMs.toFixed(0)} ms; GC ${w.gcCount}× ${w.gcMs.toFixed(0)} ms, longest ${w.gcMaxMs.toFixed(0)} ms`;
}

function printArm(arm: ArmResult, clients: number): void {
  say(`${arm.name}:`);
  say(
    `  producing an event: p50 ${ms(percentile(arm.produceMs, 50))} ms, max ${ms(max(arm.produceMs))} ms; connecting took ${arm.connectSeconds.toFixed(1)} s`,
  );
  const perServer = clients / arm.connectWindows.length;
  for (const { label, figures } of arm.connectWindows) {
    say(
      `  ${label.padEnd(18)} while connecting: ${figures.cpuMs.toFixed(0)} ms CPU (${((1000 * figures.cpuMs) / perServer).toFixed(0)} µs per client it holds), event-loop delay max ${figures.lagMaxMs.toFixed(0)} ms`,
    );
  }
  for (const { label, figures } of arm.windows) say(windowLine(label, figures));
  const { before, after } = arm.memory;
  const servers = arm.windows.length > 1 ? ` (${arm.windows.length} processes together)` : "";
  say(
    `  server memory${servers} ${before.gc && after.gc ? "after GC" : "(no --expose-gc)"}: RSS ${mb(before.rss)} → ${mb(after.rss)}, V8 heap used ${mb(before.heapUsed)} → ${mb(after.heapUsed)}`,
  );
  const per = (pick: (m: typeof before) => number) => perConnection(pick(after) - pick(before), clients);
  say(
    `    per connection: ${per((m) => m.rss)} B of RSS — V8 heap ${per((m) => m.heapTotal)} B (live objects ${per((m) => m.heapUsed)} B), external ${per((m) => m.external)} B, the rest ${per((m) => m.rss - m.heapTotal - m.external)} B`,
  );
  const caveat = rssCaveat(arm);
  if (caveat) say(`    !! RSS per connection not reliable: ${caveat}`);
  say(`  slowest delivery of each event (ms): ${slowestPerEvent(arm.all).map(ms).join(" ")}`);
  say(`  a typical second (median over the events of each event's p99): ${ms(typicalEventP99(arm.all))} ms`);
  if (arm.all.unexpected > 0) say(`  !! ${arm.all.unexpected} deliveries of events this benchmark did not produce`);
  if (arm.all.disconnects > 0) say(`  !! ${arm.all.disconnects} clients lost their connection during the run`);
}

const perConnection = (bytes: number, clients: number) => Math.round(bytes / clients);

/**
 * Why an arm's RSS growth cannot be taken as its connections' cost. The live objects on the heap are
 * part of what RSS holds, so RSS growing by less than they did means memory was released between the
 * readings (see settleAfterStart in realtime-servers.ts).
 */
function rssCaveat(arm: ArmResult): string | null {
  if (arm.memoryCaveat) return arm.memoryCaveat;
  const { before, after } = arm.memory;
  if (after.rss - before.rss < after.heapUsed - before.heapUsed)
    return "RSS grew less than the live heap did, so memory was released between the two readings";
  return null;
}

export interface Figures {
  sideBySide: LoadResult;
  /** The Redis run, or why it was skipped. */
  redis: LoadResult | string;
  clients: number;
  events: number;
  load: { before: number; after: number; cores: number };
}

export function printFigures({ sideBySide, redis, clients, events, load }: Figures): void {
  const [bare, app] = sideBySide.arms;
  if (!bare || !app) throw new Error("the first run has no bare or no app figures");
  const [redisBare, redisArm] =
    typeof redis === "string" ? [null, null] : [redis.arms[0] ?? null, redis.arms[1] ?? null];
  const arms = [bare, app, ...(redisBare && redisArm ? [redisBare, redisArm] : [])];

  say();
  say(
    `${"run".padEnd(30)} ${"clnts".padStart(5)} ${"deliv".padStart(7)} ${"p50".padStart(7)} ${"p99".padStart(7)} ${"max".padStart(7)} ${"e2e p50".padStart(7)} ${"e2e p99".padStart(7)} ${"missed".padStart(6)} ${"dupl".padStart(5)}`,
  );
  for (const arm of arms) {
    say(latencyRow(arm.name, arm.all));
    const groups = Object.entries(arm.groups);
    if (groups.length > 1) for (const [group, figures] of groups) say(latencyRow(`  clients on ${group}`, figures));
  }
  if (typeof redis === "string") say(`${"app, 2 processes + Redis".padEnd(30)} skipped: ${redis}`);
  say("(ms; p50/p99/max: client receive − server sentAt; e2e: client receive − start of the producing request)");
  say();
  for (const arm of arms) printArm(arm, clients);
  for (const [run, result] of [
    ["app run", sideBySide] as const,
    ...(typeof redis === "string" ? [] : [["Redis run", redis] as const]),
  ]) {
    say(
      `client processes (${run}), over the measured events; worst start of an event behind schedule ${result.scheduleSlipMs} ms:`,
    );
    for (const { label, figures } of result.clientWindows) say(windowLine(label, figures));
    if (result.disconnectReasons.length > 0) say(`  !! disconnects: ${result.disconnectReasons.join("; ")}`);
  }
  const busy = Math.max(load.before, load.after) > load.cores;
  say(
    `load average (1 min) ${load.before.toFixed(1)} before, ${load.after.toFixed(1)} after, on ${load.cores} cores${busy ? " — the machine was busy; tails include waiting for a CPU" : ""}`,
  );

  const appP99 = percentile(app.all.fanout, 99);
  const ratio = appP99 / percentile(bare.all.fanout, 99);
  const missed = arms.reduce((sum, a) => sum + a.all.missed, 0);
  const duplicates = arms.reduce((sum, a) => sum + a.all.duplicates, 0);
  say();
  say(
    `target p99 < ${targetP99Ms} ms: ${appP99 < targetP99Ms ? "met" : "MISSED"} (${ms(appP99)} ms); within ${targetRatio}× bare: ${ratio <= targetRatio ? "met" : "MISSED"} (${ratio.toFixed(2)}×)`,
  );
  const redisP99 = redisArm ? percentile(redisArm.all.fanout, 99) : Number.NaN;
  const redisRatio = redisBare ? redisP99 / percentile(redisBare.all.fanout, 99) : Number.NaN;
  if (redisArm)
    say(
      `two processes behind Redis, p99 < ${targetP99Ms} ms: ${redisP99 < targetP99Ms ? "met" : "MISSED"} (${ms(redisP99)} ms); ${redisRatio.toFixed(2)}× the bare server beside it`,
    );
  if (missed > 0 || duplicates > 0)
    say(
      `!!! DELIVERY ERRORS: ${missed} missed and ${duplicates} duplicate deliveries — every client must get every event exactly once`,
    );
  say();

  const rssPerConnection = (arm: ArmResult | null) =>
    arm && !rssCaveat(arm) ? String(perConnection(arm.memory.after.rss - arm.memory.before.rss, clients)) : "NaN";
  const heapPerConnection = (arm: ArmResult | null) =>
    arm ? String(perConnection(arm.memory.after.heapUsed - arm.memory.before.heapUsed, clients)) : "NaN";
  const figure = (figures: GroupFigures | null | undefined, p: number | "max") =>
    ms(!figures ? Number.NaN : p === "max" ? max(figures.fanout) : percentile(figures.fanout, p));
  // Server CPU while its clients connected and subscribed, per client (the first server of an arm).
  const connectCpuMs = (arm: ArmResult) => {
    const window = arm.connectWindows[0];
    return window ? window.figures.cpuMs / (clients / arm.connectWindows.length) : Number.NaN;
  };
  const connectRatio = connectCpuMs(app) / connectCpuMs(bare);
  const lines: [string, string][] = [
    ["connect_cpu_ms", connectCpuMs(app).toFixed(3)],
    ["bare_connect_cpu_ms", connectCpuMs(bare).toFixed(3)],
    ["connect_cpu_ratio_vs_bare", Number.isFinite(connectRatio) ? connectRatio.toFixed(2) : "NaN"],
    ["fanout_p50_ms", figure(app.all, 50)],
    ["fanout_p99_ms", figure(app.all, 99)],
    ["fanout_max_ms", figure(app.all, "max")],
    ["bare_fanout_p50_ms", figure(bare.all, 50)],
    ["bare_fanout_p99_ms", figure(bare.all, 99)],
    ["bare_fanout_max_ms", figure(bare.all, "max")],
    ["fanout_ratio_vs_bare", Number.isFinite(ratio) ? ratio.toFixed(2) : "NaN"],
    ["redis_fanout_p50_ms", figure(redisArm?.all, 50)],
    ["redis_fanout_p99_ms", figure(redisArm?.all, 99)],
    ["redis_fanout_max_ms", figure(redisArm?.all, "max")],
    ["redis_b_fanout_p50_ms", figure(redisArm?.groups.B, 50)],
    ["redis_b_fanout_p99_ms", figure(redisArm?.groups.B, 99)],
    ["redis_b_fanout_max_ms", figure(redisArm?.groups.B, "max")],
    ["redis_bare_fanout_p99_ms", figure(redisBare?.all, 99)],
    ["redis_ratio_vs_bare", Number.isFinite(redisRatio) ? redisRatio.toFixed(2) : "NaN"],
    ["fanout_typical_event_p99_ms", ms(typicalEventP99(app.all))],
    ["bare_fanout_typical_event_p99_ms", ms(typicalEventP99(bare.all))],
    ["redis_fanout_typical_event_p99_ms", redisArm ? ms(typicalEventP99(redisArm.all)) : "NaN"],
    ["mutation_to_receive_p50_ms", ms(percentile(app.all.endToEnd, 50))],
    ["mutation_to_receive_p99_ms", ms(percentile(app.all.endToEnd, 99))],
    ["bytes_per_connection", rssPerConnection(app)],
    ["heap_bytes_per_connection", heapPerConnection(app)],
    ["bare_bytes_per_connection", rssPerConnection(bare)],
    ["bare_heap_bytes_per_connection", heapPerConnection(bare)],
    ["redis_bytes_per_connection", rssPerConnection(redisArm)],
    ["clients", String(clients)],
    ["events", String(events)],
    ["missed_deliveries", String(missed)],
    ["duplicate_deliveries", String(duplicates)],
  ];
  for (const [name, value] of lines) say(`${name}=${value}`);
}

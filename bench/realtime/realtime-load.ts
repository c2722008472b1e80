import type { Channel, ClientSpec, GroupFigures, ProducedEvent, WindowFigures } from "./realtime-ipc";
import { say, sleep } from "./realtime-cleanup";
import { forkClientFleet } from "./realtime-servers";

/**
 * One load run of bench/realtime.ts. A run has one or more arms — a server setup with its own
 * clients, stream and producer (the app; the bare baseline; two app processes behind Redis). All
 * arms' clients are connected (arm by arm, spread over the client processes), the servers' memory is
 * read before and after, and then each arm gets one event a second, the arms taking turns at equal
 * offsets within the second. Run side by side like this, the app and its baseline share whatever else
 * the machine is doing at the time, which sequential runs on a shared 2-core machine do not.
 */

export interface LoadTarget {
  /** Latencies are reported per group ("app", "A", "B", "bare"); unique across a run's arms. */
  group: string;
  url: string;
}

export interface Arm {
  name: string;
  stream: string;
  /** Client i connects to targets[i % targets.length]. */
  targets: LoadTarget[];
  cookieFor: (index: number) => string | undefined;
  /** Commits one event; returns its key and when the producer started. */
  produce: (index: number) => Promise<{ key: number; startedAt: number }>;
  /**
   * The arm's servers: their memory is read (after a forced GC) before any client connects and once
   * all are subscribed, and their CPU, event-loop delay and GC while connecting and over the events.
   */
  serverProbes: { label: string; channel: Channel }[];
  /** Why the RSS per connection of this arm cannot be trusted, if it cannot. */
  memoryCaveat?: string;
}

export interface LoadPlan {
  /** Per arm. */
  clients: number;
  clientProcesses: number;
  warmupEvents: number;
  /** Measured events per arm. */
  events: number;
  intervalMs: number;
  arms: Arm[];
}

/** One reading, summed over an arm's servers, after a forced GC. */
export interface MemoryReading {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  /** Buffers and ArrayBuffers outside the V8 heap, PGlite's WebAssembly memory among them. */
  external: number;
  gc: boolean;
}

export interface MemoryFigures {
  before: MemoryReading;
  after: MemoryReading;
}

export interface LabelledWindow {
  label: string;
  figures: WindowFigures;
}

export interface ArmResult {
  name: string;
  groups: Record<string, GroupFigures>;
  all: GroupFigures;
  produceMs: number[];
  memory: MemoryFigures;
  memoryCaveat?: string;
  /** The arm's servers over the measured events. */
  windows: LabelledWindow[];
  /** The arm's servers while its clients connected and subscribed (and the settling after). */
  connectWindows: LabelledWindow[];
  connectSeconds: number;
}

export interface LoadResult {
  arms: ArmResult[];
  clientWindows: LabelledWindow[];
  /** How late the producer started an event against its schedule, worst case. */
  scheduleSlipMs: number;
  disconnectReasons: string[];
}

const connectConcurrency = 25;
const settleMs = 1_500;
const drainMs = 3_000;

const emptyFigures = (): GroupFigures => ({
  fanout: [],
  fanoutKeys: [],
  endToEnd: [],
  clients: 0,
  missed: 0,
  duplicates: 0,
  unexpected: 0,
  disconnects: 0,
});

export async function runLoad(plan: LoadPlan): Promise<LoadResult> {
  const memoryBefore = await Promise.all(plan.arms.map(readMemory));
  const fleets = Array.from({ length: plan.clientProcesses }, (_, i) => ({
    label: `client process ${i + 1}`,
    ...forkClientFleet(`client process ${i + 1}`),
  }));
  try {
    const connectWindows: LabelledWindow[][] = [];
    const connectSeconds: number[] = [];
    for (const arm of plan.arms) {
      await Promise.all(arm.serverProbes.map((p) => p.channel.request({ type: "window-start" }, "window", 10_000)));
      connectSeconds.push(await connectArm(plan, arm, fleets));
      // Presence recounts are debounced (500 ms); let the last one and its broadcast pass.
      await sleep(settleMs);
      connectWindows.push(
        await Promise.all(
          arm.serverProbes.map(async (p) => ({
            label: p.label,
            figures: (await p.channel.request({ type: "window-end" }, "window", 10_000)).figures,
          })),
        ),
      );
    }
    // Reading the memory collects the garbage of connecting, in every arm alike, before the events.
    const memoryAfter = await Promise.all(plan.arms.map(readMemory));

    const everyone = [...plan.arms.flatMap((arm) => arm.serverProbes), ...fleets];
    const produced: ProducedEvent[] = [];
    const produceMs = plan.arms.map(() => [] as number[]);
    let scheduleSlipMs = 0;
    const total = plan.warmupEvents + plan.events;
    const turnMs = plan.intervalMs / plan.arms.length;
    say(
      `  producing ${plan.warmupEvents} warm-up events, then ${plan.events} measured, one a second${plan.arms.length > 1 ? ` into each of ${plan.arms.map((a) => a.name).join(" and ")}, taking turns ${turnMs} ms apart` : ""}`,
    );
    const firstAt = Date.now() + 200;
    for (let i = 0; i < total; i += 1) {
      const measured = i >= plan.warmupEvents;
      // The window starts just before the first measured event.
      if (i === plan.warmupEvents)
        await Promise.all(everyone.map((p) => p.channel.request({ type: "window-start" }, "window", 10_000)));
      for (const [a, arm] of plan.arms.entries()) {
        const dueAt = firstAt + i * plan.intervalMs + a * turnMs;
        await sleep(dueAt - Date.now());
        scheduleSlipMs = Math.max(scheduleSlipMs, Date.now() - dueAt);
        const { key, startedAt } = await arm.produce(i);
        produced.push({ stream: arm.stream, key, startedAt, measured });
        if (measured) produceMs[a]!.push(Date.now() - startedAt);
      }
      const n = i - plan.warmupEvents + 1;
      if (measured && (n % 5 === 0 || n === plan.events))
        say(
          `    second ${n}/${plan.events}: producing took ${plan.arms.map((arm, a) => `${produceMs[a]!.at(-1)} ms (${arm.name})`).join(", ")}`,
        );
    }
    await sleep(drainMs);

    const windows = await Promise.all(
      everyone.map(async (p) => ({
        label: p.label,
        figures: (await p.channel.request({ type: "window-end" }, "window", 10_000)).figures,
      })),
    );
    const reports = await Promise.all(
      fleets.map((fleet) => fleet.channel.request({ type: "report", events: produced }, "report", 60_000)),
    );
    const groups: Record<string, GroupFigures> = {};
    for (const report of reports)
      for (const [group, figures] of Object.entries(report.groups))
        mergeInto((groups[group] ??= emptyFigures()), figures);

    const arms = plan.arms.map((arm, a): ArmResult => {
      const armGroups = Object.fromEntries(arm.targets.map((t) => [t.group, groups[t.group] ?? emptyFigures()]));
      const all = emptyFigures();
      for (const figures of Object.values(armGroups)) mergeInto(all, figures);
      const before = memoryBefore[a]!;
      const after = memoryAfter[a]!;
      return {
        name: arm.name,
        groups: armGroups,
        all,
        produceMs: produceMs[a]!,
        memory: { before, after },
        ...(arm.memoryCaveat ? { memoryCaveat: arm.memoryCaveat } : {}),
        windows: windows.filter((w) => arm.serverProbes.some((p) => p.label === w.label)),
        connectWindows: connectWindows[a]!,
        connectSeconds: connectSeconds[a]!,
      };
    });
    return {
      arms,
      clientWindows: windows.filter((w) => fleets.some((f) => f.label === w.label)),
      scheduleSlipMs,
      disconnectReasons: [...new Set(reports.flatMap((r) => r.disconnectReasons))],
    };
  } finally {
    await Promise.all(fleets.map((fleet) => fleet.stop()));
  }
}

async function connectArm(plan: LoadPlan, arm: Arm, fleets: { channel: Channel }[]): Promise<number> {
  const specs = fleets.map(() => [] as ClientSpec[]);
  for (let i = 0; i < plan.clients; i += 1) {
    const target = arm.targets[i % arm.targets.length]!;
    const cookie = arm.cookieFor(i);
    specs[i % fleets.length]!.push({
      url: target.url,
      stream: arm.stream,
      group: target.group,
      ...(cookie ? { cookie } : {}),
    });
  }
  const signedIn = specs.flat().filter((s) => s.cookie).length;
  say(
    `  ${arm.name}: connecting ${plan.clients} clients (${signedIn} signed in, ${plan.clients - signedIn} anonymous) from ${fleets.length} processes to ${arm.targets.map((t) => `${t.group} ${t.url}`).join(", ")}`,
  );

  const progress = fleets.map(() => 0);
  let lastLine = Date.now();
  const unsubscribe = fleets.map((fleet, index) =>
    fleet.channel.onNotice((notice) => {
      if (notice.type !== "progress") return;
      progress[index] = notice.connected;
      if (Date.now() - lastLine < 1_000) return;
      lastLine = Date.now();
      say(
        `    connected ${progress.reduce((a, b) => a + b, 0)}/${plan.clients}${notice.failed > 0 ? ` (${notice.failed} failed so far)` : ""}`,
      );
    }),
  );
  const started = Date.now();
  const connected = await Promise.all(
    fleets.map((fleet, i) =>
      fleet.channel.request(
        { type: "connect", clients: specs[i]!, concurrency: connectConcurrency },
        "connected",
        60_000 + plan.clients * 100,
      ),
    ),
  );
  for (const stop of unsubscribe) stop();
  const seconds = (Date.now() - started) / 1000;
  const failed = connected.reduce((sum, c) => sum + c.failed, 0);
  if (failed > 0)
    throw new Error(
      `${failed} of ${plan.clients} clients could not connect and subscribe: ${connected.flatMap((c) => c.errors).join("; ")}`,
    );
  say(`    all ${plan.clients} clients connected and subscribed to ${arm.stream} in ${seconds.toFixed(1)} s`);
  return seconds;
}

/** Reads until two readings a second apart agree within 1 MB (at most 8), so a settling heap is not caught mid-way. */
async function readMemory(arm: Arm): Promise<MemoryReading> {
  const once = async (): Promise<MemoryReading> => {
    const samples = await Promise.all(
      arm.serverProbes.map((p) => p.channel.request({ type: "memory" }, "memory", 30_000)),
    );
    const sum = (pick: (s: (typeof samples)[number]) => number) => samples.reduce((total, s) => total + pick(s), 0);
    return {
      rss: sum((s) => s.rss),
      heapUsed: sum((s) => s.heapUsed),
      heapTotal: sum((s) => s.heapTotal),
      external: sum((s) => s.external),
      gc: samples.every((s) => s.gc),
    };
  };
  let reading = await once();
  for (let attempt = 0; attempt < 8; attempt += 1) {
    await sleep(1_000);
    const next = await once();
    const settled = Math.abs(next.rss - reading.rss) < 1_048_576;
    reading = next;
    if (settled) break;
  }
  return reading;
}

function mergeInto(into: GroupFigures, from: GroupFigures): void {
  // push(...array) overflows the stack on large arrays; these hold up to clients × events samples.
  for (const value of from.fanout) into.fanout.push(value);
  for (const value of from.fanoutKeys) into.fanoutKeys.push(value);
  for (const value of from.endToEnd) into.endToEnd.push(value);
  into.clients += from.clients;
  into.missed += from.missed;
  into.duplicates += from.duplicates;
  into.unexpected += from.unexpected;
  into.disconnects += from.disconnects;
}

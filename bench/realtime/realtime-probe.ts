import { monitorEventLoopDelay, PerformanceObserver } from "node:perf_hooks";
import { parseCommand, sendToParent, type WindowFigures } from "./realtime-ipc";

/**
 * Loaded into every process bench/realtime.ts starts — into the app server with
 * `node --import tsx --import ./bench/realtime/realtime-probe.ts server/main.ts`, so the app itself is not
 * changed — and answers over the IPC channel: memory after a forced GC (`--expose-gc`), and CPU time,
 * event-loop delay and GC pauses over a measuring window. It also ends the process when the benchmark
 * goes away (the IPC channel closes), so a killed benchmark leaves no server behind.
 */

/** The delay histogram records whole sampling intervals; what exceeds the interval is the lag. */
const samplingMs = 10;

if (process.send) {
  let windowStart: { wall: number; cpu: NodeJS.CpuUsage } | null = null;
  const loop = monitorEventLoopDelay({ resolution: samplingMs });
  const gcPauses: number[] = [];
  const gcObserver = new PerformanceObserver((list) => {
    if (windowStart) for (const entry of list.getEntries()) gcPauses.push(entry.duration);
  });
  gcObserver.observe({ entryTypes: ["gc"] });

  process.on("message", (message: unknown) => {
    const command = parseCommand(message);
    if (!command) return;
    switch (command.type) {
      case "memory": {
        // Twice: the first pass queues finalisers whose memory the second one frees.
        globalThis.gc?.();
        globalThis.gc?.();
        const usage = process.memoryUsage();
        sendToParent({
          id: command.id,
          type: "memory",
          rss: usage.rss,
          heapUsed: usage.heapUsed,
          heapTotal: usage.heapTotal,
          external: usage.external,
          gc: typeof globalThis.gc === "function",
        });
        return;
      }
      case "window-start":
        gcPauses.length = 0;
        loop.reset();
        loop.enable();
        windowStart = { wall: performance.now(), cpu: process.cpuUsage() };
        sendToParent({ id: command.id, type: "window", figures: windowFigures(windowStart, loop, gcPauses) });
        return;
      case "window-end": {
        if (!windowStart) {
          sendToParent({ id: command.id, type: "failed", message: "window-end before window-start" });
          return;
        }
        const figures = windowFigures(windowStart, loop, gcPauses);
        loop.disable();
        windowStart = null;
        sendToParent({ id: command.id, type: "window", figures });
        return;
      }
      default:
        return;
    }
  });

  // The channel closes when the benchmark exits, however it exits: stop as on a normal SIGTERM.
  process.once("disconnect", () => process.kill(process.pid, "SIGTERM"));
}

function windowFigures(
  start: { wall: number; cpu: NodeJS.CpuUsage },
  loop: ReturnType<typeof monitorEventLoopDelay>,
  gcPauses: number[],
): WindowFigures {
  const cpu = process.cpuUsage(start.cpu);
  const ms = (ns: number) => (Number.isFinite(ns) ? Math.max(0, ns / 1e6 - samplingMs) : 0);
  return {
    wallMs: performance.now() - start.wall,
    cpuMs: (cpu.user + cpu.system) / 1000,
    lagP50Ms: loop.count > 0 ? ms(loop.percentile(50)) : 0,
    lagP99Ms: loop.count > 0 ? ms(loop.percentile(99)) : 0,
    lagMaxMs: loop.count > 0 ? ms(loop.max) : 0,
    gcCount: gcPauses.length,
    gcMs: gcPauses.reduce((sum, d) => sum + d, 0),
    gcMaxMs: gcPauses.reduce((max, d) => Math.max(max, d), 0),
  };
}

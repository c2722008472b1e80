import { monitorEventLoopDelay } from "node:perf_hooks";
import { limits } from "@/shared/vocabulary";
import { projectLimits } from "@/server/features/projects/rules/project-rules";
import { renderMarkdown } from "@/server/domain/markdown";
import { renderBounded } from "@/server/infra/markdown-render";
import { AppError } from "@/server/errors";

/**
 * The Markdown benchmark (security review #14, finding 2): the worst crafted bodies at each length
 * limit, rendered the way the services now do (a worker thread with a time limit) and, as a baseline in
 * the same run, synchronously on the main thread as before. For each it reports the slowest render and
 * the largest event-loop delay seen meanwhile (perf_hooks monitorEventLoopDelay): the delay every other
 * request and socket of the process would have suffered. Ends with `name=value` lines.
 */

const lengthLimits = {
  comment: limits.commentBodyMax,
  topic: limits.topicBodyMax,
  project: projectLimits.bodyMax,
} as const;

/** Unmatched emphasis and strikethrough delimiters, which marked matches in superlinear time. */
const craftedUnits = ["*_a", "_*a", "~_a", "**_a"] as const;

const crafted = (unit: string, length: number) => unit.repeat(Math.floor(length / unit.length));

/** Ordinary prose of the same length, to show a real body is not refused. */
const ordinary = (length: number) =>
  "长三角科技政策协同，**重点**是[数据](https://example.com/data)共享。\n\n".repeat(length).slice(0, length);

interface Figures {
  worstMs: number;
  lagMaxMs: number;
  refused: number;
}

async function measure(
  label: string,
  render: (source: string) => Promise<unknown>,
  inputs: { name: string; source: string }[],
): Promise<Figures> {
  const lag = monitorEventLoopDelay({ resolution: 10 });
  let worstMs = 0;
  let refused = 0;
  lag.enable();
  for (const input of inputs) {
    const started = performance.now();
    try {
      await render(input.source);
    } catch (error) {
      if (!(error instanceof AppError && error.reason === "MARKDOWN_TOO_COMPLEX")) throw error;
      refused += 1;
    }
    const ms = performance.now() - started;
    worstMs = Math.max(worstMs, ms);
    console.log(`# ${label} ${input.name}: ${Math.round(ms)} ms`);
    // Lets the monitor's timer fire, so a delay caused by a synchronous render is recorded.
    await new Promise((resolve) => setTimeout(resolve, 30));
  }
  lag.disable();
  return { worstMs, lagMaxMs: lag.max / 1e6, refused };
}

async function main() {
  const withBaseline = process.env.BENCH_MARKDOWN_SKIP_BASELINE !== "1";
  const worst = Object.entries(lengthLimits).flatMap(([what, length]) =>
    craftedUnits.map((unit) => ({ name: `${what} ${length} × "${unit}"`, source: crafted(unit, length) })),
  );
  // The worker starts once per process; its start-up is not a render.
  await renderBounded("warm-up");

  // The same monitor over the same span with nothing rendered: what the machine alone costs.
  const idle = monitorEventLoopDelay({ resolution: 10 });
  idle.enable();
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  idle.disable();

  const bounded = await measure("worker", (source) => renderBounded(source), worst);
  const ordinaryFigures = await measure(
    "worker",
    (source) => renderBounded(source),
    Object.entries(lengthLimits).map(([what, length]) => ({
      name: `${what} ${length} ordinary`,
      source: ordinary(length),
    })),
  );
  if (ordinaryFigures.refused > 0) throw new Error("an ordinary body was refused");

  // The baseline: one crafted unit per limit, as the slowest takes minutes on the main thread.
  const baselineInputs = Object.entries(lengthLimits).map(([what, length]) => ({
    name: `${what} ${length} × "*_a"`,
    source: crafted("*_a", length),
  }));
  const baseline = withBaseline
    ? await measure("sync", async (source) => renderMarkdown(source), baselineInputs)
    : null;

  console.log(`markdown_worst_ms=${Math.round(bounded.worstMs)}`);
  console.log(`markdown_loop_lag_max_ms=${bounded.lagMaxMs.toFixed(1)}`);
  console.log(`markdown_idle_loop_lag_max_ms=${(idle.max / 1e6).toFixed(1)}`);
  console.log(`markdown_refused=${bounded.refused}/${worst.length}`);
  console.log(`markdown_ordinary_worst_ms=${Math.round(ordinaryFigures.worstMs)}`);
  if (baseline) {
    console.log(`markdown_sync_worst_ms=${Math.round(baseline.worstMs)}`);
    console.log(`markdown_sync_loop_lag_max_ms=${baseline.lagMaxMs.toFixed(1)}`);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);

import type { ServiceDeps } from "@/server/infra/deps";
import { recomputeMap } from "./recompute-map";

type RefreshDeps = Pick<ServiceDeps, "db" | "publisher" | "now" | "background" | "onTransactionRetry">;

/**
 * A round's map is recomputed at most once per interval, whatever the vote rate: a burst of votes
 * marks the round dirty and one recompute after the interval counts them all. A person's own vote is
 * acknowledged at once (it is committed); the map follows within the interval.
 */
export const mapRefreshIntervalMs = 2_000;
/** A first vote after a quiet spell still waits this long, so the votes of one burst share a recompute. */
export const mapRefreshGatherMs = 250;

interface RoundRefresh {
  timer: NodeJS.Timeout | null;
  running: Promise<void> | null;
  dirty: boolean;
  lastStarted: number;
}

interface Refresher {
  rounds: Map<number, RoundRefresh>;
  stopped: boolean;
}

/**
 * The rounds waiting for or running a recompute, per process: per its background work where the deps
 * carry it (a test's wrapped deps share it), else per publisher.
 */
const refreshers = new WeakMap<object, Refresher>();

function refresherOf(deps: Pick<ServiceDeps, "publisher" | "background">): Refresher {
  const owner = deps.background ?? deps.publisher;
  let refresher = refreshers.get(owner);
  if (!refresher) {
    const created: Refresher = { rounds: new Map(), stopped: false };
    refreshers.set(owner, (refresher = created));
    deps.background?.onStop(() => stopRefresher(created));
  }
  return refresher;
}

/**
 * Before the database closes: recomputes not started are dropped (the votes are committed; the round's
 * next vote or moderation asks again) and those running are waited for, so none queries a closed pool.
 */
async function stopRefresher(refresher: Refresher): Promise<void> {
  refresher.stopped = true;
  const running: Promise<void>[] = [];
  for (const [roundId, state] of refresher.rounds) {
    if (state.timer) clearTimeout(state.timer);
    state.timer = null;
    if (state.running) running.push(state.running);
    else refresher.rounds.delete(roundId);
  }
  await Promise.all(running);
}

export function requestMapRefresh(deps: RefreshDeps, roundId: number, options: { intervalMs?: number } = {}): void {
  if (deps.background?.stopping) return;
  const refresher = refresherOf(deps);
  if (refresher.stopped) return;
  const rounds = refresher.rounds;
  let state = rounds.get(roundId);
  if (!state) rounds.set(roundId, (state = { timer: null, running: null, dirty: false, lastStarted: 0 }));
  state.dirty = true;
  if (state.timer || state.running) return;
  const interval = options.intervalMs ?? mapRefreshIntervalMs;
  const wait = Math.max(mapRefreshGatherMs, state.lastStarted + interval - Date.now());
  const current = state;
  current.timer = setTimeout(() => {
    current.timer = null;
    current.dirty = false;
    current.lastStarted = Date.now();
    current.running = recomputeMap(deps, roundId)
      .then(() => undefined)
      // A failed recompute is retried by the next vote; the stored map stays the last good one.
      .catch((error: unknown) => console.error("opinion map recompute failed", roundId, error))
      .finally(() => {
        current.running = null;
        if (current.dirty && !refresher.stopped) requestMapRefresh(deps, roundId, options);
        else rounds.delete(roundId);
      });
  }, wait);
  current.timer.unref();
}

/** Resolves once the round has no recompute waiting or running (tests and the benchmark). */
export async function mapRefreshSettled(
  deps: Pick<ServiceDeps, "publisher" | "background">,
  roundId: number,
): Promise<void> {
  for (;;) {
    const state = refresherOf(deps).rounds.get(roundId);
    if (!state) return;
    if (state.running) await state.running;
    else await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

import type { Publisher } from "@/server/infra/realtime/publisher";
import type { ServiceDeps } from "@/server/infra/deps";
import { recomputeMap } from "./recompute-map";

type RefreshDeps = Pick<ServiceDeps, "db" | "publisher" | "now">;

/**
 * A round's map is recomputed at most once per interval, whatever the vote rate: a burst of votes
 * marks the round dirty and one recompute after the interval counts them all. A person's own vote is
 * acknowledged at once (it is committed); the map follows within the interval.
 */
export const mapRefreshIntervalMs = 2_000;
/** A first vote after a quiet spell still waits this long, so the votes of one burst share a recompute. */
const gatherMs = 250;

interface RoundRefresh {
  timer: NodeJS.Timeout | null;
  running: Promise<void> | null;
  dirty: boolean;
  lastStarted: number;
}

const stateByPublisher = new WeakMap<Publisher, Map<number, RoundRefresh>>();

function roundsOf(publisher: Publisher): Map<number, RoundRefresh> {
  let rounds = stateByPublisher.get(publisher);
  if (!rounds) stateByPublisher.set(publisher, (rounds = new Map<number, RoundRefresh>()));
  return rounds;
}

export function requestMapRefresh(deps: RefreshDeps, roundId: number, options: { intervalMs?: number } = {}): void {
  const rounds = roundsOf(deps.publisher);
  let state = rounds.get(roundId);
  if (!state) rounds.set(roundId, (state = { timer: null, running: null, dirty: false, lastStarted: 0 }));
  state.dirty = true;
  if (state.timer || state.running) return;
  const interval = options.intervalMs ?? mapRefreshIntervalMs;
  const wait = Math.max(gatherMs, state.lastStarted + interval - Date.now());
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
        if (current.dirty) requestMapRefresh(deps, roundId, options);
        else rounds.delete(roundId);
      });
  }, wait);
  current.timer.unref();
}

/** Resolves once the round has no recompute waiting or running (tests and the benchmark). */
export async function mapRefreshSettled(deps: Pick<ServiceDeps, "publisher">, roundId: number): Promise<void> {
  for (;;) {
    const state = roundsOf(deps.publisher).get(roundId);
    if (!state) return;
    if (state.running) await state.running;
    else await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

import { BoundedLp } from "./bounded-lp";

/** A 0/1 knapsack with one capacity per funder: integer scores, integer costs (yuan), integer positive caps. */
export interface KnapsackProblem {
  score: readonly number[];
  /** cost[j][i]: yuan item j asks of capacity i. */
  cost: readonly (readonly number[])[];
  caps: readonly number[];
}

/** Slack against rounding when a bound in doubles is compared with an integer score. */
const epsilon = 1e-6;
/** "At 0" / "at 1" for a column value read off the tableau. */
const integral = 1e-9;
/** Dual pivots a node may spend; an unfinished solve still gives a valid (looser) bound. */
const nodePivots = 200;
/** Dual pivots when strong branching bounds a child. */
const probePivots = 6;
/** Observations after which an item's pseudo-costs are trusted instead of probing it. */
const reliability = 4;
/** Probes without a better candidate before the rest are judged by pseudo-costs alone. */
const lookahead = 4;
/** Rounds of fixing and re-solving at one node before it branches anyway. */
const rounds = 8;

/**
 * The exact optimum by depth-first branch and bound over the linear relaxation. At each node items
 * that no longer fit are fixed out and the dual simplex re-optimises the parent's basis. The bound is
 * recomputed from its duals on the exact data, so it holds whatever the tableau's rounding; reduced-cost
 * fixing then closes every item whose flip would drop it below the incumbent + 1. The LP's whole items,
 * filled up greedily, may raise the incumbent. Branching is by reliability: strong branching (both
 * children bounded) until an item's pseudo-costs are trusted, a closed child fixing the item the other
 * way; the child with the higher bound is searched first.
 *
 * The first passes look only for portfolios near the root bound (a target): a pass that finds none
 * proves that band empty, one that finds one ends the search; the last pass is the plain search.
 * `proven` is false only if `nodeLimit` stopped it. Everything is deterministic: no clock, ties by index.
 */
export function branchAndBound(
  problem: KnapsackProblem,
  incumbent: readonly number[],
  nodeLimit: number,
): { chosen: number[]; proven: boolean } {
  const { score, cost, caps } = problem;
  const n = score.length;
  const m = caps.length;
  // Sparse rows, exact and scaled by each capacity.
  const dims = cost.map((row) => Int32Array.from(row.flatMap((c, i) => (c > 0 ? [i] : []))));
  const exact = cost.map((row, j) => Float64Array.from(dims[j]!, (i) => row[i]!));
  const scaled = cost.map((row, j) => Float64Array.from(dims[j]!, (i) => row[i]! / caps[i]!));

  let best = [...incumbent];
  let bestScore = best.reduce((sum, j) => sum + score[j]!, 0);
  let nodes = 0;
  let target = 0;
  let stopped = false;
  const need = () => Math.max(bestScore + 1, target) - epsilon;

  const lps: BoundedLp[] = [];
  const rems: Float64Array[] = [];
  const grow = (depth: number) => {
    while (lps.length <= depth) {
      lps.push(new BoundedLp(m, n));
      rems.push(new Float64Array(m));
    }
  };
  grow(1);
  const y = new Float64Array(m);
  const reduced = new Float64Array(n);
  const scratchReduced = new Float64Array(n);
  const scratch = new BoundedLp(m, n);
  const scratchRem = new Float64Array(m);
  const up = new Float64Array(n);
  const down = new Float64Array(n);
  const values = new Float64Array(n);
  const candidates = new Int32Array(n);
  const keys = new Float64Array(n);
  const trial = new Float64Array(m);
  const added = new Int32Array(n);
  const fillOrder = Int32Array.from({ length: n }, (_, j) => j);

  const fits = (j: number, rem: Float64Array) => {
    const ds = dims[j]!;
    const cs = exact[j]!;
    for (let t = 0; t < ds.length; t += 1) if (cs[t]! > rem[ds[t]!]!) return false;
    return true;
  };
  const take = (j: number, rem: Float64Array) => {
    const ds = dims[j]!;
    const cs = exact[j]!;
    for (let t = 0; t < ds.length; t += 1) rem[ds[t]!] = rem[ds[t]!]! - cs[t]!;
  };
  /** Lagrangian bound y·rem + Σ max(0, s_j − y·a_j) from the tableau's duals; fills `out` for the free items. */
  const bound = (lp: BoundedLp, rem: Float64Array, fixedScore: number, out: Float64Array) => {
    lp.duals(y);
    let total = fixedScore;
    for (let i = 0; i < m; i += 1) total += (y[i]! * rem[i]!) / caps[i]!;
    for (let j = 0; j < n; j += 1) {
      if (lp.isFixed(j)) continue;
      const ds = dims[j]!;
      const ws = scaled[j]!;
      let r = score[j]!;
      for (let t = 0; t < ds.length; t += 1) r -= y[ds[t]!]! * ws[t]!;
      out[j] = r;
      if (r > 0) total += r;
    }
    return total;
  };
  /** The bound of the node with item j fixed at `value` (−∞ when j does not fit). */
  const probe = (lp: BoundedLp, rem: Float64Array, fixedScore: number, j: number, value: 0 | 1) => {
    scratchRem.set(rem);
    if (value === 1) {
      if (!fits(j, rem)) return Number.NEGATIVE_INFINITY;
      take(j, scratchRem);
    }
    scratch.copyFrom(lp);
    scratch.fix(j, value);
    scratch.solve(probePivots);
    return bound(scratch, scratchRem, fixedScore + value * score[j]!, scratchReduced);
  };

  // Pseudo-costs: bound lost per unit an item moved up (to 1) or down (to 0), summed, and how often seen;
  // `seen` holds the totals over all items [up sum, up count, down sum, down count] for unseen items.
  const upGain = new Float64Array(n);
  const downGain = new Float64Array(n);
  const upSeen = new Int32Array(n);
  const downSeen = new Int32Array(n);
  const seen = new Float64Array(4);
  const learn = (j: number, value: 0 | 1, fraction: number, parentBound: number, childBound: number) => {
    if (!Number.isFinite(childBound) || !Number.isFinite(parentBound)) return;
    const gain = Math.max(0, parentBound - childBound) / (value === 1 ? 1 - fraction : fraction);
    if (value === 1) {
      upGain[j] = upGain[j]! + gain;
      upSeen[j] = upSeen[j]! + 1;
      seen[0] = seen[0]! + gain;
      seen[1] = seen[1]! + 1;
    } else {
      downGain[j] = downGain[j]! + gain;
      downSeen[j] = downSeen[j]! + 1;
      seen[2] = seen[2]! + gain;
      seen[3] = seen[3]! + 1;
    }
  };
  const estimate = (j: number) => {
    const v = values[j]!;
    const perUp = upSeen[j]! > 0 ? upGain[j]! / upSeen[j]! : seen[1]! > 0 ? seen[0]! / seen[1]! : 1;
    const perDown = downSeen[j]! > 0 ? downGain[j]! / downSeen[j]! : seen[3]! > 0 ? seen[2]! / seen[3]! : 1;
    return Math.max(perUp * (1 - v), 1e-3) * Math.max(perDown * v, 1e-3);
  };

  /** Fixes, bounds and picks the branching item of the node at `depth`; −1 when the node is closed. */
  const evaluate = (depth: number, state: { fixedScore: number; bound: number }): number => {
    const lp = lps[depth]!;
    const rem = rems[depth]!;
    let branch = -1;
    for (let round = 0; round < rounds; round += 1) {
      for (let j = 0; j < n; j += 1) if (!lp.isFixed(j) && !fits(j, rem)) lp.fix(j, 0);
      lp.solve(nodePivots);
      const upper = bound(lp, rem, state.fixedScore, reduced);
      state.bound = upper;
      const floor = need();
      if (upper < floor) return -1;
      let changed = false;
      for (let j = 0; j < n; j += 1) {
        if (lp.isFixed(j)) continue;
        const r = reduced[j]!;
        if (r < 0 && upper + r < floor) {
          lp.fix(j, 0);
          changed = true;
        } else if (r > 0 && upper - r < floor) {
          // Leaving j out cannot reach the target: j is in every better portfolio, or there is none.
          if (!fits(j, rem)) return -1;
          take(j, rem);
          state.fixedScore += score[j]!;
          lp.fix(j, 1);
          changed = true;
        }
      }
      if (changed) continue;
      // The fractional items, most promising by pseudo-cost first (insertion sort; ties by index).
      let count = 0;
      for (let j = 0; j < n; j += 1) {
        if (lp.isFixed(j)) continue;
        const v = lp.value(j);
        if (v <= integral || v >= 1 - integral) continue;
        values[j] = v;
        const key = estimate(j);
        let at = count;
        while (at > 0 && keys[at - 1]! < key) {
          keys[at] = keys[at - 1]!;
          candidates[at] = candidates[at - 1]!;
          at -= 1;
        }
        keys[at] = key;
        candidates[at] = j;
        count += 1;
      }
      branch = -1;
      let bestDrop = -1;
      let sinceBetter = 0;
      for (let c = 0; c < count && !changed; c += 1) {
        const j = candidates[c]!;
        const v = values[j]!;
        let drop = keys[c]!;
        up[j] = upper;
        down[j] = upper;
        if (Math.min(upSeen[j]!, downSeen[j]!) < reliability && sinceBetter < lookahead) {
          const u = probe(lp, rem, state.fixedScore, j, 1);
          const d = probe(lp, rem, state.fixedScore, j, 0);
          learn(j, 1, v, upper, u);
          learn(j, 0, v, upper, d);
          if (u < floor && d < floor) return -1;
          if (u < floor) {
            lp.fix(j, 0);
            changed = true;
          } else if (d < floor) {
            take(j, rem);
            state.fixedScore += score[j]!;
            lp.fix(j, 1);
            changed = true;
          }
          up[j] = u;
          down[j] = d;
          drop = (upper - u + 1e-3) * (upper - d + 1e-3);
        }
        if (drop > bestDrop) {
          bestDrop = drop;
          branch = j;
          sinceBetter = 0;
        } else sinceBetter += 1;
      }
      if (!changed) break;
      branch = -1;
    }
    // Incumbent: the fixed items and the LP's whole items, then the others by their reduced cost at the root.
    trial.set(rem);
    let found = state.fixedScore;
    let count = 0;
    for (let pass = 0; pass < 2; pass += 1)
      for (let k = 0; k < n; k += 1) {
        const j = fillOrder[k]!;
        if (lp.isFixed(j)) continue;
        const v = lp.value(j);
        if ((pass === 0) !== v >= 1 - integral) continue;
        if (!fits(j, trial)) continue;
        take(j, trial);
        found += score[j]!;
        added[count++] = j;
      }
    if (found > bestScore) {
      bestScore = found;
      best = Array.from(added.subarray(0, count));
      for (let j = 0; j < n; j += 1) if (lp.isFixed(j) && lp.value(j) === 1) best.push(j);
    }
    if (state.bound < need()) return -1;
    if (branch >= 0) return branch;
    // No fractional item (or the rounds ran out): the first free one, if any.
    for (let j = 0; j < n; j += 1)
      if (!lp.isFixed(j)) {
        values[j] = lp.value(j);
        up[j] = state.bound;
        down[j] = state.bound;
        return j;
      }
    return -1;
  };

  const node = (depth: number, fixedScore: number, parent: number, moved: number, to: 0 | 1, fraction: number) => {
    if (stopped) return;
    nodes += 1;
    if (nodes > nodeLimit) {
      stopped = true;
      return;
    }
    const state = { fixedScore, bound: Number.POSITIVE_INFINITY };
    const branch = evaluate(depth, state);
    if (moved >= 0 && fraction > integral && fraction < 1 - integral) learn(moved, to, fraction, parent, state.bound);
    if (branch < 0) return;
    grow(depth + 1);
    const lp = lps[depth]!;
    const rem = rems[depth]!;
    const child = lps[depth + 1]!;
    const childRem = rems[depth + 1]!;
    const v = values[branch]!;
    const upBound = up[branch]!;
    const downBound = down[branch]!;
    for (const value of upBound >= downBound ? ([1, 0] as const) : ([0, 1] as const)) {
      if ((value === 1 ? upBound : downBound) < need()) continue;
      if (value === 1 && !fits(branch, rem)) continue;
      child.copyFrom(lp);
      childRem.set(rem);
      if (value === 1) take(branch, childRem);
      child.fix(branch, value);
      node(depth + 1, state.fixedScore + value * score[branch]!, state.bound, branch, value, v);
      if (stopped) return;
    }
  };

  const root = lps[0]!;
  root.load(
    caps.map((_, i) => cost.map((row) => row[i]! / caps[i]!)),
    caps.map(() => 1),
    score,
  );
  root.solve(nodePivots);
  rems[0]!.set(caps);
  const rootBound = bound(root, rems[0]!, 0, reduced);
  fillOrder.sort((a, b) => reduced[b]! - reduced[a]! || a - b);
  const pristine = new BoundedLp(m, n);
  pristine.copyFrom(root);
  const gap = rootBound - bestScore;
  for (const fraction of [0.25, 0.5, 0.75, 1]) {
    target = fraction < 1 ? Math.ceil(rootBound - gap * fraction) : 0;
    if (fraction < 1 && target <= bestScore + 1) continue;
    root.copyFrom(pristine);
    rems[0]!.set(caps);
    node(0, 0, Number.NaN, -1, 0, 0);
    if (stopped || bestScore >= target) break;
  }
  return { chosen: best.sort((a, b) => a - b), proven: !stopped };
}

import { centralFunder, type FunderPart } from "./cost-split";

/**
 * Choosing the portfolio: which proposals to fund so that no funder (a region, or the centre) pays
 * more than it put into the call. Every project's cost is already split into fixed parts per funder
 * (cost-split.ts), so this is a multi-dimensional 0/1 knapsack: one capacity per funder. Three
 * methods sit side by side: the exact optimum, greedy by score (as Consul does), and an adaptation
 * of the Method of Equal Shares. All are pure and deterministic: ties break by project id.
 */

export interface Candidate {
  id: number;
  /** Aggregate review score, hundredths of a point (integers keep the result machine-independent). */
  score: number;
  parts: readonly FunderPart[];
}

export interface Funder {
  id: number;
  capYuan: number;
}

export interface Portfolio {
  /** Chosen project ids, ascending. */
  selected: number[];
  totalScore: number;
  /** Yuan each funder would pay, in the order of the funders given. */
  spent: { funderId: number; yuan: number }[];
  /** False only if the exact search stopped at its node limit: the best found, not proven best. */
  optimal: boolean;
}

interface Prepared {
  funders: Funder[];
  /** cost[i][d]: yuan candidate i asks of funder d */
  cost: number[][];
  candidates: Candidate[];
}

function prepare(funders: readonly Funder[], candidates: readonly Candidate[]): Prepared {
  const index = new Map(funders.map((f, d) => [f.id, d]));
  const sorted = [...candidates].sort((a, b) => a.id - b.id);
  const cost = sorted.map((c) => {
    const row = funders.map(() => 0);
    for (const part of c.parts) {
      const d = index.get(part.funderId);
      // A project asking money of someone who put nothing in can never be funded: an infinite cost.
      if (d === undefined) return funders.map(() => Number.POSITIVE_INFINITY);
      row[d] = (row[d] ?? 0) + part.yuan;
    }
    return row;
  });
  return { funders: [...funders], cost, candidates: sorted };
}

function result(p: Prepared, chosen: readonly number[], optimal: boolean): Portfolio {
  const spent = p.funders.map((f, d) => ({
    funderId: f.id,
    yuan: chosen.reduce((sum, i) => sum + (p.cost[i]?.[d] ?? 0), 0),
  }));
  return {
    selected: chosen.map((i) => p.candidates[i]!.id).sort((a, b) => a - b),
    totalScore: chosen.reduce((sum, i) => sum + p.candidates[i]!.score, 0),
    spent,
    optimal,
  };
}

function fits(p: Prepared, left: readonly number[], i: number): boolean {
  const row = p.cost[i]!;
  for (let d = 0; d < left.length; d += 1) if (row[d]! > left[d]!) return false;
  return true;
}

function take(p: Prepared, left: number[], i: number): void {
  const row = p.cost[i]!;
  for (let d = 0; d < left.length; d += 1) left[d] = left[d]! - row[d]!;
}

/** Greedy by score: the best-reviewed first, each taken if it still fits (ties: the cheaper, then the lower id). */
export function greedyPortfolio(funders: readonly Funder[], candidates: readonly Candidate[]): Portfolio {
  const p = prepare(funders, candidates);
  const total = (i: number) => p.cost[i]!.reduce((a, b) => a + b, 0);
  const order = p.candidates
    .map((_, i) => i)
    .sort((a, b) => p.candidates[b]!.score - p.candidates[a]!.score || total(a) - total(b) || a - b);
  const left = p.funders.map((f) => f.capYuan);
  const chosen: number[] = [];
  for (const i of order)
    if (p.candidates[i]!.score > 0 && fits(p, left, i)) {
      take(p, left, i);
      chosen.push(i);
    }
  return result(p, chosen, true);
}

/**
 * The Method of Equal Shares with each funder's contribution as its endowment, adapted to costs
 * whose split is fixed by the agreed plans: a project's price is the largest fraction of any of its
 * funders' endowment that it takes, per point of score; the cheapest affordable project is bought
 * next, until none is affordable. So no funder's money is spent on a project at a worse rate than
 * another funder could have bought a point of score — the proportional idea of MES — and a small
 * contributor is not drained by projects it barely shares in.
 */
export function equalSharesPortfolio(funders: readonly Funder[], candidates: readonly Candidate[]): Portfolio {
  const p = prepare(funders, candidates);
  const left = p.funders.map((f) => f.capYuan);
  const chosen: number[] = [];
  const open = new Set(p.candidates.map((_, i) => i).filter((i) => p.candidates[i]!.score > 0));
  // Price in "endowment fractions per point"; compared as exact ratios by cross-multiplying would be
  // nicer, but the endowments differ per funder, so a double is used only to order, never to check money.
  const price = (i: number) => {
    let worst = 0;
    p.cost[i]!.forEach((yuan, d) => {
      if (yuan === 0) return;
      const cap = p.funders[d]!.capYuan;
      worst = Math.max(worst, cap === 0 ? Number.POSITIVE_INFINITY : yuan / cap);
    });
    return worst / p.candidates[i]!.score;
  };
  for (;;) {
    let best = -1;
    let bestPrice = Number.POSITIVE_INFINITY;
    for (const i of open) {
      if (!fits(p, left, i)) continue;
      const q = price(i);
      if (q < bestPrice || (q === bestPrice && i < best)) {
        best = i;
        bestPrice = q;
      }
    }
    if (best < 0) break;
    take(p, left, best);
    chosen.push(best);
    open.delete(best);
  }
  return result(p, chosen, true);
}

/**
 * Improves a feasible set by exchanges until none helps: add one; swap one out for one or two in.
 * Only a better incumbent for the exact search (which then prunes more), never an answer on its own.
 */
function improveBySwaps(p: Prepared, start: readonly number[], usable: readonly number[]): number[] {
  const caps = p.funders.map((f) => f.capYuan);
  const inSet = new Set(start);
  const left = [...caps];
  for (const i of start) p.cost[i]!.forEach((yuan, d) => (left[d] = left[d]! - yuan));
  const scoreOf = (i: number) => p.candidates[i]!.score;
  const fitsWith = (add: readonly number[], drop: number) =>
    left.every((room, d) => {
      const freed = drop >= 0 ? p.cost[drop]![d]! : 0;
      return add.reduce((sum, i) => sum + p.cost[i]![d]!, 0) <= room + freed;
    });
  const apply = (add: readonly number[], drop: number) => {
    for (const i of add) {
      inSet.add(i);
      p.cost[i]!.forEach((yuan, d) => (left[d] = left[d]! - yuan));
    }
    if (drop >= 0) {
      inSet.delete(drop);
      p.cost[drop]!.forEach((yuan, d) => (left[d] = left[d]! + yuan));
    }
  };
  for (let improved = true; improved;) {
    improved = false;
    const outside = usable.filter((i) => !inSet.has(i));
    for (const i of outside)
      if (fitsWith([i], -1)) {
        apply([i], -1);
        improved = true;
      }
    if (improved) continue;
    search: for (const drop of [...inSet]) {
      const candidatesOut = usable.filter((i) => !inSet.has(i));
      for (let a = 0; a < candidatesOut.length; a += 1) {
        const i = candidatesOut[a]!;
        if (scoreOf(i) > scoreOf(drop) && fitsWith([i], drop)) {
          apply([i], drop);
          improved = true;
          break search;
        }
        for (let b = a + 1; b < candidatesOut.length; b += 1) {
          const j = candidatesOut[b]!;
          if (scoreOf(i) + scoreOf(j) > scoreOf(drop) && fitsWith([i, j], drop)) {
            apply([i, j], drop);
            improved = true;
            break search;
          }
        }
      }
    }
  }
  return [...inSet].sort((a, b) => a - b);
}

/**
 * Lagrange multipliers (one price per yuan of each binding funder) by subgradient descent with
 * Polyak steps towards the incumbent: the relaxation L(λ) = Σ_j max(0, s_j − λ·w_j) + λ·cap is an
 * upper bound for any λ ≥ 0, and the smallest found is kept. Near its minimum it equals the linear
 * relaxation, and its reduced costs s_j − λ·w_j let the search fix most items at the root.
 */
function lagrangeMultipliers(
  score: readonly number[],
  cost: readonly (readonly number[])[],
  caps: readonly number[],
  incumbent: number,
): { lambda: number[]; bound: number } {
  const D = caps.length;
  // Start from "every funder's money is worth the average score per yuan asked of it".
  const asked = caps.map((_, d) => cost.reduce((sum, row) => sum + row[d]!, 0));
  const totalScore = score.reduce((a, b) => a + b, 0);
  let lambda = caps.map((_, d) => (asked[d]! > 0 ? totalScore / asked[d]! / Math.max(D, 1) : 0));
  let best = { lambda, bound: Number.POSITIVE_INFINITY };
  let theta = 1;
  let sinceImproved = 0;
  for (let iteration = 0; iteration < 3000 && D > 0; iteration += 1) {
    const g = [...caps];
    let bound = caps.reduce((sum, cap, d) => sum + lambda[d]! * cap, 0);
    cost.forEach((row, j) => {
      const reduced = score[j]! - row.reduce((sum, yuan, d) => sum + lambda[d]! * yuan, 0);
      if (reduced > 0) {
        bound += reduced;
        row.forEach((yuan, d) => (g[d] = g[d]! - yuan));
      }
    });
    if (bound < best.bound - 1e-9) {
      best = { lambda, bound };
      sinceImproved = 0;
    } else if ((sinceImproved += 1) >= 30) {
      theta /= 2;
      sinceImproved = 0;
    }
    const norm = g.reduce((sum, x) => sum + x * x, 0);
    if (norm === 0 || bound - incumbent < 1e-6 || theta < 1e-6) break;
    const step = (theta * (bound - incumbent)) / norm;
    lambda = lambda.map((l, d) => Math.max(0, l - step * g[d]!));
  }
  return best;
}

/**
 * The exact optimum (maximum total score) by depth-first branch and bound over a Lagrangian
 * relaxation. At the root, items whose reduced cost proves their value are fixed (taking or leaving
 * them would push the bound below the incumbent); the rest are searched in the surrogate's ratio
 * order, each node bounded in O(1) by the root Lagrangian, then in O(log n) by the surrogate
 * knapsack, then by its own Lagrangian (multipliers warm-started from the parent's and improved by a
 * few subgradient steps), whose reduced cost for the next item may also close one of its two
 * branches. The best of greedy and equal shares seeds the incumbent. `optimal` is false only when
 * `nodeLimit` stopped the search first.
 */
export function exactPortfolio(
  funders: readonly Funder[],
  candidates: readonly Candidate[],
  /** `unseeded`: the search starts from nothing (tests use it to check the search on its own). */
  options: { nodeLimit?: number; unseeded?: boolean } = {},
): Portfolio {
  const p = prepare(funders, candidates);
  const D = p.funders.length;
  const caps = p.funders.map((f) => f.capYuan);
  // Drop what can never be funded (too dear for some funder on its own, or worthless).
  const usable = p.candidates.map((_, i) => i).filter((i) => p.candidates[i]!.score > 0 && fits(p, caps, i));
  // Funders the usable items together cannot overspend never bind; they stay out of the bounds.
  const binding = Array.from({ length: D }, (_, d) => d).filter(
    (d) => usable.reduce((sum, i) => sum + p.cost[i]![d]!, 0) > caps[d]!,
  );
  const seeds = [greedyPortfolio(funders, candidates), equalSharesPortfolio(funders, candidates)];
  const seed = seeds.reduce((a, b) => (b.totalScore > a.totalScore ? b : a));
  const indexOfId = new Map(p.candidates.map((c, i) => [c.id, i]));
  const improved = options.unseeded
    ? []
    : improveBySwaps(
        p,
        seed.selected.map((id) => indexOfId.get(id)!),
        usable,
      );
  let bestScore = improved.reduce((sum, i) => sum + p.candidates[i]!.score, 0);
  const seedIds = new Set(improved.map((i) => p.candidates[i]!.id));

  const { lambda: lambdaBinding } = lagrangeMultipliers(
    usable.map((i) => p.candidates[i]!.score),
    usable.map((i) => binding.map((d) => p.cost[i]![d]!)),
    binding.map((d) => caps[d]!),
    bestScore,
  );
  const lambda = new Array<number>(D).fill(0);
  binding.forEach((d, k) => (lambda[d] = lambdaBinding[k]!));
  const priced = (i: number) => p.cost[i]!.reduce((sum, yuan, d) => sum + lambda[d]! * yuan, 0);
  const reducedOf = (i: number) => p.candidates[i]!.score - priced(i);
  const rootBound =
    caps.reduce((sum, cap, d) => sum + lambda[d]! * cap, 0) +
    usable.reduce((sum, i) => sum + Math.max(0, reducedOf(i)), 0);

  // Reduced-cost fixing: forcing item i against its sign costs |reduced|; below the incumbent, it is fixed.
  const forced: number[] = [];
  const free: number[] = [];
  for (const i of usable) {
    const r = reducedOf(i);
    if (Math.floor(rootBound - Math.abs(r) + 1e-7) <= bestScore) {
      if (r > 0) forced.push(i);
    } else free.push(i);
  }
  const left = [...caps];
  let forcedScore = 0;
  for (const i of forced) {
    p.cost[i]!.forEach((yuan, d) => (left[d] = left[d]! - yuan));
    forcedScore += p.candidates[i]!.score;
  }
  // When the forced items alone do not fit, no portfolio beats the incumbent: it is the optimum.
  const forcedFit = left.every((room) => room >= 0);

  const items = [...free].sort((a, b) => {
    const wa = priced(a);
    const wb = priced(b);
    return p.candidates[b]!.score * wa - p.candidates[a]!.score * wb || a - b;
  });
  const n = items.length;
  const score = items.map((i) => p.candidates[i]!.score);
  const cost = items.map((i) => p.cost[i]!);
  const weight = items.map(priced);
  const reduced = items.map(reducedOf);
  // Prefix sums over the search order: surrogate weight and score of items k..j-1 are W[j]-W[k], S[j]-S[k].
  const W = [0];
  const S = [0];
  for (let k = 0; k < n; k += 1) {
    W.push(W[k]! + weight[k]!);
    S.push(S[k]! + score[k]!);
  }
  // Suffix sums of positive reduced costs: the Lagrangian's gain from the items not yet decided.
  const positiveFrom = new Array<number>(n + 1).fill(0);
  for (let k = n - 1; k >= 0; k -= 1) positiveFrom[k] = positiveFrom[k + 1]! + Math.max(0, reduced[k]!);

  let best = usable.filter((i) => seedIds.has(p.candidates[i]!.id));
  const chosen: boolean[] = new Array<boolean>(n).fill(false);
  let nodes = 0;
  const nodeLimit = options.nodeLimit ?? 20_000_000;
  let stopped = false;
  /** Subgradient steps per node: more tighten each bound but cost more than the nodes they save (bench/README.md). */
  const nodeSteps = 8;

  /** The surrogate's fractional optimum over items k.. within `room`; items are in its ratio order. */
  const surrogateBound = (k: number, room: number): number => {
    if (W[n]! - W[k]! <= room) return S[n]! - S[k]!;
    let lo = k;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (W[mid]! - W[k]! <= room) lo = mid;
      else hi = mid - 1;
    }
    const whole = S[lo]! - S[k]!;
    const rest = room - (W[lo]! - W[k]!);
    return lo < n && weight[lo]! > 0 ? whole + (score[lo]! * rest) / weight[lo]! : whole;
  };

  // Per-node Lagrangian: each depth keeps its own multipliers, warm-started from its parent's and
  // moved by a few subgradient steps on the node's own subproblem (remaining items, remaining money),
  // so the bound tightens towards the node's linear relaxation instead of keeping the root's prices.
  const mus = Array.from({ length: n + 1 }, () => new Float64Array(D));
  binding.forEach((d) => (mus[0]![d] = lambda[d]!));
  const gradient = new Float64Array(D);
  // Each project asks money of a few funders only (the centre and its regions): sparse rows.
  const dimsOf = cost.map((row) => Int32Array.from(row.flatMap((c, d) => (c > 0 ? [d] : []))));
  const valsOf = cost.map((row) => Float64Array.from(row.filter((c) => c > 0)));
  const lagrangian = (k: number, mu: Float64Array): number => {
    let bound = 0;
    for (let d = 0; d < D; d += 1) {
      bound += mu[d]! * left[d]!;
      gradient[d] = left[d]!;
    }
    for (let j = k; j < n; j += 1) {
      const dims = dimsOf[j]!;
      const vals = valsOf[j]!;
      let price = 0;
      let t = 0;
      for (; t < dims.length; t += 1) {
        const d = dims[t]!;
        const c = vals[t]!;
        // An item that no longer fits on its own is out of every completion: it adds nothing.
        if (c > left[d]!) break;
        price += mu[d]! * c;
      }
      if (t < dims.length) continue;
      const gain = score[j]! - price;
      if (gain > 0) {
        bound += gain;
        for (t = 0; t < dims.length; t += 1) gradient[dims[t]!] = gradient[dims[t]!]! - vals[t]!;
      }
    }
    return bound;
  };
  const trial = new Float64Array(D);
  /** The smallest bound found, stopping once it proves the node cannot reach `need`; the multipliers stay in mus[k]. */
  const lagrangianBound = (k: number, need: number): number => {
    const mu = mus[k]!;
    mu.set(mus[Math.max(0, k - 1)]!);
    let bestBound = lagrangian(k, mu);
    let theta = 1;
    for (let step = 0; step < nodeSteps; step += 1) {
      if (bestBound < need - 1e-7) return bestBound;
      let norm = 0;
      for (let d = 0; d < D; d += 1) norm += gradient[d]! * gradient[d]!;
      if (norm === 0) return bestBound;
      const size = (theta * (bestBound - need + 1)) / norm;
      for (let d = 0; d < D; d += 1) trial[d] = Math.max(0, mu[d]! - size * gradient[d]!);
      const bound = lagrangian(k, trial);
      if (bound < bestBound) {
        bestBound = bound;
        mu.set(trial);
      } else {
        theta /= 2;
        lagrangian(k, mu);
      }
    }
    return bestBound;
  };

  /** `room` is λ·left (the surrogate's capacity); `current` the score taken among the free items. */
  const search = (k: number, current: number, room: number): void => {
    if (stopped) return;
    nodes += 1;
    if (nodes > nodeLimit) {
      stopped = true;
      return;
    }
    const total = forcedScore + current;
    if (total > bestScore) {
      bestScore = total;
      best = [...forced, ...items.filter((_, j) => chosen[j])];
    }
    if (k === n) return;
    // Scores are integers: a bound that cannot reach bestScore + 1 cannot improve on it.
    const cannotImprove = (bound: number) => Math.floor(forcedScore + current + bound + 1e-7) <= bestScore;
    if (cannotImprove(room + positiveFrom[k]!)) return;
    if (cannotImprove(surrogateBound(k, room))) return;
    const need = bestScore + 1 - total;
    const bound = lagrangianBound(k, need);
    if (bound < need - 1e-7) return;
    const row = cost[k]!;
    let fitsHere = true;
    let price = 0;
    for (let d = 0; d < D; d += 1) {
      if (row[d]! > left[d]!) fitsHere = false;
      price += mus[k]![d]! * row[d]!;
    }
    // Reduced-cost fixing at the node: taking item k costs the bound max(0, −r), leaving it max(0, r).
    const gain = score[k]! - price;
    const takeBound = fitsHere ? bound + Math.min(0, gain) : bound;
    const leaveBound = fitsHere ? bound - Math.max(0, gain) : bound;
    if (fitsHere && takeBound >= need - 1e-7) {
      for (let d = 0; d < D; d += 1) left[d] = left[d]! - row[d]!;
      chosen[k] = true;
      search(k + 1, current + score[k]!, room - weight[k]!);
      chosen[k] = false;
      for (let d = 0; d < D; d += 1) left[d] = left[d]! + row[d]!;
    }
    // The incumbent may have grown in the take branch; the leave branch's bound is re-checked against it.
    if (leaveBound >= bestScore + 1 - total - 1e-7) search(k + 1, current, room);
  };
  if (forcedFit)
    search(
      0,
      0,
      left.reduce((sum, l, d) => sum + lambda[d]! * l, 0),
    );
  return result(p, best, !stopped);
}

/** Whether a set of projects stays within every funder's contribution; the check every path re-runs. */
export function withinCaps(funders: readonly Funder[], candidates: readonly Candidate[], ids: readonly number[]) {
  const spent = new Map<number, number>();
  const chosen = new Set(ids);
  for (const c of candidates)
    if (chosen.has(c.id))
      for (const part of c.parts) spent.set(part.funderId, (spent.get(part.funderId) ?? 0) + part.yuan);
  const over = [...spent].filter(([id, yuan]) => yuan > (funders.find((f) => f.id === id)?.capYuan ?? 0));
  return { ok: over.length === 0, over: over.map(([id]) => id) };
}

export { centralFunder };

import { centralFunder, type FunderPart } from "./cost-split";
import { branchAndBound } from "./portfolio-search";

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
 * The exact optimum (maximum total score): branch and bound over the linear relaxation
 * (portfolio-search.ts), on the proposals that can be funded at all and the funders whose money
 * they can exhaust. The best of greedy and equal shares, improved by swaps, seeds the incumbent.
 * `optimal` is false only when `nodeLimit` stopped the search first.
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
  // Funders the usable items together cannot overspend never bind; they stay out of the search.
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
  const position = new Map(usable.map((i, j) => [i, j]));
  const { chosen, proven } = branchAndBound(
    {
      score: usable.map((i) => p.candidates[i]!.score),
      cost: usable.map((i) => binding.map((d) => p.cost[i]![d]!)),
      caps: binding.map((d) => caps[d]!),
    },
    improved.map((i) => position.get(i)!),
    options.nodeLimit ?? 1_000_000,
  );
  return result(
    p,
    chosen.map((j) => usable[j]!),
    proven,
  );
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

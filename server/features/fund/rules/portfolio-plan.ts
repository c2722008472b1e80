import type { PortfolioMethod } from "@/shared/fund-vocabulary";
import type { FunderPart } from "./cost-split";
import type { Candidate, Funder } from "./portfolio";

/**
 * The portfolio as it is put to the regions (issue #19.3): frozen when the ballot opens, so what the
 * regions vote on is exactly what is awarded. Each chosen proposal with the score and the money per
 * funder it had then, and each funder's total against its contribution.
 */
export interface PortfolioPlan {
  method: PortfolioMethod;
  /** Ascending by id. */
  projects: { id: number; score: number; parts: FunderPart[] }[];
  /** In the order of the call's funders (the centre first). */
  funders: { funderId: number; spentYuan: number; capYuan: number }[];
  totalScore: number;
}

const byFunder = (parts: readonly FunderPart[]) =>
  [...parts].sort((a, b) => a.funderId - b.funderId).map((p) => ({ funderId: p.funderId, yuan: p.yuan }));

/** Freezes `selected` (project ids) as a plan; ids that are not candidates are left out. */
export function portfolioPlan(
  method: PortfolioMethod,
  funders: readonly Funder[],
  candidates: readonly Candidate[],
  selected: readonly number[],
): PortfolioPlan {
  const chosen = new Set(selected);
  const projects = candidates
    .filter((c) => chosen.has(c.id))
    .sort((a, b) => a.id - b.id)
    .map((c) => ({ id: c.id, score: c.score, parts: byFunder(c.parts) }));
  const spent = (funderId: number) =>
    projects.reduce(
      (sum, p) => sum + p.parts.filter((x) => x.funderId === funderId).reduce((s, x) => s + x.yuan, 0),
      0,
    );
  return {
    method,
    projects,
    funders: funders.map((f) => ({ funderId: f.id, spentYuan: spent(f.id), capYuan: f.capYuan })),
    totalScore: projects.reduce((sum, p) => sum + p.score, 0),
  };
}

export type PlanProblem =
  /** A chosen proposal's committed reviews (its score) or its cost split differ from the frozen plan, or it is gone. */
  | { reason: "PORTFOLIO_STALE"; projectIds: number[] }
  /** The plan would take more from these funders than they now contribute (or they no longer fund the call). */
  | { reason: "PORTFOLIO_OVER_CAP"; funderIds: number[] };

const sameParts = (a: readonly FunderPart[], b: readonly FunderPart[]) =>
  a.length === b.length && a.every((p, k) => p.funderId === b[k]!.funderId && p.yuan === b[k]!.yuan);

/**
 * Whether a frozen plan may still be awarded against the call as committed now: every chosen
 * proposal still a candidate with the same score and the same money per funder, and no funder over
 * its contribution. Stale proposals are reported first: a changed review makes the vote moot.
 */
export function planProblems(
  plan: PortfolioPlan,
  funders: readonly Funder[],
  candidates: readonly Candidate[],
): PlanProblem[] {
  const now = portfolioPlan(
    plan.method,
    funders,
    candidates,
    plan.projects.map((p) => p.id),
  );
  const problems: PlanProblem[] = [];
  const stale = plan.projects
    .filter((p) => {
      const current = now.projects.find((c) => c.id === p.id);
      return !current || current.score !== p.score || !sameParts(current.parts, p.parts);
    })
    .map((p) => p.id);
  if (stale.length > 0) problems.push({ reason: "PORTFOLIO_STALE", projectIds: stale });
  const capOf = new Map(funders.map((f) => [f.id, f.capYuan]));
  const asked = new Map<number, number>();
  for (const p of plan.projects)
    for (const part of p.parts) asked.set(part.funderId, (asked.get(part.funderId) ?? 0) + part.yuan);
  const over = [...asked]
    .filter(([funderId, yuan]) => yuan > (capOf.get(funderId) ?? 0))
    .map(([funderId]) => funderId)
    .sort((a, b) => a - b);
  if (over.length > 0) problems.push({ reason: "PORTFOLIO_OVER_CAP", funderIds: over });
  return problems;
}

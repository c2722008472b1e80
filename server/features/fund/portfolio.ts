import { and, eq, inArray, isNull } from "drizzle-orm";
import type { z } from "zod";
import type { Db, Tx } from "@/db/client";
import { fundCalls, fundContributions, fundSubmissions, portfolioBallots, type FundCall } from "@/db/schema";
import type { PortfolioMethod } from "@/shared/fund-vocabulary";
import type { SessionUser } from "@/server/infra/auth/session";
import { AppError } from "@/server/errors";
import { recordAudit } from "@/server/infra/audit";
import type { ServiceDeps } from "@/server/infra/deps";
import { transact } from "@/server/infra/transact";
import { assertManagesFund, assertStage, loadVisibleCall, scoresArePublic, type Viewer } from "./access";
import type { decidePortfolioInput } from "./contract";
import { centralFunder } from "./rules/cost-split";
import {
  equalSharesPortfolio,
  exactPortfolio,
  greedyPortfolio,
  type Candidate,
  type Funder,
  type Portfolio,
} from "./rules/portfolio";
import { planProblems, portfolioPlan, type PortfolioPlan } from "./rules/portfolio-plan";
import { aggregate } from "./rules/review";
import { loadProposals } from "./submissions";

/**
 * Ten times the hardest benchmark call (60 proposals, 10 regions) and a few seconds at most, so a
 * request cannot hang; past it the page says "best found, not proven".
 */
const requestNodeLimit = 50_000;

async function fundersOf(db: Db | Tx, call: FundCall): Promise<Funder[]> {
  const rows = await db.select().from(fundContributions).where(eq(fundContributions.callId, call.id));
  return [
    { id: centralFunder, capYuan: call.centralYuan },
    ...rows.sort((a, b) => a.regionId - b.regionId).map((r) => ({ id: r.regionId, capYuan: r.amountYuan })),
  ];
}

/** Proposals with their mean review score; unreviewed ones score 0 and are never chosen. */
async function candidatesOf(db: Db | Tx, call: FundCall) {
  const proposals = await loadProposals(db, call);
  const candidates: Candidate[] = proposals.map((p) => ({
    id: p.id,
    score: aggregate(p.reviewScores).mean ?? 0,
    parts: p.parts,
  }));
  return { proposals, candidates };
}

const methods: Record<PortfolioMethod, (f: Funder[], c: Candidate[]) => Portfolio> = {
  exact: (f, c) => exactPortfolio(f, c, { nodeLimit: requestNodeLimit }),
  greedy: greedyPortfolio,
  equal_shares: equalSharesPortfolio,
};

/**
 * The three portfolios side by side, for the fund's managers from review on; once awarded, everyone
 * sees them with the decision (scores are public then).
 */
export async function comparePortfolios(deps: Pick<ServiceDeps, "db">, viewer: Viewer, callId: number) {
  const { call, manager } = await loadVisibleCall(deps.db, viewer, callId);
  if (!manager && !scoresArePublic(call)) throw new AppError("FUND_MANAGER_REQUIRED", "Not before the award");
  const funders = await fundersOf(deps.db, call);
  const { proposals, candidates } = await candidatesOf(deps.db, call);
  return {
    funders,
    proposals: proposals.map((p) => ({
      id: p.id,
      title: p.title,
      requestedYuan: p.requestedYuan,
      funded: p.funded,
      score: candidates.find((c) => c.id === p.id)?.score ?? 0,
    })),
    portfolios: (Object.keys(methods) as PortfolioMethod[]).map((method) => ({
      method,
      ...methods[method](funders, candidates),
    })),
    decided: call.portfolioMethod,
  };
}

/** One undecided portfolio ballot per call (the database holds it too); while it runs, nothing else decides. */
export async function assertNoPortfolioBallotPending(tx: Tx, callId: number): Promise<void> {
  const [pending] = await tx
    .select({ ballotId: portfolioBallots.ballotId })
    .from(portfolioBallots)
    .where(and(eq(portfolioBallots.callId, callId), isNull(portfolioBallots.outcome)));
  if (pending) throw new AppError("PORTFOLIO_BALLOT_PENDING", "This call's portfolio is already before the regions");
}

/**
 * The body's decision: one of the three portfolios, recomputed here from the committed reviews (so
 * what is funded is what the rule gives, never a list sent by the browser), checked against every
 * funder's contribution, marked funded, and the call awarded — in one audited transaction.
 */
export async function decidePortfolio(
  deps: ServiceDeps,
  actor: SessionUser,
  input: z.infer<typeof decidePortfolioInput>,
) {
  return transact(deps, async (tx) => {
    const { call } = await loadVisibleCall(tx, actor, input.callId, { forUpdate: true });
    await assertManagesFund(tx, actor);
    assertStage(call, "selection");
    // While the regions vote on a portfolio, nobody decides over their heads.
    await assertNoPortfolioBallotPending(tx, call.id);
    const funders = await fundersOf(tx, call);
    const { candidates } = await candidatesOf(tx, call);
    const portfolio = methods[input.method](funders, candidates);
    const plan = portfolioPlan(input.method, funders, candidates, portfolio.selected);
    await awardPortfolioPlan(tx, deps.now(), actor.id, call, plan, input.reason.trim());
    return { selected: portfolio.selected, totalScore: portfolio.totalScore };
  });
}

/**
 * Awards a call (locked, in selection) with exactly `plan`: checked again here, inside the caller's
 * transaction, against the committed reviews and the contributions, so a plan frozen earlier (the
 * one a portfolio ballot put to the regions) is refused when anything it was chosen on has changed.
 */
export async function awardPortfolioPlan(
  tx: Tx,
  now: Date,
  actorId: number | null,
  call: FundCall,
  plan: PortfolioPlan,
  reason: string,
) {
  assertStage(call, "selection");
  const [problem] = planProblems(plan, await fundersOf(tx, call), (await candidatesOf(tx, call)).candidates);
  if (problem?.reason === "PORTFOLIO_STALE")
    throw new AppError(problem.reason, "The reviews of a chosen proposal changed since this portfolio was put forward");
  if (problem) throw new AppError(problem.reason, "The portfolio would overspend a funder");
  const selected = plan.projects.map((p) => p.id);
  if (selected.length > 0)
    await tx
      .update(fundSubmissions)
      .set({ funded: true })
      .where(and(eq(fundSubmissions.callId, call.id), inArray(fundSubmissions.id, selected)));
  await tx
    .update(fundCalls)
    .set({
      status: "awarded",
      statusChangedAt: now,
      portfolioMethod: plan.method,
      portfolioDecidedById: actorId,
      portfolioDecidedAt: now,
      portfolioReason: reason,
    })
    .where(eq(fundCalls.id, call.id));
  await recordAudit(tx, {
    actorId,
    action: "fund.portfolio_decided",
    targetType: "fund_call",
    targetId: call.id,
    reason,
    before: { status: call.status },
    after: {
      status: "awarded",
      method: plan.method,
      selected,
      totalScore: plan.totalScore,
      spent: plan.funders.map((f) => ({ funderId: f.funderId, yuan: f.spentYuan })),
    },
  });
}

/** The plan the body would put to the regions for `method`, frozen from the call as committed now. */
export async function currentPortfolioPlan(db: Db | Tx, call: FundCall, method: PortfolioMethod) {
  const funders = await fundersOf(db, call);
  const { candidates } = await candidatesOf(db, call);
  return portfolioPlan(method, funders, candidates, methods[method](funders, candidates).selected);
}

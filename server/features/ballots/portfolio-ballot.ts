import { desc, eq, inArray, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import {
  ballots,
  benefitPlans,
  fundCalls,
  fundSubmissions,
  portfolioBallots,
  projects,
  type Ballot,
  type PortfolioBallot,
} from "@/db/schema";
import type { PortfolioBallotOutcome, PortfolioMethod } from "@/shared/fund-vocabulary";
import type { SessionUser } from "@/server/infra/auth/session";
import { AppError, type AppErrorReason } from "@/server/errors";
import type { ServiceDeps } from "@/server/infra/deps";
import { transact } from "@/server/infra/transact";
import {
  assertManagesFund,
  assertNoPortfolioBallotPending,
  assertStage,
  awardPortfolioPlan,
  callDecision,
  currentPortfolioPlan,
  loadVisibleCall,
} from "@/server/features/fund";
import { centralFunder } from "@/server/features/fund/rules/cost-split";
import type { Viewer } from "@/server/features/access";
import type { OpenPortfolioBallotInput } from "./contract";
import type { Decision } from "@/shared/ballot-result";
import type { PortfolioCallState } from "./events";
import { announceRound, checkClosingTime, checkTerms, insertRound, type BallotSettings } from "./open-ballot";

/**
 * Portfolio ballots (issue #19.3): a fund call's chosen portfolio goes to one ballot under regional
 * consent, on the same machinery as a project's (electorate, votes, group commit, tally, secrecy,
 * close). Its one plan stands for the portfolio frozen at opening, so members approve or reject
 * exactly what would be awarded: the three optimisers' portfolios often overlap, and offering them
 * side by side would let consent split between near-identical alternatives. The electorate is the
 * coordination-body members of the regions whose money it spends (the call's regional funders).
 */
export async function openPortfolioBallot(deps: ServiceDeps, actor: SessionUser, input: OpenPortfolioBallotInput) {
  return transact(deps, async (tx, emit) => {
    const now = deps.now();
    const { call } = await loadVisibleCall(tx, actor, input.callId, { forUpdate: true });
    await assertManagesFund(tx, actor);
    assertStage(call, "selection");
    await assertNoPortfolioBallotPending(tx, call.id);
    const plan = await currentPortfolioPlan(tx, call, input.method);
    if (plan.projects.length === 0)
      throw new AppError("PORTFOLIO_EMPTY", "The portfolio funds no proposal; there is nothing to put to the regions");
    const regionIds = plan.funders.map((f) => f.funderId).filter((id) => id !== centralFunder);
    const settings: BallotSettings = { ...input, rule: "regional_consent" };
    checkClosingTime(now, settings.closesAt);
    await checkTerms(tx, now, regionIds, settings, { costSharesChange: false, consentingRegionIds: [] });
    const [last] = await tx
      .select({ count: sql<number>`count(*)::int` })
      .from(portfolioBallots)
      .where(eq(portfolioBallots.callId, call.id));
    const round = Number(last?.count ?? 0) + 1;
    const ballot = await insertRound(tx, emit, now, actor, { projectId: null }, round, settings, regionIds);
    const [row] = await tx
      .insert(benefitPlans)
      .values({
        projectId: null,
        ballotId: ballot.id,
        authorId: actor.id,
        rationale: input.reason.trim(),
        createdAt: now,
      })
      .returning({ id: benefitPlans.id });
    if (!row) throw new Error("Plan insert returned no row");
    await tx.insert(portfolioBallots).values({ ballotId: ballot.id, callId: call.id, planId: row.id, plan });
    await announceRound(tx, emit, ballot);
    return {
      id: ballot.id,
      callId: call.id,
      round,
      closesAt: ballot.closesAt,
      planId: row.id,
      selected: plan.projects.map((p) => p.id),
    };
  });
}

/** What each refusal of the award means for the ballot's record; anything else is a fault. */
const refusals: Partial<Record<AppErrorReason, PortfolioBallotOutcome>> = {
  PORTFOLIO_STALE: "stale",
  PORTFOLIO_OVER_CAP: "over_cap",
  CALL_WRONG_STAGE: "wrong_stage",
};

/** What a portfolio ballot's close did: the record's outcome and the call as the close left it. */
export interface SettledPortfolio {
  outcome: PortfolioBallotOutcome;
  call: PortfolioCallState<Date>;
}

/**
 * Called by the close, in its transaction: on agreement the call is awarded with exactly the frozen
 * portfolio, checked again against the committed reviews and contributions. When that is refused
 * (a review changed, a contribution shrank, the call moved on) or there was no agreement, the record
 * says so and the call stays where it is.
 */
export async function settlePortfolioBallot(
  tx: Tx,
  closedAt: Date,
  ballot: Ballot,
  outcome: Decision["outcome"],
): Promise<SettledPortfolio | null> {
  const [link] = await tx.select().from(portfolioBallots).where(eq(portfolioBallots.ballotId, ballot.id));
  if (!link) return null;
  let settled: PortfolioBallotOutcome = "no_agreement";
  if (outcome === "agreement") {
    const [call] = await tx.select().from(fundCalls).where(eq(fundCalls.id, link.callId)).for("update");
    const [plan] = await tx
      .select({ rationale: benefitPlans.rationale })
      .from(benefitPlans)
      .where(eq(benefitPlans.id, link.planId));
    if (!call) throw new Error("A portfolio ballot without its call");
    try {
      await awardPortfolioPlan(tx, closedAt, ballot.closedById, call, link.plan, plan?.rationale ?? "");
      settled = "awarded";
    } catch (error) {
      const refused = error instanceof AppError ? refusals[error.reason] : undefined;
      if (!refused) throw error;
      settled = refused;
    }
  }
  await tx.update(portfolioBallots).set({ outcome: settled }).where(eq(portfolioBallots.ballotId, ballot.id));
  return { outcome: settled, call: await portfolioCallState(tx, link.callId) };
}

/** A portfolio ballot's call as its page shows it now (`fund.get`'s stage and decision). */
async function portfolioCallState(db: Db | Tx, callId: number): Promise<PortfolioCallState<Date>> {
  const [call] = await db.select().from(fundCalls).where(eq(fundCalls.id, callId));
  if (!call) throw new Error("A portfolio ballot without its call");
  return callDecision(call);
}

/** A portfolio ballot's link to its call, or null for a project's ballot. */
export async function portfolioLink(db: Db | Tx, ballotId: number): Promise<PortfolioBallot | null> {
  const [link] = await db.select().from(portfolioBallots).where(eq(portfolioBallots.ballotId, ballotId));
  return link ?? null;
}

/** A portfolio ballot is as visible as its call (the fund's one rule, loadVisibleCall). */
export async function assertPortfolioBallotVisible(db: Db, viewer: Viewer, ballot: Ballot): Promise<PortfolioBallot> {
  const link = await portfolioLink(db, ballot.id);
  if (!link) throw new AppError("NOT_FOUND", "That ballot does not exist");
  await loadVisibleCall(db, viewer, link.callId);
  return link;
}

/** What the ballot page shows of a portfolio: the frozen plan with each proposal's project and title. */
export async function portfolioView(db: Db, link: PortfolioBallot) {
  const ids = link.plan.projects.map((p) => p.id);
  const rows =
    ids.length === 0
      ? []
      : await db
          .select({ id: fundSubmissions.id, projectId: projects.id, title: projects.title })
          .from(fundSubmissions)
          .innerJoin(projects, eq(projects.id, fundSubmissions.projectId))
          .where(inArray(fundSubmissions.id, ids));
  return {
    callId: link.callId,
    /** The call as it stands, which the call's page takes from here after the close (the read's, or its event's). */
    call: await portfolioCallState(db, link.callId),
    outcome: link.outcome,
    method: link.plan.method,
    totalScore: link.plan.totalScore,
    funders: link.plan.funders,
    proposals: link.plan.projects.map((p) => {
      const row = rows.find((r) => r.id === p.id);
      return { id: p.id, projectId: row?.projectId ?? null, title: row?.title ?? "", score: p.score, parts: p.parts };
    }),
  };
}

/** A call's portfolio ballots, latest first, for its page; as visible as the call. */
export async function listCallBallots(deps: Pick<ServiceDeps, "db">, viewer: Viewer, callId: number) {
  const { call } = await loadVisibleCall(deps.db, viewer, callId);
  const rows = await deps.db
    .select({
      id: ballots.id,
      round: ballots.round,
      status: ballots.status,
      closesAt: ballots.closesAt,
      outcome: portfolioBallots.outcome,
      method: sql<PortfolioMethod>`${portfolioBallots.plan}->>'method'`,
    })
    .from(portfolioBallots)
    .innerJoin(ballots, eq(ballots.id, portfolioBallots.ballotId))
    .where(eq(portfolioBallots.callId, call.id))
    .orderBy(desc(ballots.round));
  return rows;
}

import { asc, desc, eq, inArray } from "drizzle-orm";
import type { z } from "zod";
import {
  fundCallRecommendations,
  fundCalls,
  fundContributions,
  recommendations,
  regions,
  type FundCall,
} from "@/db/schema";
import type { SessionUser } from "@/server/infra/auth/session";
import { AppError } from "@/server/errors";
import { recordAudit } from "@/server/infra/audit";
import type { ServiceDeps } from "@/server/infra/deps";
import { transact } from "@/server/infra/transact";
import { assertManagesFund, isReviewer, loadVisibleCall, managesFund, type Viewer } from "./access";
import type { advanceCallInput, CreateCallInput, listCallsInput, setReviewDueInput } from "./contract";
import { scheduleReviewDueNotices } from "./fund-notices";
import { callTransition, nextCallAction } from "./rules/call-lifecycle";
import { reviewDueProblem } from "./rules/review-due";
import { rubricProblems } from "./rules/review";

/** Opens a draft call; an admin or the chair. The call is visible to others once opened. */
export async function createCall(deps: ServiceDeps, actor: SessionUser, input: CreateCallInput) {
  return transact(deps, async (tx) => {
    await assertManagesFund(tx, actor);
    const problems = rubricProblems(input.criteria);
    const regionIds = input.contributions.map((c) => c.regionId);
    if (new Set(regionIds).size !== regionIds.length) problems.push("A region may contribute only once");
    if (input.deadline.getTime() <= deps.now().getTime()) problems.push("The deadline must be in the future");
    const dueProblem =
      input.reviewDueOn && reviewDueProblem({ status: "draft", deadline: input.deadline }, input.reviewDueOn);
    if (dueProblem) throw new AppError("INVALID_REVIEW_DUE", dueProblem);
    const known = await tx.select({ id: regions.id }).from(regions).where(inArray(regions.id, regionIds));
    if (known.length !== regionIds.length) problems.push("Every contribution must name a region");
    const recs = await tx
      .select({ id: recommendations.id, number: recommendations.number })
      .from(recommendations)
      .where(inArray(recommendations.number, input.recommendations));
    if (recs.length !== new Set(input.recommendations).size) problems.push("Unknown recommendation");
    if (problems.length > 0) throw new AppError("INVALID_CALL", problems.join("; "));
    const now = deps.now();
    const [call] = await tx
      .insert(fundCalls)
      .values({
        titleZh: input.titleZh.trim(),
        titleEn: input.titleEn.trim(),
        descriptionZh: input.descriptionZh.trim(),
        descriptionEn: input.descriptionEn.trim(),
        deadline: input.deadline,
        reviewDueOn: input.reviewDueOn,
        centralBp: input.centralBp,
        centralYuan: input.centralYuan,
        criteria: input.criteria,
        excludeProposalRegions: input.excludeProposalRegions,
        createdById: actor.id,
        createdAt: now,
        statusChangedAt: now,
      })
      .returning();
    if (!call) throw new Error("Call insert returned no row");
    await tx.insert(fundCallRecommendations).values(recs.map((r) => ({ callId: call.id, recommendationId: r.id })));
    await tx
      .insert(fundContributions)
      .values(input.contributions.map((c) => ({ callId: call.id, regionId: c.regionId, amountYuan: c.yuan })));
    await recordAudit(tx, {
      actorId: actor.id,
      action: "fund.call_created",
      targetType: "fund_call",
      targetId: call.id,
      after: {
        centralYuan: input.centralYuan,
        centralBp: input.centralBp,
        contributions: input.contributions,
        reviewDueOn: input.reviewDueOn,
      },
    });
    if (input.reviewDueOn) await scheduleReviewDueNotices(tx, { id: call.id, reviewDueOn: input.reviewDueOn }, now);
    return { id: call.id };
  });
}

/** One step along the call's lifecycle (not the award, which is the portfolio decision). */
export async function advanceCall(deps: ServiceDeps, actor: SessionUser, input: z.infer<typeof advanceCallInput>) {
  return transact(deps, async (tx) => {
    const { call, manager } = await loadVisibleCall(tx, actor, input.callId, { forUpdate: true });
    if (!manager) await assertManagesFund(tx, actor);
    if (input.action === "award") throw new AppError("CALL_WRONG_STAGE", "A call is awarded by deciding its portfolio");
    const step = callTransition(call.status, input.action);
    if (!step.ok) throw new AppError("CALL_WRONG_STAGE", step.message);
    await tx.update(fundCalls).set({ status: step.next, statusChangedAt: deps.now() }).where(eq(fundCalls.id, call.id));
    await recordAudit(tx, {
      actorId: actor.id,
      action: `fund.call_${input.action}`,
      targetType: "fund_call",
      targetId: call.id,
      before: { status: call.status },
      after: { status: step.next },
    });
    return { status: step.next };
  });
}

/**
 * The fund's managers set or move the review due day until the call is awarded; audited, and the reviewers'
 * reminders are set for the new day (the old day's find it moved and stay silent).
 */
export async function setReviewDue(deps: ServiceDeps, actor: SessionUser, input: z.infer<typeof setReviewDueInput>) {
  return transact(deps, async (tx) => {
    const { call, manager } = await loadVisibleCall(tx, actor, input.callId, { forUpdate: true });
    if (!manager) await assertManagesFund(tx, actor);
    const problem = reviewDueProblem(call, input.reviewDueOn);
    if (problem) throw new AppError("INVALID_REVIEW_DUE", problem);
    if (call.reviewDueOn === input.reviewDueOn) return { reviewDueOn: call.reviewDueOn };
    await tx.update(fundCalls).set({ reviewDueOn: input.reviewDueOn }).where(eq(fundCalls.id, call.id));
    await recordAudit(tx, {
      actorId: actor.id,
      action: "fund.review_due_set",
      targetType: "fund_call",
      targetId: call.id,
      before: { reviewDueOn: call.reviewDueOn },
      after: { reviewDueOn: input.reviewDueOn },
    });
    await scheduleReviewDueNotices(tx, { id: call.id, reviewDueOn: input.reviewDueOn }, deps.now());
    return { reviewDueOn: input.reviewDueOn };
  });
}

export function callSummary(call: FundCall) {
  return {
    id: call.id,
    status: call.status,
    titleZh: call.titleZh,
    titleEn: call.titleEn,
    deadline: call.deadline,
    reviewDueOn: call.reviewDueOn,
    centralBp: call.centralBp,
  };
}

/**
 * The call's stage and portfolio decision as its page shows them; a portfolio ballot's page and close
 * carry the same, so the call's page follows the ballot without reading the call again.
 */
export function callDecision(call: FundCall) {
  return {
    status: call.status,
    portfolio: call.portfolioMethod
      ? { method: call.portfolioMethod, decidedAt: call.portfolioDecidedAt, reason: call.portfolioReason }
      : null,
  };
}

export async function listCalls(deps: Pick<ServiceDeps, "db">, viewer: Viewer, input: z.infer<typeof listCallsInput>) {
  const [manager, reviewer] = await Promise.all([managesFund(deps.db, viewer), isReviewer(deps.db, viewer)]);
  const rows = await deps.db.select().from(fundCalls).orderBy(desc(fundCalls.deadline), desc(fundCalls.id));
  const contributions = await deps.db.select().from(fundContributions);
  const calls = rows
    .filter((call) => (manager || call.status !== "draft") && (!input.status || call.status === input.status))
    .map((call) => ({
      ...callSummary(call),
      totalYuan:
        call.centralYuan + contributions.filter((c) => c.callId === call.id).reduce((sum, c) => sum + c.amountYuan, 0),
    }));
  return { calls, viewer: { manager, reviewer, admin: viewer?.role === "admin" } };
}

/** The call with its funders and eligible recommendations; what every call page starts from. */
export async function getCall(deps: Pick<ServiceDeps, "db">, viewer: Viewer, callId: number) {
  const { call, manager } = await loadVisibleCall(deps.db, viewer, callId);
  const funders = await deps.db
    .select({
      regionId: fundContributions.regionId,
      amountYuan: fundContributions.amountYuan,
      code: regions.code,
      nameZh: regions.nameZh,
      nameEn: regions.nameEn,
    })
    .from(fundContributions)
    .innerJoin(regions, eq(regions.id, fundContributions.regionId))
    .where(eq(fundContributions.callId, callId))
    .orderBy(asc(regions.id));
  const recs = await deps.db
    .select({
      number: recommendations.number,
      titleZh: recommendations.titleZh,
      titleEn: recommendations.titleEn,
    })
    .from(fundCallRecommendations)
    .innerJoin(recommendations, eq(recommendations.id, fundCallRecommendations.recommendationId))
    .where(eq(fundCallRecommendations.callId, callId))
    .orderBy(asc(recommendations.number));
  return {
    ...callSummary(call),
    descriptionZh: call.descriptionZh,
    descriptionEn: call.descriptionEn,
    centralYuan: call.centralYuan,
    criteria: call.criteria,
    excludeProposalRegions: call.excludeProposalRegions,
    portfolio: callDecision(call).portfolio,
    funders,
    recommendations: recs,
    viewer: { manager, nextAction: manager ? nextCallAction(call.status) : null },
  };
}

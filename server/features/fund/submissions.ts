import { and, asc, eq, inArray, isNotNull, or } from "drizzle-orm";
import type { z } from "zod";
import type { Db, Tx } from "@/db/client";
import {
  accounts,
  benefitPlans,
  fundAssignments,
  fundCallRecommendations,
  fundSubmissions,
  planShares,
  projectCoauthors,
  projectRecommendations,
  projects,
  regions,
  type FundCall,
} from "@/db/schema";
import type { SessionUser } from "@/server/infra/auth/session";
import { AppError } from "@/server/errors";
import { recordAudit } from "@/server/infra/audit";
import type { ServiceDeps } from "@/server/infra/deps";
import { loadVisibleProject } from "@/server/features/access";
import { transact } from "@/server/infra/transact";
import { loadVisibleCall, scoresArePublic, type Viewer } from "./access";
import type { submitProposalInput } from "./contract";
import { acceptsSubmissions } from "./rules/call-lifecycle";
import { centralFunder, splitCost } from "./rules/cost-split";
import { aggregate } from "./rules/review";

/** Project statuses a call takes: before the regions, in their vote, or approved. */
const submittable = ["submitted", "voting", "approved"] as const;

/**
 * A project's proposers (the proposer or an accepted co-proposer) submit it to an open call with one
 * of its own plans; the project must advance one of the call's recommendations.
 */
export async function submitProposal(
  deps: ServiceDeps,
  actor: SessionUser,
  input: z.infer<typeof submitProposalInput>,
) {
  return transact(deps, async (tx) => {
    const { call } = await loadVisibleCall(tx, actor, input.callId, { forUpdate: true });
    if (call.status !== "open") throw new AppError("CALL_WRONG_STAGE", "The call does not take submissions now");
    if (!acceptsSubmissions(call.status, call.deadline, deps.now()))
      throw new AppError("CALL_DEADLINE_PASSED", "The call's submission deadline has passed");
    const { project, relation } = await loadVisibleProject(tx, actor, input.projectId);
    const notEligible = (why: string) => new AppError("PROPOSAL_NOT_ELIGIBLE", why);
    if (!relation.isProposer && relation.coauthorStatus !== "accepted")
      throw notEligible("Only the project's proposers can submit it");
    if (!(submittable as readonly string[]).includes(project.status) || project.hiddenAt)
      throw notEligible("The project is not before the regions or approved");
    const [plan] = await tx
      .select({ id: benefitPlans.id })
      .from(benefitPlans)
      .where(and(eq(benefitPlans.id, input.planId), eq(benefitPlans.projectId, project.id)));
    if (!plan) throw notEligible("The plan is not one of this project's");
    const [advances] = await tx
      .select({ id: projectRecommendations.recommendationId })
      .from(projectRecommendations)
      .innerJoin(
        fundCallRecommendations,
        eq(fundCallRecommendations.recommendationId, projectRecommendations.recommendationId),
      )
      .where(and(eq(projectRecommendations.projectId, project.id), eq(fundCallRecommendations.callId, call.id)));
    if (!advances) throw notEligible("The project advances none of the call's recommendations");
    const inserted = await tx
      .insert(fundSubmissions)
      .values({
        callId: call.id,
        projectId: project.id,
        planId: plan.id,
        requestedYuan: project.budgetYuan,
        submittedById: actor.id,
        submittedAt: deps.now(),
      })
      .onConflictDoNothing()
      .returning({ id: fundSubmissions.id });
    const submission = inserted[0];
    if (!submission) throw new AppError("PROPOSAL_ALREADY_SUBMITTED", "This project is already submitted to this call");
    await recordAudit(tx, {
      actorId: actor.id,
      action: "fund.proposal_submitted",
      targetType: "fund_submission",
      targetId: submission.id,
      after: { callId: call.id, projectId: project.id, planId: plan.id, requestedYuan: project.budgetYuan },
    });
    return submission;
  });
}

/** The caller's projects that an open call could take, with their plans, for the submit form. */
export async function mySubmittableProjects(deps: Pick<ServiceDeps, "db">, actor: SessionUser, callId: number) {
  const { call } = await loadVisibleCall(deps.db, actor, callId);
  if (!acceptsSubmissions(call.status, call.deadline, new Date())) return [];
  const mine = await deps.db
    .selectDistinct({ id: projects.id, title: projects.title, budgetYuan: projects.budgetYuan })
    .from(projects)
    .leftJoin(
      projectCoauthors,
      and(
        eq(projectCoauthors.projectId, projects.id),
        eq(projectCoauthors.accountId, actor.id),
        eq(projectCoauthors.status, "accepted"),
      ),
    )
    .where(
      and(
        or(eq(projects.proposerId, actor.id), isNotNull(projectCoauthors.accountId)),
        inArray(projects.status, [...submittable]),
      ),
    )
    .orderBy(asc(projects.id));
  if (mine.length === 0) return [];
  const taken = new Set(
    (
      await deps.db
        .select({ projectId: fundSubmissions.projectId })
        .from(fundSubmissions)
        .where(eq(fundSubmissions.callId, callId))
    ).map((r) => r.projectId),
  );
  const plans = await deps.db
    .select({ id: benefitPlans.id, projectId: benefitPlans.projectId, rationale: benefitPlans.rationale })
    .from(benefitPlans)
    .where(
      inArray(
        benefitPlans.projectId,
        mine.map((p) => p.id),
      ),
    )
    .orderBy(asc(benefitPlans.id));
  return mine
    .filter((p) => !taken.has(p.id))
    .map((p) => ({ ...p, plans: plans.filter((plan) => plan.projectId === p.id) }))
    .filter((p) => p.plans.length > 0);
}

export interface Proposal {
  id: number;
  projectId: number;
  title: string;
  requestedYuan: number;
  funded: boolean;
  shares: { regionId: number; costBp: number; benefitBp: number }[];
  /** The cost split between the centre (funderId 0) and the regions, integer yuan. */
  parts: { funderId: number; yuan: number }[];
  /** Submitted reviews' weighted scores, hundredths of a point. */
  reviewScores: number[];
}

/** Every proposal of a call (or only the one with id `only`) with its plan's shares, its cost split and its submitted review scores. */
export async function loadProposals(db: Db | Tx, call: FundCall, only?: number): Promise<Proposal[]> {
  const rows = await db
    .select({
      id: fundSubmissions.id,
      projectId: fundSubmissions.projectId,
      planId: fundSubmissions.planId,
      title: projects.title,
      requestedYuan: fundSubmissions.requestedYuan,
      funded: fundSubmissions.funded,
      hiddenAt: projects.hiddenAt,
    })
    .from(fundSubmissions)
    .innerJoin(projects, eq(projects.id, fundSubmissions.projectId))
    .where(
      only === undefined
        ? eq(fundSubmissions.callId, call.id)
        : and(eq(fundSubmissions.callId, call.id), eq(fundSubmissions.id, only)),
    )
    .orderBy(asc(fundSubmissions.id));
  if (rows.length === 0) return [];
  const shares = await db
    .select()
    .from(planShares)
    .where(
      inArray(
        planShares.planId,
        rows.map((r) => r.planId),
      ),
    )
    .orderBy(asc(planShares.regionId));
  const reviews = await db
    .select({ submissionId: fundAssignments.submissionId, score: fundAssignments.weightedScore })
    .from(fundAssignments)
    .where(
      and(
        inArray(
          fundAssignments.submissionId,
          rows.map((r) => r.id),
        ),
        isNotNull(fundAssignments.submittedAt),
      ),
    );
  return rows.map((row) => {
    const own = shares.filter((s) => s.planId === row.planId);
    return {
      id: row.id,
      projectId: row.projectId,
      title: row.title,
      requestedYuan: row.requestedYuan,
      funded: row.funded,
      shares: own.map((s) => ({ regionId: s.regionId, costBp: s.costBp, benefitBp: s.benefitBp })),
      parts: splitCost(row.requestedYuan, call.centralBp, own),
      reviewScores: reviews.filter((r) => r.submissionId === row.id).map((r) => r.score ?? 0),
    };
  });
}

/**
 * The proposals as the viewer may see them: everyone sees what was submitted and what is funded;
 * aggregate scores are for the fund's managers until the award, then public; reviewer names only
 * ever for managers.
 */
export async function listProposals(deps: Pick<ServiceDeps, "db">, viewer: Viewer, callId: number) {
  const { call, manager } = await loadVisibleCall(deps.db, viewer, callId);
  const proposals = await loadProposals(deps.db, call);
  const showScores = manager || scoresArePublic(call);
  const assignments = manager
    ? await deps.db
        .select({
          id: fundAssignments.id,
          submissionId: fundAssignments.submissionId,
          reviewerId: fundAssignments.reviewerId,
          name: accounts.displayName,
          declaredAt: fundAssignments.declaredAt,
          submittedAt: fundAssignments.submittedAt,
        })
        .from(fundAssignments)
        .innerJoin(accounts, eq(accounts.id, fundAssignments.reviewerId))
        .innerJoin(fundSubmissions, eq(fundSubmissions.id, fundAssignments.submissionId))
        .where(eq(fundSubmissions.callId, callId))
        .orderBy(asc(fundAssignments.id))
    : [];
  const regionRows = await deps.db
    .select({ id: regions.id, nameZh: regions.nameZh, nameEn: regions.nameEn })
    .from(regions);
  const regionName = new Map(regionRows.map((r) => [r.id, r]));
  return proposals.map((p) => ({
    id: p.id,
    projectId: p.projectId,
    title: p.title,
    requestedYuan: p.requestedYuan,
    funded: p.funded,
    parts: p.parts.map((part) => ({
      ...part,
      nameZh: part.funderId === centralFunder ? null : (regionName.get(part.funderId)?.nameZh ?? null),
      nameEn: part.funderId === centralFunder ? null : (regionName.get(part.funderId)?.nameEn ?? null),
    })),
    aggregate: showScores ? aggregate(p.reviewScores) : null,
    reviewers: assignments
      .filter((a) => a.submissionId === p.id)
      .map((a) => ({
        assignmentId: a.id,
        reviewerId: a.reviewerId,
        name: a.name,
        state: a.submittedAt ? ("submitted" as const) : a.declaredAt ? ("declared" as const) : ("assigned" as const),
      })),
  }));
}

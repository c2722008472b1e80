import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import type { z } from "zod";
import type { Db, Tx } from "@/db/client";
import { accounts, benefitPlans, planShares, projectRegions } from "@/db/schema";
import type { SessionUser } from "@/server/infra/auth/session";
import type { PlanDraftInput, ProposePlanInput, startingPlanInput } from "../contract";
import { shareViolations, startingShares, type RegionShare } from "../rules/benefit-shares";
import { AppError } from "@/server/errors";
import { authorColumns } from "@/server/features/accounts";
import type { ServiceDeps } from "@/server/infra/deps";
import { loadVisibleProject, regionSummaries, summariesOf, type Viewer } from "@/server/features/access";
import { transact, type Emit } from "@/server/infra/transact";
import { streamKey } from "@/server/domain/stream-access";
import type { PublishedPlan } from "../events";

/** The project's regions, lead first, then partners by id: the order plans list their shares in. */
export async function participatingRegionIds(db: Db | Tx, projectId: number): Promise<number[]> {
  const rows = await db
    .select({ regionId: projectRegions.regionId, role: projectRegions.role })
    .from(projectRegions)
    .where(eq(projectRegions.projectId, projectId));
  return rows
    .sort((a, b) => (a.role === b.role ? a.regionId - b.regionId : a.role === "lead" ? -1 : 1))
    .map((r) => r.regionId);
}

/** Validates and writes one plan; `ballotId` is set for a new round's revised plans. */
export async function insertPlan(
  tx: Tx,
  options: {
    projectId: number;
    ballotId: number | null;
    authorId: number;
    regionIds: readonly number[];
    draft: PlanDraftInput;
    now: Date;
  },
) {
  const violations = shareViolations(options.regionIds, options.draft.shares);
  if (violations.length > 0) throw new AppError("INVALID_PLAN", violations.map((v) => v.message).join("; "));
  const [plan] = await tx
    .insert(benefitPlans)
    .values({
      projectId: options.projectId,
      ballotId: options.ballotId,
      authorId: options.authorId,
      rationale: options.draft.rationale.trim(),
      terms: options.draft.terms?.trim() || null,
      createdAt: options.now,
    })
    .returning();
  if (!plan) throw new Error("Plan insert returned no row");
  await tx.insert(planShares).values(
    options.draft.shares.map((s) => ({
      planId: plan.id,
      regionId: s.regionId,
      costBp: s.costBp,
      benefitBp: s.benefitBp,
    })),
  );
  return plan;
}

/**
 * While the project is before the regions (submitted), its proposers and the coordination bodies
 * (members, admins) propose plans. The project row is locked so a plan cannot slip in while the
 * ballot that freezes the plans is opening.
 */
export async function proposePlan(deps: ServiceDeps, actor: SessionUser, input: ProposePlanInput) {
  return transact(deps, async (tx, emit: Emit) => {
    const { project, relation } = await loadVisibleProject(tx, actor, input.projectId, { forUpdate: true });
    const mayPropose =
      relation.isProposer ||
      relation.coauthorStatus === "accepted" ||
      actor.role === "member" ||
      actor.role === "admin";
    if (!mayPropose)
      throw new AppError(
        "PLAN_FORBIDDEN",
        "Only the project's proposers and coordination-body members can propose benefit-sharing plans",
      );
    if (project.status !== "submitted") {
      throw new AppError(
        "PLANS_CLOSED",
        `Plans can be proposed only while the project is submitted for deliberation; it is ${project.status}`,
      );
    }
    const regionIds = await participatingRegionIds(tx, project.id);
    const plan = await insertPlan(tx, {
      projectId: project.id,
      ballotId: null,
      authorId: actor.id,
      regionIds,
      draft: input,
      now: deps.now(),
    });
    const [view] = await planViews(tx, project.id, { planId: plan.id });
    const published = publishedPlan(view!);
    await emit(streamKey({ kind: "project", id: project.id }), "plan:proposed", {
      projectId: project.id,
      planId: plan.id,
      plan: published,
    });
    // The plan as the event carries it (the same for every reader): the page adds it to its list at once.
    return { id: plan.id, projectId: project.id, plan: published };
  });
}

export interface PlanView {
  id: number;
  ballotId: number | null;
  rationale: string;
  terms: string | null;
  createdAt: Date;
  author: { id: number; displayName: string } | null;
  shares: Array<RegionShare & { region: { id: number; code: string; nameZh: string; nameEn: string } }>;
}

/** Plans with their shares (in the project's region order) and authors, earliest first. */
export async function planViews(
  db: Db | Tx,
  projectId: number | null,
  filter: { ballotId: number } | { planId: number } | { pending: true } | { all: true },
): Promise<PlanView[]> {
  const where =
    "ballotId" in filter
      ? eq(benefitPlans.ballotId, filter.ballotId)
      : "planId" in filter
        ? and(eq(benefitPlans.projectId, projectId ?? -1), eq(benefitPlans.id, filter.planId))
        : "pending" in filter
          ? and(eq(benefitPlans.projectId, projectId ?? -1), isNull(benefitPlans.ballotId))
          : eq(benefitPlans.projectId, projectId ?? -1);
  const plans = await db.select().from(benefitPlans).where(where).orderBy(asc(benefitPlans.id));
  if (plans.length === 0) return [];
  const shares = await db
    .select()
    .from(planShares)
    .where(
      inArray(
        planShares.planId,
        plans.map((p) => p.id),
      ),
    );
  const authors = await db
    .select(authorColumns)
    .from(accounts)
    .where(inArray(accounts.id, [...new Set(plans.map((p) => p.authorId))]));
  // A portfolio ballot's plan (no project) has no shares to order.
  const order = projectId === null ? [] : await participatingRegionIds(db, projectId);
  const byId = await regionSummaries(db, [...order, ...shares.map((s) => s.regionId)]);
  const rank = (regionId: number) => (order.indexOf(regionId) + 1 || order.length + 1) * 1e6 + regionId;
  return plans.map((plan) => {
    const author = authors.find((a) => a.id === plan.authorId);
    return {
      id: plan.id,
      ballotId: plan.ballotId,
      rationale: plan.rationale,
      terms: plan.terms,
      createdAt: plan.createdAt,
      author: author ? { id: author.id, displayName: author.displayName } : null,
      shares: shares
        .filter((s) => s.planId === plan.id)
        .sort((a, b) => rank(a.regionId) - rank(b.regionId))
        .map((s) => {
          const { id, code, nameZh, nameEn } = summariesOf([s.regionId], byId)[0]!;
          return {
            regionId: s.regionId,
            costBp: s.costBp,
            benefitBp: s.benefitBp,
            region: { id, code, nameZh, nameEn },
          };
        }),
    };
  });
}

/** A plan as a project's stream carries it (PlanView, `createdAt` as an ISO string). */
export function publishedPlan(plan: PlanView): PublishedPlan {
  return { ...plan, createdAt: plan.createdAt.toISOString() };
}

/** Every plan of a project, those already put to a vote included. */
export async function listPlans(deps: Pick<ServiceDeps, "db">, viewer: Viewer, projectId: number) {
  const { project } = await loadVisibleProject(deps.db, viewer, projectId);
  return planViews(deps.db, project.id, { all: true });
}

/** The generated starting plan: costs by contribution (equal when none given), benefits in proportion to costs. */
export async function startingPlan(
  deps: Pick<ServiceDeps, "db">,
  viewer: Viewer,
  input: z.output<typeof startingPlanInput>,
) {
  const { project } = await loadVisibleProject(deps.db, viewer, input.projectId);
  const regionIds = await participatingRegionIds(deps.db, project.id);
  const contributions = input.contributions ? new Map(input.contributions.map((c) => [c.regionId, c.yuan])) : undefined;
  const outside = input.contributions?.filter((c) => !regionIds.includes(c.regionId)).map((c) => c.regionId) ?? [];
  if (outside.length > 0)
    throw new AppError("INVALID_PLAN", `Region ${outside.join(", ")} does not take part in this project`);
  return {
    projectId: project.id,
    shares: startingShares(regionIds, contributions),
    rationale: contributions
      ? "Costs in proportion to each region's contribution; benefits in proportion to costs."
      : "Costs shared equally; benefits in proportion to costs.",
  };
}

import { and, asc, desc, eq, inArray, isNotNull } from "drizzle-orm";
import type { z } from "zod";
import type { Db, Tx } from "@/db/client";
import {
  ballots,
  fundCalls,
  fundDisbursements,
  fundRevisions,
  fundSubmissions,
  planShares,
  type FundCall,
  type FundRevision,
} from "@/db/schema";
import type { SessionUser } from "@/server/infra/auth/session";
import { recordAudit } from "@/server/infra/audit";
import type { ServiceDeps } from "@/server/infra/deps";
import { transact } from "@/server/infra/transact";
import { loadVisibleCall } from "./access";
import type { setDriftThresholdInput } from "./contract";
import { costDrift, type CostDrift } from "./rules/cost-drift";

/** A plan's shares, by region. */
export async function sharesOf(db: Db | Tx, planId: number) {
  return db
    .select({ regionId: planShares.regionId, costBp: planShares.costBp, benefitBp: planShares.benefitBp })
    .from(planShares)
    .where(eq(planShares.planId, planId))
    .orderBy(asc(planShares.regionId));
}

/** The drift of each of `submissions` from its agreed shares, by the regions' payments so far (rules/cost-drift.ts). */
export async function driftsOf(
  db: Db | Tx,
  call: Pick<FundCall, "driftThresholdBp">,
  submissions: readonly { id: number; shares: readonly { regionId: number; costBp: number }[] }[],
): Promise<Map<number, CostDrift>> {
  if (submissions.length === 0) return new Map();
  const paid = await db
    .select({
      submissionId: fundDisbursements.submissionId,
      regionId: fundDisbursements.regionId,
      yuan: fundDisbursements.amountYuan,
    })
    .from(fundDisbursements)
    .where(
      and(
        inArray(
          fundDisbursements.submissionId,
          submissions.map((s) => s.id),
        ),
        isNotNull(fundDisbursements.regionId),
      ),
    );
  return new Map(
    submissions.map((s) => [
      s.id,
      costDrift(
        s.shares,
        paid.filter((p) => p.submissionId === s.id).map((p) => ({ regionId: p.regionId!, yuan: p.yuan })),
        call.driftThresholdBp,
      ),
    ]),
  );
}

/** The undecided revision of a submission, if one is before the regions. */
export async function pendingRevision(db: Db | Tx, submissionId: number): Promise<FundRevision | null> {
  const rows = await db.select().from(fundRevisions).where(eq(fundRevisions.submissionId, submissionId));
  return rows.find((r) => r.outcome === null) ?? null;
}

/** Every revision of the submissions, latest first, with its ballot's state and the shares it proposed. */
export async function revisionsOf(db: Db | Tx, submissionIds: readonly number[]) {
  if (submissionIds.length === 0) return [];
  const rows = await db
    .select({
      ballotId: fundRevisions.ballotId,
      submissionId: fundRevisions.submissionId,
      revisedPlanId: fundRevisions.revisedPlanId,
      reason: fundRevisions.reason,
      drift: fundRevisions.drift,
      thresholdBp: fundRevisions.thresholdBp,
      proposedAt: fundRevisions.proposedAt,
      outcome: fundRevisions.outcome,
      decidedAt: fundRevisions.decidedAt,
      round: ballots.round,
      status: ballots.status,
      closesAt: ballots.closesAt,
    })
    .from(fundRevisions)
    .innerJoin(ballots, eq(ballots.id, fundRevisions.ballotId))
    .where(inArray(fundRevisions.submissionId, [...submissionIds]))
    .orderBy(desc(fundRevisions.proposedAt), desc(fundRevisions.ballotId));
  const shares =
    rows.length === 0
      ? []
      : await db
          .select({ planId: planShares.planId, regionId: planShares.regionId, costBp: planShares.costBp })
          .from(planShares)
          .where(
            inArray(
              planShares.planId,
              rows.map((r) => r.revisedPlanId),
            ),
          )
          .orderBy(asc(planShares.regionId));
  return rows.map(({ revisedPlanId, ...row }) => ({
    ...row,
    revisedShares: shares
      .filter((s) => s.planId === revisedPlanId)
      .map(({ regionId, costBp }) => ({ regionId, costBp })),
  }));
}

/**
 * The close of a revision ballot the revision won: the submission's agreed plan becomes the revised
 * one, so every planned disbursement follows it. Refused (`stale`) when the plan in force is no longer
 * the one the revision was proposed against, or the project lost its funding meanwhile.
 */
export async function adoptRevisedPlan(tx: Tx, at: Date, revision: FundRevision, actorId: number | null) {
  const [submission] = await tx
    .select()
    .from(fundSubmissions)
    .where(eq(fundSubmissions.id, revision.submissionId))
    .for("update");
  if (!submission || !submission.funded || submission.planId !== revision.agreedPlanId) return "stale" as const;
  await tx.update(fundSubmissions).set({ planId: revision.revisedPlanId }).where(eq(fundSubmissions.id, submission.id));
  await recordAudit(tx, {
    actorId,
    action: "fund.revision_adopted",
    targetType: "fund_submission",
    targetId: submission.id,
    reason: `revision ballot ${revision.ballotId} closed with the revision's win at ${at.toISOString()}`,
    before: { planId: revision.agreedPlanId },
    after: { planId: revision.revisedPlanId, ballotId: revision.ballotId },
  });
  return "revised" as const;
}

/** An admin sets how far a call's funded projects may drift before a revision may be proposed; audited. */
export async function setDriftThreshold(
  deps: ServiceDeps,
  actor: SessionUser,
  input: z.infer<typeof setDriftThresholdInput>,
) {
  return transact(deps, async (tx) => {
    const { call } = await loadVisibleCall(tx, actor, input.callId, { forUpdate: true });
    if (call.driftThresholdBp === input.thresholdBp) return { thresholdBp: call.driftThresholdBp };
    await tx.update(fundCalls).set({ driftThresholdBp: input.thresholdBp }).where(eq(fundCalls.id, call.id));
    await recordAudit(tx, {
      actorId: actor.id,
      action: "fund.drift_threshold_set",
      targetType: "fund_call",
      targetId: call.id,
      before: { thresholdBp: call.driftThresholdBp },
      after: { thresholdBp: input.thresholdBp },
    });
    return { thresholdBp: input.thresholdBp };
  });
}

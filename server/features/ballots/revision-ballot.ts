import { and, eq, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { accounts, ballots, benefitPlans, fundRevisions, projectCoauthors, type Ballot } from "@/db/schema";
import type { RevisionOutcome } from "@/shared/fund-vocabulary";
import type { Decision } from "@/shared/ballot-result";
import type { SessionUser } from "@/server/infra/auth/session";
import { AppError } from "@/server/errors";
import { recordAudit } from "@/server/infra/audit";
import type { ServiceDeps } from "@/server/infra/deps";
import { transact, type Emit } from "@/server/infra/transact";
import { loadProject } from "@/server/features/access";
import {
  adoptRevisedPlan,
  decidedRevision,
  driftsOf,
  fundedSubmission,
  listedRevision,
  pendingRevision,
  sharesOf,
} from "@/server/features/fund";
import { notify } from "@/server/features/notifications";
import type { ProposeRevisionInput } from "./contract";
import type { DecidedRevisionState } from "./events";
import { announceRound, checkClosingTime, checkTerms, insertRound, type BallotSettings } from "./open-ballot";
import { insertPlan, participatingRegionIds } from "./plans/benefit-plans";

/**
 * Revision ballots (issue #19): when the money actually paid to a funded project drifts from its
 * agreed cost shares by more than the call's threshold, its team or the fund's managers put new
 * shares to the project's regions. It is a further round of the project's own ballots (so it is as
 * visible as the project and shows on its page), under regional consent, with two plans: the agreed
 * shares as they stand and the revision. The benefit shares and terms are carried over unchanged:
 * only who pays moved.
 */
export async function proposeRevision(deps: ServiceDeps, actor: SessionUser, input: ProposeRevisionInput) {
  return transact(deps, async (tx, emit) => {
    const now = deps.now();
    // Locks the submission, so two proposals for one project run one after another.
    const { submission, call, manager, team } = await fundedSubmission(tx, actor, input.submissionId);
    if (!team && !manager)
      throw new AppError(
        "REVISION_FORBIDDEN",
        "Only the project's proposers or the fund's managers propose a revision",
      );
    if (await pendingRevision(tx, submission.id))
      throw new AppError("REVISION_PENDING", "A revision of this project is already before the regions");
    const agreed = await sharesOf(tx, submission.planId);
    const drift = (await driftsOf(tx, call, [{ id: submission.id, shares: agreed }])).get(submission.id)!;
    if (!drift.revisionDue)
      throw new AppError(
        "REVISION_NOT_DUE",
        `No region's share drifted more than ${call.driftThresholdBp / 100} points from the agreed plan`,
      );
    if (input.shares.every((s) => agreed.some((a) => a.regionId === s.regionId && a.costBp === s.costBp)))
      throw new AppError("REVISION_UNCHANGED", "The proposed shares are the agreed ones");

    const project = await loadProject(tx, submission.projectId, { forUpdate: true });
    const regionIds = await participatingRegionIds(tx, project.id);
    const settings: BallotSettings = { ...input, rule: "regional_consent" };
    checkClosingTime(now, settings.closesAt);
    await checkTerms(tx, now, regionIds, settings, { costSharesChange: false, consentingRegionIds: [] });
    const [last] = await tx
      .select({ round: sql<number>`coalesce(max(${ballots.round}), 0)::int` })
      .from(ballots)
      .where(eq(ballots.projectId, project.id));
    const ballot = await insertRound(
      tx,
      emit,
      now,
      actor,
      { projectId: project.id, revision: true },
      Number(last?.round ?? 0) + 1,
      settings,
      regionIds,
    );
    const [agreedPlan] = await tx
      .select({ rationale: benefitPlans.rationale, terms: benefitPlans.terms })
      .from(benefitPlans)
      .where(eq(benefitPlans.id, submission.planId));
    const benefitOf = (regionId: number) => agreed.find((a) => a.regionId === regionId)?.benefitBp ?? 0;
    const kept = await insertPlan(tx, {
      projectId: project.id,
      ballotId: ballot.id,
      authorId: actor.id,
      regionIds,
      draft: {
        shares: agreed,
        rationale: agreedPlan?.rationale ?? input.reason,
        terms: agreedPlan?.terms ?? undefined,
      },
      now,
    });
    const revised = await insertPlan(tx, {
      projectId: project.id,
      ballotId: ballot.id,
      authorId: actor.id,
      regionIds,
      draft: {
        shares: input.shares.map((s) => ({ regionId: s.regionId, costBp: s.costBp, benefitBp: benefitOf(s.regionId) })),
        rationale: input.reason,
        terms: agreedPlan?.terms ?? undefined,
      },
      now,
    });
    await tx.insert(fundRevisions).values({
      ballotId: ballot.id,
      submissionId: submission.id,
      agreedPlanId: submission.planId,
      keptPlanId: kept.id,
      revisedPlanId: revised.id,
      reason: input.reason.trim(),
      drift: drift.regions,
      thresholdBp: call.driftThresholdBp,
      proposedById: actor.id,
      proposedAt: now,
    });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "fund.revision_proposed",
      targetType: "fund_submission",
      targetId: submission.id,
      reason: input.reason.trim(),
      before: { planId: submission.planId, shares: agreed.map(({ regionId, costBp }) => ({ regionId, costBp })) },
      after: { ballotId: ballot.id, revisedPlanId: revised.id, shares: input.shares, maxDriftBp: drift.maxDriftBp },
    });
    await announceRound(tx, emit, ballot);
    await noticeRevisionProposed(tx, emit, actor, {
      callId: call.id,
      projectId: project.id,
      proposerId: project.proposerId,
      title: project.title,
      ballot,
    });
    return {
      ballotId: ballot.id,
      projectId: project.id,
      round: ballot.round,
      closesAt: ballot.closesAt,
      keptPlanId: kept.id,
      revisedPlanId: revised.id,
      /** The revision as the call's results list it: the proposer's page adds it without reading them again. */
      revision: await listedRevision(tx, submission.id, ballot.id),
    };
  });
}

/** The coordination body's members and the project's proposers hear of it, linked to the call's results. */
async function noticeRevisionProposed(
  tx: Tx,
  emit: Emit,
  actor: SessionUser,
  subject: { callId: number; projectId: number; proposerId: number; title: string; ballot: Ballot },
) {
  const members = await tx.select({ id: accounts.id }).from(accounts).where(eq(accounts.role, "member"));
  const coauthors = await tx
    .select({ id: projectCoauthors.accountId })
    .from(projectCoauthors)
    .where(and(eq(projectCoauthors.projectId, subject.projectId), eq(projectCoauthors.status, "accepted")));
  const recipients = [...new Set([subject.proposerId, ...coauthors.map((c) => c.id), ...members.map((m) => m.id)])];
  await notify(
    tx,
    emit,
    recipients.map((recipientId) => ({
      recipientId,
      kind: "fund_revision_proposed" as const,
      actorId: actor.id,
      link: `/fund/${subject.callId}`,
      params: { where: subject.title, actor: actor.displayName, closesAt: subject.ballot.closesAt.toISOString() },
      dedupeKey: `fund_revision:${subject.ballot.id}:proposed`,
    })),
  );
}

/**
 * Called by the close, in its transaction, for every ballot with a project: null when it is not a
 * revision ballot (the project's own decision goes on as before). On the revision's win the agreed
 * shares become the revised ones; the kept plan's win or no agreement leaves them as they are. Answers
 * with the project as the call's results show it after the close, which the close's event carries.
 */
export async function settleRevisionBallot(
  tx: Tx,
  closedAt: Date,
  ballot: Ballot,
  result: Pick<Decision, "outcome" | "winnerPlanId">,
): Promise<DecidedRevisionState<Date> | null> {
  const [revision] = await tx.select().from(fundRevisions).where(eq(fundRevisions.ballotId, ballot.id));
  if (!revision) return null;
  let outcome: RevisionOutcome = "no_agreement";
  if (result.outcome === "agreement" && result.winnerPlanId === revision.revisedPlanId)
    outcome = await adoptRevisedPlan(tx, closedAt, revision, ballot.closedById);
  else if (result.outcome === "agreement") outcome = "kept";
  await tx.update(fundRevisions).set({ outcome, decidedAt: closedAt }).where(eq(fundRevisions.ballotId, ballot.id));
  return decidedRevision(tx, ballot.id);
}

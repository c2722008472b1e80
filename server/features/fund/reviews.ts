import { and, asc, eq, inArray, isNotNull, ne } from "drizzle-orm";
import type { z } from "zod";
import type { Tx } from "@/db/client";
import {
  accounts,
  fundAssignments,
  fundCalls,
  fundReviewers,
  fundSubmissions,
  projectCoauthors,
  projectRegions,
  projects,
} from "@/db/schema";
import type { SessionUser } from "@/server/infra/auth/session";
import { AppError } from "@/server/errors";
import { recordAudit } from "@/server/infra/audit";
import type { ServiceDeps } from "@/server/infra/deps";
import { retryTransaction, transact } from "@/server/infra/transact";
import { assertManagesFund, assertStage, loadVisibleCall } from "./access";
import { noticeReviewAssigned } from "./fund-notices";
import type {
  assignmentIdInput,
  assignReviewerInput,
  declareInput,
  setReviewerInput,
  SubmitReviewInput,
} from "./contract";
import { conflictOfInterest, scoreProblems, weightedScore } from "./rules/review";

/** An admin grants or withdraws the reviewer flag of a researcher account; audited. */
export async function setReviewer(deps: ServiceDeps, actor: SessionUser, input: z.infer<typeof setReviewerInput>) {
  return transact(deps, async (tx) => {
    if (actor.role !== "admin") throw new AppError("ADMIN_REQUIRED", "Only admins can appoint fund reviewers");
    const [account] = await tx
      .select({ id: accounts.id, role: accounts.role })
      .from(accounts)
      .where(eq(accounts.id, input.accountId));
    if (!account) throw new AppError("ACCOUNT_NOT_FOUND", "No such account");
    if (input.reviewer && account.role !== "researcher")
      throw new AppError("NOT_A_REVIEWER", "Only researcher accounts can be fund reviewers");
    const changed = input.reviewer
      ? await tx
          .insert(fundReviewers)
          .values({ accountId: account.id, grantedById: actor.id, grantedAt: deps.now() })
          .onConflictDoNothing()
          .returning({ id: fundReviewers.accountId })
      : await tx
          .delete(fundReviewers)
          .where(eq(fundReviewers.accountId, account.id))
          .returning({ id: fundReviewers.accountId });
    if (changed.length > 0)
      await recordAudit(tx, {
        actorId: actor.id,
        action: input.reviewer ? "fund.reviewer_granted" : "fund.reviewer_revoked",
        targetType: "account",
        targetId: account.id,
      });
    return { reviewer: input.reviewer };
  });
}

/** Researchers with and without the flag, for the admins' reviewer page and the assignment picker. */
export async function listReviewerCandidates(deps: Pick<ServiceDeps, "db">, actor: SessionUser) {
  await assertManagesFund(deps.db, actor);
  const rows = await deps.db
    .select({
      id: accounts.id,
      displayName: accounts.displayName,
      organisation: accounts.organisation,
      regionId: accounts.regionId,
      reviewerSince: fundReviewers.grantedAt,
    })
    .from(accounts)
    .leftJoin(fundReviewers, eq(fundReviewers.accountId, accounts.id))
    .where(eq(accounts.role, "researcher"))
    .orderBy(asc(accounts.displayName), asc(accounts.id));
  return rows.map((r) => ({ ...r, reviewer: r.reviewerSince !== null }));
}

/** What conflict-of-interest checks compare: the proposal's authors, their organisations, its regions. */
async function proposalPeople(tx: Tx, projectId: number) {
  const [project] = await tx
    .select({ proposerId: projects.proposerId })
    .from(projects)
    .where(eq(projects.id, projectId));
  const coauthors = await tx
    .select({ id: projectCoauthors.accountId })
    .from(projectCoauthors)
    .where(and(eq(projectCoauthors.projectId, projectId), eq(projectCoauthors.status, "accepted")));
  const authorIds = [project!.proposerId, ...coauthors.map((c) => c.id)];
  const orgs = await tx
    .select({ organisation: accounts.organisation })
    .from(accounts)
    .where(inArray(accounts.id, authorIds));
  const regionRows = await tx
    .select({ id: projectRegions.regionId })
    .from(projectRegions)
    .where(eq(projectRegions.projectId, projectId));
  return {
    authorIds,
    organisations: orgs.map((o) => o.organisation),
    regionIds: regionRows.map((r) => r.id),
  };
}

async function assertNoConflict(
  tx: Tx,
  reviewer: { accountId: number; organisation: string; regionId: number },
  projectId: number,
  excludeProposalRegions: boolean,
) {
  const conflict = conflictOfInterest({
    reviewer,
    proposal: await proposalPeople(tx, projectId),
    excludeProposalRegions,
  });
  if (conflict) throw new AppError("REVIEWER_CONFLICT", `Conflict of interest: ${conflict}`);
}

/** The fund's managers assign a flagged reviewer without a conflict, while the call is open or in review. */
export async function assignReviewer(
  deps: ServiceDeps,
  actor: SessionUser,
  input: z.infer<typeof assignReviewerInput>,
) {
  return transact(deps, async (tx, emit) => {
    const [submission] = await tx.select().from(fundSubmissions).where(eq(fundSubmissions.id, input.submissionId));
    if (!submission) throw new AppError("NOT_FOUND", "No such proposal");
    const { call } = await loadVisibleCall(tx, actor, submission.callId, { forUpdate: true });
    await assertManagesFund(tx, actor);
    assertStage(call, "open", "review");
    const [reviewer] = await tx
      .select({
        id: accounts.id,
        organisation: accounts.organisation,
        regionId: accounts.regionId,
        role: accounts.role,
      })
      .from(accounts)
      .innerJoin(fundReviewers, eq(fundReviewers.accountId, accounts.id))
      .where(eq(accounts.id, input.reviewerId));
    if (!reviewer || reviewer.role !== "researcher")
      throw new AppError("NOT_A_REVIEWER", "That account is not a fund reviewer");
    await assertNoConflict(
      tx,
      { accountId: reviewer.id, organisation: reviewer.organisation, regionId: reviewer.regionId },
      submission.projectId,
      call.excludeProposalRegions,
    );
    const inserted = await tx
      .insert(fundAssignments)
      .values({ submissionId: submission.id, reviewerId: reviewer.id, assignedById: actor.id, assignedAt: deps.now() })
      .onConflictDoNothing()
      .returning({ id: fundAssignments.id });
    if (!inserted[0]) throw new AppError("REVIEWER_ALREADY_ASSIGNED", "That reviewer is already assigned");
    await recordAudit(tx, {
      actorId: actor.id,
      action: "fund.reviewer_assigned",
      targetType: "fund_submission",
      targetId: submission.id,
      after: { reviewerId: reviewer.id },
    });
    const [project] = await tx
      .select({ title: projects.title })
      .from(projects)
      .where(eq(projects.id, submission.projectId));
    await noticeReviewAssigned(
      tx,
      emit,
      { id: inserted[0].id, reviewerId: reviewer.id, projectTitle: project?.title ?? "" },
      actor.id,
    );
    return { id: inserted[0].id };
  });
}

/** A reviewer's own assignment, locked; anyone else's is NOT_FOUND (assignments are private). */
async function ownAssignment(tx: Tx, actor: SessionUser, assignmentId: number) {
  const [row] = await tx
    .select({ assignment: fundAssignments, submission: fundSubmissions, call: fundCalls })
    .from(fundAssignments)
    .innerJoin(fundSubmissions, eq(fundSubmissions.id, fundAssignments.submissionId))
    .innerJoin(fundCalls, eq(fundCalls.id, fundSubmissions.callId))
    .where(and(eq(fundAssignments.id, assignmentId), eq(fundAssignments.reviewerId, actor.id)))
    .for("update", { of: fundAssignments });
  if (!row) throw new AppError("NOT_FOUND", "No such assignment");
  return row;
}

/**
 * The reviewer's explicit declaration that they have no conflict of interest; the server checks the
 * rule again, since the reviewer's organisation or region may have changed since the assignment.
 */
export async function declareNoConflict(deps: ServiceDeps, actor: SessionUser, input: z.infer<typeof declareInput>) {
  return transact(deps, async (tx) => {
    const { assignment, submission, call } = await ownAssignment(tx, actor, input.assignmentId);
    const [me] = await tx
      .select({ organisation: accounts.organisation, regionId: accounts.regionId })
      .from(accounts)
      .where(eq(accounts.id, actor.id));
    await assertNoConflict(
      tx,
      { accountId: actor.id, organisation: me!.organisation, regionId: me!.regionId },
      submission.projectId,
      call.excludeProposalRegions,
    );
    if (!assignment.declaredAt) {
      await tx.update(fundAssignments).set({ declaredAt: deps.now() }).where(eq(fundAssignments.id, assignment.id));
      await recordAudit(tx, {
        actorId: actor.id,
        action: "fund.conflict_declared",
        targetType: "fund_assignment",
        targetId: assignment.id,
      });
    }
    return { declared: true };
  });
}

/** Scores once, while the call is in review, after the declaration; audited with the score. */
export async function submitReview(deps: ServiceDeps, actor: SessionUser, input: SubmitReviewInput) {
  return transact(deps, async (tx) => {
    const { assignment, call } = await ownAssignment(tx, actor, input.assignmentId);
    assertStage(call, "review");
    if (assignment.submittedAt) throw new AppError("REVIEW_ALREADY_SUBMITTED", "This review is already submitted");
    if (!assignment.declaredAt) throw new AppError("DECLARATION_REQUIRED", "Declare no conflict of interest first");
    const scores = input.scores.map((s) => ({ key: s.key, score: s.score, comment: s.comment.trim() }));
    const problems = scoreProblems(call.criteria, scores);
    if (problems.length > 0) throw new AppError("INVALID_REVIEW", problems.join("; "));
    const score = weightedScore(call.criteria, scores);
    await tx
      .update(fundAssignments)
      .set({ scores, weightedScore: score, submittedAt: deps.now() })
      .where(eq(fundAssignments.id, assignment.id));
    await recordAudit(tx, {
      actorId: actor.id,
      action: "fund.review_submitted",
      targetType: "fund_assignment",
      targetId: assignment.id,
      after: { weightedScore: score },
    });
    return { weightedScore: score };
  });
}

/** The reviewer's workbench: only their own assignments. */
export async function myAssignments(deps: Pick<ServiceDeps, "db">, actor: SessionUser) {
  return deps.db
    .select({
      id: fundAssignments.id,
      callId: fundCalls.id,
      callTitleZh: fundCalls.titleZh,
      callTitleEn: fundCalls.titleEn,
      callStatus: fundCalls.status,
      reviewDueOn: fundCalls.reviewDueOn,
      projectId: projects.id,
      title: projects.title,
      declaredAt: fundAssignments.declaredAt,
      submittedAt: fundAssignments.submittedAt,
      weightedScore: fundAssignments.weightedScore,
    })
    .from(fundAssignments)
    .innerJoin(fundSubmissions, eq(fundSubmissions.id, fundAssignments.submissionId))
    .innerJoin(fundCalls, eq(fundCalls.id, fundSubmissions.callId))
    .innerJoin(projects, eq(projects.id, fundSubmissions.projectId))
    .where(eq(fundAssignments.reviewerId, actor.id))
    .orderBy(asc(fundAssignments.id));
}

/**
 * One assignment for its reviewer: the rubric, their own scores, and — only once they have submitted —
 * the other reviewers' scores and comments, without names ("Reviewer 2").
 */
export async function getAssignment(
  deps: Pick<ServiceDeps, "db" | "onTransactionRetry">,
  actor: SessionUser,
  input: z.infer<typeof assignmentIdInput>,
) {
  // Reads only (the row lock keeps a concurrent submit out): safe to run again.
  return retryTransaction(deps, async (tx) => {
    const { assignment, submission, call } = await ownAssignment(tx, actor, input.assignmentId);
    const [project] = await tx
      .select({ id: projects.id, title: projects.title, summary: projects.summary, budgetYuan: projects.budgetYuan })
      .from(projects)
      .where(eq(projects.id, submission.projectId));
    const others = assignment.submittedAt
      ? await tx
          .select({
            id: fundAssignments.id,
            scores: fundAssignments.scores,
            weightedScore: fundAssignments.weightedScore,
          })
          .from(fundAssignments)
          .where(
            and(
              eq(fundAssignments.submissionId, submission.id),
              ne(fundAssignments.id, assignment.id),
              isNotNull(fundAssignments.submittedAt),
            ),
          )
          .orderBy(asc(fundAssignments.id))
      : [];
    return {
      id: assignment.id,
      call: {
        id: call.id,
        titleZh: call.titleZh,
        titleEn: call.titleEn,
        status: call.status,
        criteria: call.criteria,
        reviewDueOn: call.reviewDueOn,
      },
      project: project!,
      declaredAt: assignment.declaredAt,
      submittedAt: assignment.submittedAt,
      scores: assignment.scores,
      weightedScore: assignment.weightedScore,
      others: others.map((o, i) => ({ label: i + 1, scores: o.scores ?? [], weightedScore: o.weightedScore ?? 0 })),
    };
  });
}

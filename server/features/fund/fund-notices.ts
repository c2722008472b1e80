import { chinaDay } from "@/server/domain/china-time";
import { and, eq, isNull } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { fundAssignments, fundCalls, fundMilestones, fundSubmissions, projectCoauthors, projects } from "@/db/schema";
import { notify } from "@/server/features/notifications";
import { scheduleJob, type JobHandler } from "@/server/infra/jobs/scheduled-jobs";
import type { Emit } from "@/server/infra/transact";
import { tracksResults } from "./rules/call-lifecycle";
import { milestoneNoticeOwed, milestoneNoticeSchedule, type MilestoneNotice } from "./rules/milestone-notices";
import { reviewDueNoticeOwed, reviewDueNoticeSchedule } from "./rules/review-due";

/**
 * Who hears what about the joint fund (#19.6): a reviewer when assigned, a funded project's team a week
 * before a milestone's due day and the day after it if it is still not done. Written in the cause's
 * transaction (or the job's) through `notify`, which applies each person's preferences per kind.
 */

export const milestoneNoticeJobKind = "fund_milestone_notice";
export const reviewDueJobKind = "fund_review_due";

/** The reviewer is told of their assignment; the link opens it on their workbench. */
export async function noticeReviewAssigned(
  tx: Tx,
  emit: Emit,
  assignment: { id: number; reviewerId: number; projectTitle: string },
  actorId: number,
) {
  await notify(tx, emit, [
    {
      recipientId: assignment.reviewerId,
      kind: "fund_review_assigned",
      actorId,
      link: `/fund/reviews/${assignment.id}`,
      params: { where: assignment.projectTitle },
      dedupeKey: `fund_assignment:${assignment.id}:assigned`,
    },
  ]);
}

/** A milestone's notices, keyed by the due day they were set for: a moved due day gets new ones and the old find it moved. */
export async function scheduleMilestoneNotices(tx: Tx, milestone: { id: number; dueOn: string }, now: Date) {
  for (const { notice, dueAt } of milestoneNoticeSchedule(milestone.dueOn, now))
    await scheduleJob(tx, {
      kind: milestoneNoticeJobKind,
      key: `${milestone.id}:${milestone.dueOn}:${notice}`,
      dueAt,
      payload: { milestoneId: milestone.id, dueOn: milestone.dueOn, notice },
    });
}

/** The project's team: its proposer and the co-proposers who accepted. */
async function teamOf(tx: Tx, projectId: number, proposerId: number): Promise<number[]> {
  const coauthors = await tx
    .select({ id: projectCoauthors.accountId })
    .from(projectCoauthors)
    .where(and(eq(projectCoauthors.projectId, projectId), eq(projectCoauthors.status, "accepted")));
  return [proposerId, ...coauthors.map((c) => c.id)];
}

/** Runs at its moment and re-checks: still unfinished, same due day, the project still funded in an awarded call. */
const milestoneNotice: JobHandler = async (tx, emit, job, now) => {
  const notice = String(job.payload.notice) as MilestoneNotice;
  const [row] = await tx
    .select({
      milestone: fundMilestones,
      funded: fundSubmissions.funded,
      callId: fundCalls.id,
      callStatus: fundCalls.status,
      projectId: projects.id,
      proposerId: projects.proposerId,
    })
    .from(fundMilestones)
    .innerJoin(fundSubmissions, eq(fundSubmissions.id, fundMilestones.submissionId))
    .innerJoin(fundCalls, eq(fundCalls.id, fundSubmissions.callId))
    .innerJoin(projects, eq(projects.id, fundSubmissions.projectId))
    .where(eq(fundMilestones.id, Number(job.payload.milestoneId)));
  if (!row || !row.funded || !tracksResults(row.callStatus)) return;
  if (!milestoneNoticeOwed(row.milestone, notice, String(job.payload.dueOn), chinaDay(now))) return;
  const { milestone } = row;
  const team = await teamOf(tx, row.projectId, row.proposerId);
  await notify(
    tx,
    emit,
    team.map((recipientId) => ({
      recipientId,
      kind: notice === "due" ? ("fund_milestone_due" as const) : ("fund_milestone_late" as const),
      actorId: null,
      link: `/fund/${row.callId}`,
      params: { where: milestone.title, due: milestone.dueOn },
      dedupeKey: `fund_milestone:${milestone.id}:${notice}:${milestone.dueOn}`,
    })),
  );
};

/** A call's review-due reminders, keyed by the due day they were set for, like a milestone's. */
export async function scheduleReviewDueNotices(tx: Tx, call: { id: number; reviewDueOn: string }, now: Date) {
  for (const { notice, dueAt } of reviewDueNoticeSchedule(call.reviewDueOn, now))
    await scheduleJob(tx, {
      kind: reviewDueJobKind,
      key: `${call.id}:${call.reviewDueOn}:${notice}`,
      dueAt,
      payload: { callId: call.id, dueOn: call.reviewDueOn, notice },
    });
}

/** Each reviewer whose review of the call is still unsubmitted, once per assignment, notice and due day. */
const reviewDueNotice: JobHandler = async (tx, emit, job, now) => {
  const dueOn = String(job.payload.dueOn);
  const [call] = await tx
    .select()
    .from(fundCalls)
    .where(eq(fundCalls.id, Number(job.payload.callId)));
  if (!call || !reviewDueNoticeOwed(call, dueOn, chinaDay(now))) return;
  const pending = await tx
    .select({ id: fundAssignments.id, reviewerId: fundAssignments.reviewerId, title: projects.title })
    .from(fundAssignments)
    .innerJoin(fundSubmissions, eq(fundSubmissions.id, fundAssignments.submissionId))
    .innerJoin(projects, eq(projects.id, fundSubmissions.projectId))
    .where(and(eq(fundSubmissions.callId, call.id), isNull(fundAssignments.submittedAt)));
  await notify(
    tx,
    emit,
    pending.map((a) => ({
      recipientId: a.reviewerId,
      kind: "fund_review_due" as const,
      actorId: null,
      link: `/fund/reviews/${a.id}`,
      params: { where: a.title, due: dueOn },
      dedupeKey: `fund_review_due:${a.id}:${String(job.payload.notice)}:${dueOn}`,
    })),
  );
};

/** The jobs the fund schedules; createApp runs them with every other job. */
export const fundJobHandlers: Record<string, JobHandler> = {
  [milestoneNoticeJobKind]: milestoneNotice,
  [reviewDueJobKind]: reviewDueNotice,
};

import { chinaDayStart, chinaDaysBetween, dayMs } from "@/server/domain/china-time";

/**
 * When the team of a funded project hears about a milestone (#19.6): a week before its due day, and on the
 * day after the due day if it is still not done. Days are China days; notices go out at 09:00 China time.
 * Each notice's job is keyed by the due day it was set for, so a milestone whose due day moved finds its
 * old jobs stale and they stay silent.
 */
const noticeHourMs = 9 * 3_600_000;

export const milestoneDueNoticeDaysBefore = 7;
export type MilestoneNotice = "due" | "late";

/** 09:00 China time on the day `offsetDays` after `dueOn`; the review-due notices go out at the same hour. */
export const chinaMorning = (dueOn: string, offsetDays: number): Date =>
  chinaDayStart(dueOn, offsetDays * dayMs + noticeHourMs);

/**
 * The notices to schedule for a milestone due on `dueOn`. A "due" notice whose moment has passed is not set
 * (a milestone added four days before its due day gets no week-ahead notice); the "late" one always is,
 * since it re-checks at run time whether the milestone is still unfinished.
 */
export function milestoneNoticeSchedule(dueOn: string, now: Date): Array<{ notice: MilestoneNotice; dueAt: Date }> {
  const due = { notice: "due" as const, dueAt: chinaMorning(dueOn, -milestoneDueNoticeDaysBefore) };
  const late = { notice: "late" as const, dueAt: chinaMorning(dueOn, 1) };
  return due.dueAt.getTime() > now.getTime() ? [due, late] : [late];
}

/**
 * Whether a notice is still owed when its job runs: the milestone is not done, its due day is the one the
 * job was set for, and for "late" the due day has passed (for "due" it has not).
 */
export function milestoneNoticeOwed(
  milestone: { dueOn: string; doneOn: string | null },
  notice: MilestoneNotice,
  scheduledFor: string,
  today: string,
): boolean {
  if (milestone.doneOn !== null || milestone.dueOn !== scheduledFor) return false;
  const past = chinaDaysBetween(milestone.dueOn, today);
  return notice === "late" ? past > 0 : past <= 0;
}

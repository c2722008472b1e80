/**
 * When the team of a funded project hears about a milestone (#19.6): a week before its due day, and on the
 * day after the due day if it is still not done. Days are China days; notices go out at 09:00 China time.
 * Each notice's job is keyed by the due day it was set for, so a milestone whose due day moved finds its
 * old jobs stale and they stay silent.
 */
const dayMs = 86_400_000;
const chinaOffsetMs = 8 * 3_600_000;
const noticeHourMs = 9 * 3_600_000;

export const milestoneDueNoticeDaysBefore = 7;
export type MilestoneNotice = "due" | "late";

/** The China calendar day of an instant (China keeps no daylight saving). */
export const chinaDay = (instant: Date): string =>
  new Date(instant.getTime() + chinaOffsetMs).toISOString().slice(0, 10);

/** Days from `dueOn` to `today` (both China days); negative before the due day. */
export const daysPastDue = (dueOn: string, today: string): number =>
  Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${dueOn}T00:00:00Z`)) / dayMs);

/** 09:00 China time on the day `offsetDays` after `dueOn`. */
const chinaMorning = (dueOn: string, offsetDays: number): Date =>
  new Date(Date.parse(`${dueOn}T00:00:00Z`) + offsetDays * dayMs + noticeHourMs - chinaOffsetMs);

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
  const past = daysPastDue(milestone.dueOn, today);
  return notice === "late" ? past > 0 : past <= 0;
}

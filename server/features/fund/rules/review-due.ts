import { chinaDay, chinaDaysBetween } from "@/server/domain/china-time";
import type { CallStatus } from "@/shared/fund-vocabulary";
import { chinaMorning } from "./milestone-notices";

/**
 * When reviewers hear about a call's review due day (#19.6): three days before it and on the day, at 09:00
 * China time, each reviewer whose review is still unsubmitted. Jobs are keyed by the due day they were set
 * for, so a moved due day's old jobs find it moved and stay silent.
 */
export const reviewDueNoticeDaysBefore = 3;
export type ReviewDueNotice = "soon" | "today";

/** The notices to schedule for a review due day; a notice whose moment has passed is not set. */
export function reviewDueNoticeSchedule(dueOn: string, now: Date): Array<{ notice: ReviewDueNotice; dueAt: Date }> {
  const all = [
    { notice: "soon" as const, dueAt: chinaMorning(dueOn, -reviewDueNoticeDaysBefore) },
    { notice: "today" as const, dueAt: chinaMorning(dueOn, 0) },
  ];
  return all.filter((n) => n.dueAt.getTime() > now.getTime());
}

/** Reviews are written while a call is open or in review; after that a reminder is noise. */
const takesReviews = (status: CallStatus) => status === "open" || status === "review";

/**
 * Whether a review-due notice is still owed when its job runs: the call still takes reviews, its due day is
 * the one the job was set for, and that day has not passed (a runner that was down does not remind late).
 */
export function reviewDueNoticeOwed(
  call: { status: CallStatus; reviewDueOn: string | null },
  scheduledFor: string,
  today: string,
): boolean {
  return takesReviews(call.status) && call.reviewDueOn === scheduledFor && chinaDaysBetween(today, scheduledFor) >= 0;
}

/**
 * Why a review due day cannot be set, or null: reviews start after submissions close, so the due day is
 * no earlier than the China day of the deadline; and it is set only until the call is awarded.
 */
export function reviewDueProblem(call: { status: CallStatus; deadline: Date }, dueOn: string): string | null {
  if (call.status === "awarded" || call.status === "closed")
    return "The review due day is fixed once the call is awarded";
  if (chinaDaysBetween(chinaDay(call.deadline), dueOn) < 0) return "Reviews cannot be due before the call's deadline";
  return null;
}

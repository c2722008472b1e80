import type { ConfirmationStatus, DecisionActionStatus, RecordStatus } from "@/shared/meetings-vocabulary";
import type { Role } from "@/shared/vocabulary";
import { chinaDayStart, chinaDaysBetween, dayMs } from "@/server/domain/china-time";

/**
 * The pure rules of a meeting's record after the meeting: which regions confirm it, what their answers
 * add up to, who may answer for a region, and when an action is overdue. The use-cases ask here; the
 * pages show the same.
 */

/** The regions a record goes to: the host and every region someone registered from, each once, in id order. */
export function participatingRegions(hostRegionId: number, registrationRegionIds: readonly number[]): number[] {
  return [...new Set([hostRegionId, ...registrationRegionIds])].sort((a, b) => a - b);
}

/**
 * A decision is confirmed only when every participating region has confirmed it; one contesting region
 * makes it contested (until that region changes its answer); otherwise it waits. No rows: not yet sent.
 */
export function recordStatusOf(answers: ReadonlyArray<{ status: ConfirmationStatus }>): RecordStatus {
  if (answers.length === 0) return "not_sent";
  if (answers.some((a) => a.status === "contested")) return "contested";
  return answers.every((a) => a.status === "confirmed") ? "confirmed" : "pending";
}

/** A confirmed record is final; until then a region may answer, and change its answer. */
export const recordAnswerable = (status: RecordStatus): boolean => status === "pending" || status === "contested";

/**
 * Who answers for a region: a coordination-body member of that region (the region's delegate). An admin
 * or the chair does not answer for a region they do not belong to: the point is each region's own word.
 */
export const mayAnswerForRegion = (actor: { role: Role; regionId: number } | null, regionId: number): boolean =>
  actor !== null && actor.role === "member" && actor.regionId === regionId;

/** Who moves an action along: the chair or an admin, or a member of the region that owns it. */
export const mayUpdateAction = (
  actor: { role: Role; regionId: number; chair: boolean } | null,
  ownerRegionId: number,
): boolean =>
  actor !== null &&
  (actor.role === "admin" || actor.chair || (actor.role === "member" && actor.regionId === ownerRegionId));

const finished = (status: DecisionActionStatus) => status === "done" || status === "dropped";

/** An action not done or dropped after its due day. */
export const actionOverdue = (action: { dueOn: string; status: DecisionActionStatus }, today: string): boolean =>
  !finished(action.status) && chinaDaysBetween(action.dueOn, today) > 0;

/** The owner region is told once an unfinished action is this many days overdue. */
export const overdueNoticeAfterDays = 7;

/** When the overdue notice falls due: the start (China midnight) of the day `overdueNoticeAfterDays` after the due day. */
export function overdueNoticeAt(dueOn: string): Date {
  return chinaDayStart(dueOn, overdueNoticeAfterDays * dayMs);
}

/** Whether the notice is still owed when its moment comes: the action is unfinished and the due day unchanged. */
export const overdueNoticeOwed = (
  action: { dueOn: string; status: DecisionActionStatus },
  scheduledFor: string,
  today: string,
): boolean =>
  !finished(action.status) &&
  action.dueOn === scheduledFor &&
  chinaDaysBetween(action.dueOn, today) >= overdueNoticeAfterDays;

/** Meeting reminders: a day and an hour before the start. */
export const meetingReminderOffsets = [
  { key: "24h", beforeMs: 24 * 3_600_000 },
  { key: "1h", beforeMs: 3_600_000 },
] as const;

/** The reminders of a meeting starting at `startsAt`, scheduled at `now`: those whose moment is still ahead. */
export function meetingReminderSchedule(startsAt: Date, now: Date): Array<{ key: "24h" | "1h"; dueAt: Date }> {
  return meetingReminderOffsets
    .map((r) => ({ key: r.key, dueAt: new Date(startsAt.getTime() - r.beforeMs) }))
    .filter((r) => r.dueAt.getTime() > now.getTime());
}

/**
 * The register's filters that read an entry's record: region, record status, unfinished actions due by a day.
 * The register applies them in SQL (record.ts); its test checks that SQL against this rule.
 */
export function registerEntryMatches(
  entry: {
    hostRegionId: number;
    regions: ReadonlyArray<{ regionId: number }>;
    confirmations: ReadonlyArray<{ regionId: number }>;
    recordStatus: RecordStatus;
    actions: ReadonlyArray<{ ownerRegionId: number; dueOn: string; status: DecisionActionStatus }>;
  },
  filter: { regionId: number | null; status: RecordStatus | null; dueBy: string | null },
): boolean {
  if (filter.status !== null && entry.recordStatus !== filter.status) return false;
  if (filter.dueBy !== null && !entry.actions.some((a) => !finished(a.status) && a.dueOn <= filter.dueBy!))
    return false;
  if (filter.regionId === null) return true;
  const id = filter.regionId;
  return (
    entry.hostRegionId === id ||
    entry.regions.some((r) => r.regionId === id) ||
    entry.confirmations.some((c) => c.regionId === id) ||
    entry.actions.some((a) => a.ownerRegionId === id)
  );
}

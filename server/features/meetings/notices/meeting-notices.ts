import { chinaDay } from "@/server/domain/china-time";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { accounts, decisionActions, meetingDecisions, meetingRegistrations, meetings, type Meeting } from "@/db/schema";
import type { NotificationKind } from "@/shared/notification-kinds";
import { notify } from "@/server/features/notifications";
import { notSuspendedAt } from "@/server/infra/auth/suspension";
import { scheduleJob, type JobHandler } from "@/server/infra/jobs/scheduled-jobs";
import type { Emit } from "@/server/infra/transact";
import { meetingReminderSchedule, overdueNoticeAt, overdueNoticeOwed } from "../record/record-rules";

/**
 * Who is told what about meetings (#18.8): invitations when a meeting is scheduled, agenda changes and
 * reminders to those registered, the record to each participating region's members, overdue actions
 * to the owner region's members. Every notice is written in the cause's transaction through `notify`.
 */

const titleOf = (meeting: Pick<Meeting, "titleZh" | "titleEn">) => `${meeting.titleZh} / ${meeting.titleEn}`;
const meetingLink = (meetingId: number, anchor = "") => `/meetings/${meetingId}${anchor}`;

/** Members (not suspended) of some regions: the coordination body's people there. */
export async function membersOf(tx: Tx, regionIds: readonly number[] | "all", now: Date): Promise<number[]> {
  const rows = await tx
    .select({ id: accounts.id })
    .from(accounts)
    .where(
      and(
        eq(accounts.role, "member"),
        regionIds === "all" ? sql`true` : inArray(accounts.regionId, [...regionIds, -1]),
        notSuspendedAt(now),
      ),
    );
  return rows.map((r) => r.id);
}

async function registrantsOf(tx: Tx, meetingId: number): Promise<number[]> {
  const rows = await tx
    .select({ id: meetingRegistrations.accountId })
    .from(meetingRegistrations)
    .where(eq(meetingRegistrations.meetingId, meetingId));
  return rows.map((r) => r.id);
}

const drafts = (
  ids: number[],
  kind: NotificationKind,
  actorId: number | null,
  link: string,
  params: Record<string, string | number>,
  dedupeKey: string,
) => ids.map((recipientId) => ({ recipientId, kind, actorId, link, params, dedupeKey }));

export const meetingReminderJobKind = "meeting_reminder";
export const actionOverdueJobKind = "decision_action_overdue";

/**
 * A meeting is scheduled: the coordination body's members are invited (everyone of it for a coordination
 * meeting; for a forum, which is open to all, the host region's members), and its reminders are set.
 */
export async function noticeMeetingScheduled(tx: Tx, emit: Emit, meeting: Meeting, actorId: number, now: Date) {
  const invited = await membersOf(tx, meeting.kind === "coordination" ? "all" : [meeting.hostRegionId], now);
  await notify(
    tx,
    emit,
    drafts(
      invited,
      "meeting_invited",
      actorId,
      meetingLink(meeting.id),
      { where: titleOf(meeting), closesAt: meeting.startsAt.toISOString() },
      `meeting:${meeting.id}:invited`,
    ),
  );
  await scheduleMeetingReminders(tx, meeting, now);
}

/** Reminders keyed by the start they were set for: a moved meeting gets new ones, and the old ones find it moved. */
export async function scheduleMeetingReminders(tx: Tx, meeting: Pick<Meeting, "id" | "startsAt">, now: Date) {
  for (const reminder of meetingReminderSchedule(meeting.startsAt, now))
    await scheduleJob(tx, {
      kind: meetingReminderJobKind,
      key: `${meeting.id}:${meeting.startsAt.toISOString()}:${reminder.key}`,
      dueAt: reminder.dueAt,
      payload: { meetingId: meeting.id, startsAt: meeting.startsAt.toISOString(), before: reminder.key },
    });
}

/** The agenda of a scheduled meeting changed: those registered hear of it, at most once an hour. */
export async function noticeAgendaChanged(tx: Tx, emit: Emit, meeting: Meeting, actorId: number, now: Date) {
  if (meeting.status !== "scheduled") return;
  const hour = Math.floor(now.getTime() / 3_600_000);
  await notify(
    tx,
    emit,
    drafts(
      await registrantsOf(tx, meeting.id),
      "meeting_agenda_changed",
      actorId,
      meetingLink(meeting.id, "#agenda"),
      { where: titleOf(meeting) },
      `meeting:${meeting.id}:agenda:${hour}`,
    ),
  );
}

/** The minutes are approved: each participating region's members are asked to confirm or contest the record. */
export async function noticeRecordSent(
  tx: Tx,
  emit: Emit,
  meeting: Meeting,
  regionIds: number[],
  actorId: number,
  now: Date,
) {
  await notify(
    tx,
    emit,
    drafts(
      await membersOf(tx, regionIds, now),
      "decision_confirmation",
      actorId,
      meetingLink(meeting.id, "#record"),
      { where: titleOf(meeting) },
      `meeting:${meeting.id}:record`,
    ),
  );
}

/** An action gets its overdue notice scheduled for seven days after its due day. */
export async function scheduleOverdueNotice(tx: Tx, action: { id: number; dueOn: string }) {
  await scheduleJob(tx, {
    kind: actionOverdueJobKind,
    key: `${action.id}:${action.dueOn}`,
    dueAt: overdueNoticeAt(action.dueOn),
    payload: { actionId: action.id, dueOn: action.dueOn },
  });
}

/** A day or an hour before: those registered, unless the meeting moved, was cancelled or already began. */
const meetingReminder: JobHandler = async (tx, emit, job) => {
  const [meeting] = await tx
    .select()
    .from(meetings)
    .where(eq(meetings.id, Number(job.payload.meetingId)));
  if (!meeting || meeting.status !== "scheduled" || meeting.startsAt.toISOString() !== job.payload.startsAt) return;
  await notify(
    tx,
    emit,
    drafts(
      await registrantsOf(tx, meeting.id),
      "meeting_reminder",
      null,
      meetingLink(meeting.id),
      { where: titleOf(meeting), closesAt: meeting.startsAt.toISOString() },
      `meeting:${meeting.id}:reminder:${String(job.key)}`,
    ),
  );
};

/** Seven days past due and still not done or dropped: the owner region's members are told, once. */
const actionOverdue: JobHandler = async (tx, emit, job, now) => {
  const [row] = await tx
    .select({ action: decisionActions, meetingId: meetingDecisions.meetingId })
    .from(decisionActions)
    .innerJoin(meetingDecisions, eq(meetingDecisions.id, decisionActions.decisionId))
    .where(eq(decisionActions.id, Number(job.payload.actionId)));
  if (!row || !overdueNoticeOwed(row.action, String(job.payload.dueOn), chinaDay(now))) return;
  const { action } = row;
  await notify(
    tx,
    emit,
    drafts(
      await membersOf(tx, [action.ownerRegionId], now),
      "action_overdue",
      null,
      meetingLink(row.meetingId, "#record"),
      { where: `${action.textZh} / ${action.textEn}`, due: action.dueOn },
      `action:${action.id}:overdue:${action.dueOn}`,
    ),
  );
};

/** The jobs meetings schedule; createApp runs them with every other job. */
export const meetingJobHandlers: Record<string, JobHandler> = {
  [meetingReminderJobKind]: meetingReminder,
  [actionOverdueJobKind]: actionOverdue,
};

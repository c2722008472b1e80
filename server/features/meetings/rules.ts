import type { Role } from "@/shared/vocabulary";
import type { MeetingKind, MeetingStatus } from "@/shared/meetings-vocabulary";
import { mayChairBallots, regionsShortOfQuorum } from "../ballots/rules/ballot-governance";
import { quorumFor } from "../ballots/rules/ballot-rules";
import { chinaOffsetMs } from "@/server/domain/china-time";

/**
 * The pure rules of meetings: the lifecycle, who may see and act, the quorum per region, the host
 * rotation, the agenda's order and China time. The use-cases load rows and ask here; pages show the same.
 */

export interface Actor {
  id: number;
  role: Role;
  /** Chairs the coordination body (accounts.chair); read from the row, not the session. */
  chair: boolean;
}

/** The chair of the coordination body or an admin creates and runs meetings, as they run ballots. */
export const mayRunMeetings = (actor: Pick<Actor, "role" | "chair"> | null): boolean =>
  actor !== null && mayChairBallots(actor);

export const meetingActions = ["schedule", "start", "end", "approve_minutes", "cancel"] as const;
export type MeetingAction = (typeof meetingActions)[number];

const lifecycle: Record<MeetingStatus, Partial<Record<MeetingAction, MeetingStatus>>> = {
  draft: { schedule: "scheduled", cancel: "cancelled" },
  scheduled: { start: "in_session", cancel: "cancelled" },
  in_session: { end: "minutes_pending" },
  minutes_pending: { approve_minutes: "closed" },
  closed: {},
  cancelled: {},
};

export type TransitionResult =
  { ok: true; to: MeetingStatus } | { ok: false; reason: "INVALID_TRANSITION" | "TRANSITION_NOT_PERMITTED" };

/** The one state machine: which action moves a meeting where, and that only a chair or admin moves it. */
export function meetingTransition(
  status: MeetingStatus,
  action: MeetingAction,
  actor: Pick<Actor, "role" | "chair"> | null,
): TransitionResult {
  if (!mayRunMeetings(actor)) return { ok: false, reason: "TRANSITION_NOT_PERMITTED" };
  const to = lifecycle[status][action];
  return to ? { ok: true, to } : { ok: false, reason: "INVALID_TRANSITION" };
}

/** The actions a status allows, for the page's buttons. */
export const actionsFrom = (status: MeetingStatus): MeetingAction[] =>
  meetingActions.filter((action) => lifecycle[status][action] !== undefined);

/** Details and agenda change only until the meeting starts. */
export const agendaEditable = (status: MeetingStatus): boolean => status === "draft" || status === "scheduled";

/** Minutes are drafted while in session and until they are approved. */
export const minutesEditable = (status: MeetingStatus): boolean =>
  status === "in_session" || status === "minutes_pending";

export interface MeetingAccess {
  kind: MeetingKind;
  status: MeetingStatus;
  publicPage: boolean;
}

/**
 * Who may see a meeting: the one rule every read path asks (get, list, register, events, decisions).
 * A draft is the chairs' own; a coordination meeting is the coordination body's (members, admins);
 * a forum is open to every signed-in account, and to anyone when its page is public.
 */
export function meetingVisibleTo(meeting: MeetingAccess, viewer: Pick<Actor, "role" | "chair"> | null): boolean {
  if (meeting.status === "draft") return mayRunMeetings(viewer);
  if (meeting.kind === "coordination") return viewer?.role === "member" || viewer?.role === "admin";
  return meeting.publicPage || viewer !== null;
}

export type RegistrationRefusal = "MEETING_NOT_OPEN" | "MEETING_NOT_FOR_ROLE";

/**
 * Who may register: members for a coordination meeting; researchers and members for a forum.
 * Registration is open once scheduled and while in session (late arrivals register and check in).
 */
export function registrationRefusal(meeting: MeetingAccess, role: Role): RegistrationRefusal | null {
  if (meeting.status !== "scheduled" && meeting.status !== "in_session") return "MEETING_NOT_OPEN";
  return mayTakePart(meeting.kind, role) ? null : "MEETING_NOT_FOR_ROLE";
}

/** Whose meeting it is to attend (and so to answer its time poll): members; at a forum researchers too. */
export function mayTakePart(kind: MeetingKind, role: Role): boolean {
  const roles: readonly Role[] = kind === "coordination" ? ["member"] : ["member", "researcher"];
  return roles.includes(role);
}

/**
 * What a reader may do with a meeting in its status: one rule for the page's read (meetings.get) and
 * for the page applying a status change from the meeting's stream, so a status event needs no read.
 */
export function meetingViewerPermissions(
  meeting: MeetingAccess,
  viewer: Pick<Actor, "role" | "chair"> | null,
): {
  mayRun: boolean;
  actions: MeetingAction[];
  agendaEditable: boolean;
  /** May draft the minutes (the record's decisions and notes) now. */
  minutesEditable: boolean;
  registrationRefusal: RegistrationRefusal | null;
  mayAnswerTimePoll: boolean;
} {
  const runs = mayRunMeetings(viewer);
  return {
    mayRun: runs,
    actions: runs ? actionsFrom(meeting.status) : [],
    agendaEditable: runs && agendaEditable(meeting.status),
    minutesEditable: runs && minutesEditable(meeting.status),
    registrationRefusal: viewer ? registrationRefusal(meeting, viewer.role) : null,
    mayAnswerTimePoll: viewer !== null && mayTakePart(meeting.kind, viewer.role) && agendaEditable(meeting.status),
  };
}

/** The share of a region's expected participants who must be present for it to count (half, as ballots). */
export const meetingQuorumBp = 5_000;

export interface RegionPresence {
  regionId: number;
  /** Accounts of the region who may take part (members; researchers too at a forum). */
  expected: number;
  /** Registrants of the region checked in (a delegate counts for the one who sent them). */
  present: number;
  quorum: number;
  met: boolean;
}

/** The meeting quorum per region: the ballot quorum rule (quorumFor, regionsShortOfQuorum) over presence. */
export function presenceByRegion(
  rows: readonly { regionId: number; expected: number; present: number }[],
  quorumBp = meetingQuorumBp,
): { regions: RegionPresence[]; shortOfQuorum: number[] } {
  const regions = rows.map((r) => {
    const quorum = Math.max(1, quorumFor(r.expected, quorumBp));
    return { ...r, quorum, met: r.present >= quorum };
  });
  return {
    regions,
    shortOfQuorum: regionsShortOfQuorum(
      regions.map((r) => ({ regionId: r.regionId, voted: r.present, quorum: r.quorum })),
    ),
  };
}

/**
 * The host to suggest: a region that never hosted first (lowest id), else the one whose last hosted
 * meeting is the oldest. Retired regions are left out by the caller.
 */
export function suggestHostRegion(regionIds: readonly number[], lastHosted: ReadonlyMap<number, Date>): number | null {
  let best: number | null = null;
  let bestAt = Infinity;
  for (const id of [...regionIds].sort((a, b) => a - b)) {
    const at = lastHosted.get(id)?.getTime() ?? -Infinity;
    if (at < bestAt) {
      best = id;
      bestAt = at;
    }
  }
  return best;
}

/** The agenda's ids with one item moved up or down by one place; unchanged at either end or when absent. */
export function moveItem(ids: readonly number[], id: number, direction: "up" | "down"): number[] {
  const next = [...ids];
  const at = next.indexOf(id);
  const to = direction === "up" ? at - 1 : at + 1;
  if (at < 0 || to < 0 || to >= next.length) return next;
  [next[at], next[to]] = [next[to]!, next[at]!];
  return next;
}

/** The current item's timer: elapsed and remaining against its time box; negative remaining is an overrun. */
export function itemTimer(startedAt: Date, durationMinutes: number, now: Date) {
  const elapsedMs = Math.max(0, now.getTime() - startedAt.getTime());
  const remainingMs = durationMinutes * 60_000 - elapsedMs;
  return { elapsedMs, remainingMs, overrun: remainingMs < 0 };
}

/** A `YYYY-MM-DDTHH:mm` wall-clock time in China to the instant it names; null when malformed. */
export function fromChinaLocal(value: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!match) return null;
  const [y, mo, d, h, mi] = match.slice(1).map(Number) as [number, number, number, number, number];
  const utc = Date.UTC(y, mo - 1, d, h, mi);
  const check = new Date(utc);
  // Refuse dates that Date.UTC would roll over (31 February, 24:00).
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59) return null;
  return new Date(utc - chinaOffsetMs);
}

/** An instant as the `YYYY-MM-DDTHH:mm` wall-clock time in China (a datetime-local field's value). */
export function toChinaLocal(instant: Date): string {
  return new Date(instant.getTime() + chinaOffsetMs).toISOString().slice(0, 16);
}

import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import {
  accounts,
  agendaItems,
  meetingDecisions,
  meetingRegistrations,
  meetings,
  meetingSpeakers,
  regions,
  type Meeting,
} from "@/db/schema";
import type { SessionUser } from "../../infra/auth/session";
import { streamKey } from "../../domain/stream-access";
import { notSuspendedAt } from "@/server/infra/auth/suspension";
import { AppError } from "../../errors";
import type { Emit } from "../../infra/transact";
import type { AgendaItemView, DecisionView, MeetingHeader, PresenceView, SpeakerView } from "./contract";
import { recordsOf } from "./record/record-reads";
import { recordStatusOf } from "./record/record-rules";
import { mayRunMeetings, meetingVisibleTo, presenceByRegion, type Actor, type MeetingAction } from "./rules";

/**
 * What every meetings use-case needs first (the meeting, who the caller is to it, whether they may
 * see it) and the snapshots the reads return and the live events carry, built in one place so both agree.
 */

type Reader = Db | Tx;

const actorColumns = {
  id: accounts.id,
  role: accounts.role,
  chair: accounts.chair,
  regionId: accounts.regionId,
  displayName: accounts.displayName,
};

/** The caller with their chair flag read from the row, so a revoked chair stops at the next request. */
export async function actorOf(
  db: Reader,
  user: Pick<SessionUser, "id"> | null,
): Promise<(Actor & { regionId: number; displayName: string }) | null> {
  if (!user) return null;
  const [row] = await db.select(actorColumns).from(accounts).where(eq(accounts.id, user.id));
  return row ?? null;
}

/** Several callers at once (a batch of votes), as actorOf reads each; those without an account are left out. */
export async function actorsOf(db: Reader, accountIds: readonly number[]) {
  if (accountIds.length === 0) return [];
  return db
    .select(actorColumns)
    .from(accounts)
    .where(inArray(accounts.id, [...accountIds]));
}

export async function loadMeeting(db: Reader, meetingId: number, lock = false): Promise<Meeting | undefined> {
  const query = db.select().from(meetings).where(eq(meetings.id, meetingId));
  const [row] = lock ? await query.for("update") : await query;
  return row;
}

const notFound = () => new AppError("NOT_FOUND", "That meeting does not exist");

/** The meeting if the caller may see it; NOT_FOUND otherwise, so an unseen meeting's existence does not leak. */
export async function readableMeeting(
  db: Reader,
  user: Pick<SessionUser, "id"> | null,
  meetingId: number,
  lock = false,
) {
  const actor = await actorOf(db, user);
  const meeting = await loadMeeting(db, meetingId, lock);
  if (!meeting || !meetingVisibleTo(meeting, actor)) throw notFound();
  return { meeting, actor };
}

/** The meeting, locked, for a use-case only its chairs may perform. */
export async function runnableMeeting(tx: Tx, user: Pick<SessionUser, "id">, meetingId: number) {
  const { meeting, actor } = await readableMeeting(tx, user, meetingId, true);
  if (!actor || !mayRunMeetings(actor)) throw chairRequired();
  return { meeting, actor };
}

/** The region the caller registered for (a delegate's is the sender's), or NOT_REGISTERED with `why`. */
export async function registeredRegion(db: Reader, meetingId: number, accountId: number, why: string) {
  const [registered] = await db
    .select({ regionId: meetingRegistrations.regionId })
    .from(meetingRegistrations)
    .where(and(eq(meetingRegistrations.meetingId, meetingId), eq(meetingRegistrations.accountId, accountId)));
  if (!registered) throw new AppError("NOT_REGISTERED", why);
  return registered.regionId;
}

export const chairRequired = () =>
  new AppError("MEETING_CHAIR_REQUIRED", "Only the chair of the coordination body or an admin can run meetings");

/** The stream rule: a meeting's events reach those who may see it (a meeting not yet written stays open). */
export async function meetingStreamVisible(db: Db, viewer: Pick<SessionUser, "id"> | null, meetingId: number) {
  const meeting = await loadMeeting(db, meetingId);
  return meeting === undefined || meetingVisibleTo(meeting, await actorOf(db, viewer));
}

export function headerOf(meeting: Meeting): MeetingHeader {
  return {
    id: meeting.id,
    kind: meeting.kind,
    status: meeting.status,
    titleZh: meeting.titleZh,
    titleEn: meeting.titleEn,
    descriptionZh: meeting.descriptionZh,
    descriptionEn: meeting.descriptionEn,
    hostRegionId: meeting.hostRegionId,
    place: meeting.place,
    onlineUrl: meeting.onlineUrl,
    startsAt: meeting.startsAt.toISOString(),
    endsAt: meeting.endsAt.toISOString(),
    publicPage: meeting.publicPage,
    currentItemId: meeting.currentItemId,
    currentItemStartedAt: meeting.currentItemStartedAt?.toISOString() ?? null,
    version: meeting.version,
  };
}

export async function agendaOf(db: Reader, meetingId: number): Promise<AgendaItemView[]> {
  return db
    .select({
      id: agendaItems.id,
      position: agendaItems.position,
      titleZh: agendaItems.titleZh,
      titleEn: agendaItems.titleEn,
      durationMinutes: agendaItems.durationMinutes,
      presenter: agendaItems.presenter,
      topicId: agendaItems.topicId,
      projectId: agendaItems.projectId,
      ballotId: agendaItems.ballotId,
      roundLinked: sql<boolean>`${agendaItems.roundId} is not null`,
      minutes: agendaItems.minutes,
    })
    .from(agendaItems)
    .where(eq(agendaItems.meetingId, meetingId))
    .orderBy(asc(agendaItems.position), asc(agendaItems.id));
}

/**
 * Presence per region: who may take part (members; researchers too at a forum; not suspended) against
 * who checked in, over the regions that have any. The quorum is the ballot rule's (rules.ts).
 */
export async function presenceOf(db: Reader, meeting: Meeting, now: Date): Promise<PresenceView> {
  const roles = meeting.kind === "coordination" ? (["member"] as const) : (["member", "researcher"] as const);
  const expected = await db
    .select({ regionId: accounts.regionId, count: sql<number>`count(*)::int` })
    .from(accounts)
    .innerJoin(regions, eq(regions.id, accounts.regionId))
    .where(and(inArray(accounts.role, [...roles]), isNull(regions.retiredAt), notSuspendedAt(now)))
    .groupBy(accounts.regionId);
  const registered = await db
    .select({
      regionId: meetingRegistrations.regionId,
      present: sql<number>`count(${meetingRegistrations.checkedInAt})::int`,
      all: sql<number>`count(*)::int`,
    })
    .from(meetingRegistrations)
    .where(eq(meetingRegistrations.meetingId, meeting.id))
    .groupBy(meetingRegistrations.regionId);
  const byRegion = new Map<number, { regionId: number; expected: number; present: number }>();
  for (const row of expected)
    byRegion.set(row.regionId, { regionId: row.regionId, expected: Number(row.count), present: 0 });
  for (const row of registered) {
    const entry = byRegion.get(row.regionId) ?? { regionId: row.regionId, expected: 0, present: 0 };
    entry.present = Number(row.present);
    byRegion.set(row.regionId, entry);
  }
  const rows = [...byRegion.values()].sort((a, b) => a.regionId - b.regionId);
  return { ...presenceByRegion(rows), registered: registered.reduce((sum, r) => sum + Number(r.all), 0) };
}

export async function speakersOf(db: Reader, meetingId: number): Promise<SpeakerView[]> {
  return db
    .select({
      id: meetingSpeakers.id,
      accountId: meetingSpeakers.accountId,
      displayName: accounts.displayName,
      regionId: meetingSpeakers.regionId,
      state: meetingSpeakers.state,
      position: meetingSpeakers.position,
    })
    .from(meetingSpeakers)
    .innerJoin(accounts, eq(accounts.id, meetingSpeakers.accountId))
    .where(and(eq(meetingSpeakers.meetingId, meetingId), sql`${meetingSpeakers.state} <> 'done'`))
    .orderBy(sql`${meetingSpeakers.state} = 'waiting'`, asc(meetingSpeakers.position), asc(meetingSpeakers.id));
}

export async function decisionsOf(db: Reader, meetingId: number): Promise<DecisionView[]> {
  const rows = await db
    .select({
      id: meetingDecisions.id,
      itemId: meetingDecisions.itemId,
      textZh: meetingDecisions.textZh,
      textEn: meetingDecisions.textEn,
      ballotId: meetingDecisions.ballotId,
      createdAt: meetingDecisions.createdAt,
    })
    .from(meetingDecisions)
    .where(eq(meetingDecisions.meetingId, meetingId))
    .orderBy(asc(meetingDecisions.id));
  const records = await recordsOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => {
    const confirmations = records.confirmations.get(r.id) ?? [];
    return {
      ...r,
      createdAt: r.createdAt.toISOString(),
      confirmations,
      recordStatus: recordStatusOf(confirmations),
      actions: records.actions.get(r.id) ?? [],
    };
  });
}

const stream = (meetingId: number) => streamKey({ kind: "meeting", id: meetingId });

/** Bumps the version and updatedAt with the change, and tells the watchers the new header. */
export async function saveHeader(
  tx: Tx,
  emit: Emit,
  meetingId: number,
  changes: Partial<Meeting>,
  now: Date,
  action?: MeetingAction,
) {
  const [updated] = await tx
    .update(meetings)
    .set({ ...changes, updatedAt: now, version: sql`${meetings.version} + 1` })
    .where(eq(meetings.id, meetingId))
    .returning();
  if (!updated) throw notFound();
  // The lifecycle step that caused the change rides along: webhook notices are read from it.
  await emit(
    stream(meetingId),
    "meeting:changed",
    action ? { meeting: headerOf(updated), action } : { meeting: headerOf(updated) },
  );
  return updated;
}

/** `roundLinkAdded`: the change linked an item to an opinion round it did not link before. */
export async function emitAgenda(tx: Tx, emit: Emit, meetingId: number, roundLinkAdded = false) {
  const items = await agendaOf(tx, meetingId);
  await emit(stream(meetingId), "meeting:agenda-changed", { meetingId, items, roundLinkAdded });
  return items;
}

export async function emitPresence(tx: Tx, emit: Emit, meeting: Meeting, now: Date) {
  const presence = await presenceOf(tx, meeting, now);
  await emit(stream(meeting.id), "meeting:presence-changed", { meetingId: meeting.id, presence });
  return presence;
}

export async function emitSpeakers(tx: Tx, emit: Emit, meetingId: number) {
  const speakers = await speakersOf(tx, meetingId);
  await emit(stream(meetingId), "meeting:speakers-changed", { meetingId, speakers });
  return speakers;
}

export async function emitDecisions(tx: Tx, emit: Emit, meetingId: number) {
  const decisions = await decisionsOf(tx, meetingId);
  await emit(stream(meetingId), "meeting:decisions-changed", { meetingId, decisions });
  return decisions;
}

/** The last time each region hosted a meeting that was not cancelled, for the rotation's suggestion. */
export async function lastHosted(db: Reader): Promise<Map<number, Date>> {
  const rows = await db
    .select({ regionId: meetings.hostRegionId, at: sql<Date>`max(${meetings.startsAt})` })
    .from(meetings)
    .where(and(sql`${meetings.status} <> 'cancelled'`))
    .groupBy(meetings.hostRegionId);
  return new Map(rows.map((r) => [r.regionId, new Date(r.at)]));
}

/** Registrations with names, for those who may see the meeting and are signed in. */
export async function registrationsOf(db: Reader, meetingId: number) {
  return db
    .select({
      accountId: meetingRegistrations.accountId,
      displayName: accounts.displayName,
      regionId: meetingRegistrations.regionId,
      mode: meetingRegistrations.mode,
      delegateName: meetingRegistrations.delegateName,
      checkedIn: sql<boolean>`${meetingRegistrations.checkedInAt} is not null`,
    })
    .from(meetingRegistrations)
    .innerJoin(accounts, eq(accounts.id, meetingRegistrations.accountId))
    .where(eq(meetingRegistrations.meetingId, meetingId))
    .orderBy(asc(meetingRegistrations.regionId), asc(accounts.displayName));
}

import { and, asc, eq, isNull } from "drizzle-orm";
import { agendaItems, meetings, regions, type Meeting } from "@/db/schema";
import type { Tx } from "@/db/client";
import type { SessionUser } from "../../infra/auth/session";
import { AppError } from "../../errors";
import { recordAudit } from "../../infra/audit";
import type { ServiceDeps } from "../../infra/deps";
import { transact, type Emit } from "../../infra/transact";
import type { MeetingDetailsInput, TransitionInput, UpdateMeetingInput } from "./contract";
import {
  actorOf,
  chairRequired,
  emitPresence,
  headerOf,
  lastHosted,
  runnableMeeting,
  saveHeader,
} from "./meeting-state";
import { sendRecordForConfirmation } from "./record/confirmations";
import { noticeMeetingScheduled, scheduleMeetingReminders } from "./notices/meeting-notices";
import { closeOpenPolls } from "./polls/polls";
import { agendaEditable, fromChinaLocal, mayRunMeetings, meetingTransition, suggestHostRegion } from "./rules";

type Deps = Pick<ServiceDeps, "db" | "publisher" | "now">;

/** The details as rows store them: China wall-clock times to instants, the public page only for a forum. */
async function detailsRow(tx: Tx, input: MeetingDetailsInput) {
  const startsAt = fromChinaLocal(input.startsAt);
  const endsAt = fromChinaLocal(input.endsAt);
  if (!startsAt || !endsAt || endsAt.getTime() <= startsAt.getTime())
    throw new AppError("MEETING_BAD_TIMES", "The meeting must end after it starts");
  const [host] = await tx
    .select({ id: regions.id })
    .from(regions)
    .where(and(eq(regions.id, input.hostRegionId), isNull(regions.retiredAt)));
  if (!host) throw new AppError("REGION_NOT_FOUND", "That region does not exist or is retired");
  return {
    kind: input.kind,
    titleZh: input.titleZh,
    titleEn: input.titleEn,
    descriptionZh: input.descriptionZh,
    descriptionEn: input.descriptionEn,
    hostRegionId: input.hostRegionId,
    place: input.place,
    onlineUrl: input.onlineUrl,
    startsAt,
    endsAt,
    publicPage: input.kind === "forum" && input.publicPage,
  };
}

/** A chair or admin drafts a meeting; it is theirs (and other chairs') alone until scheduled. */
export async function createMeeting(deps: Deps, user: SessionUser, input: MeetingDetailsInput) {
  return transact(deps, async (tx) => {
    const actor = await actorOf(tx, user);
    if (!mayRunMeetings(actor)) throw chairRequired();
    const row = await detailsRow(tx, input);
    const [meeting] = await tx
      .insert(meetings)
      .values({ ...row, createdById: user.id })
      .returning();
    await recordAudit(tx, {
      actorId: user.id,
      action: "meeting.create",
      targetType: "meeting",
      targetId: meeting!.id,
      after: { kind: row.kind, startsAt: row.startsAt.toISOString(), hostRegionId: row.hostRegionId },
    });
    return { meetingId: meeting!.id };
  });
}

/** Details change until the meeting starts; a stale form (version) is refused rather than overwriting. */
export async function updateMeeting(deps: Deps, user: SessionUser, input: UpdateMeetingInput) {
  return transact(deps, async (tx, emit) => {
    const { meeting } = await runnableMeeting(tx, user, input.meetingId);
    return headerOf(await editDetails(tx, emit, deps.now(), user, meeting, input));
  });
}

/**
 * The one edit path of a meeting's details (the form, and a time poll closing on a slot): only until
 * the meeting starts, only from the version the caller saw, audited. The meeting is locked by the caller.
 */
export async function editDetails(
  tx: Tx,
  emit: Emit,
  now: Date,
  user: Pick<SessionUser, "id">,
  meeting: Meeting,
  input: UpdateMeetingInput,
) {
  if (!agendaEditable(meeting.status))
    throw new AppError("AGENDA_LOCKED", "A meeting's details cannot change once it has started");
  if (meeting.version !== input.version)
    throw new AppError("MEETING_VERSION_CONFLICT", "Someone changed this meeting meanwhile; reload to see it");
  const row = await detailsRow(tx, input);
  const updated = await saveHeader(tx, emit, meeting.id, row, now);
  // A moved meeting gets reminders for its new start; the old ones find it moved and stay silent.
  if (updated.status === "scheduled") await scheduleMeetingReminders(tx, updated, now);
  await recordAudit(tx, {
    actorId: user.id,
    action: "meeting.update",
    targetType: "meeting",
    targetId: meeting.id,
    before: { startsAt: meeting.startsAt.toISOString(), endsAt: meeting.endsAt.toISOString(), place: meeting.place },
    after: { startsAt: updated.startsAt.toISOString(), endsAt: updated.endsAt.toISOString(), place: updated.place },
  });
  return updated;
}

/** Moves the meeting through its lifecycle; starting it puts the first agenda item on the floor. */
export async function transitionMeeting(deps: Deps, user: SessionUser, input: TransitionInput) {
  return transact(deps, async (tx, emit) => {
    const { meeting, actor } = await runnableMeeting(tx, user, input.meetingId);
    const result = meetingTransition(meeting.status, input.action, actor);
    if (!result.ok)
      throw new AppError(result.reason, `A meeting that is ${meeting.status} cannot ${input.action.replace("_", " ")}`);
    const now = deps.now();
    const changes: Partial<Meeting> = { status: result.to };
    if (input.action === "start") {
      const [first] = await tx
        .select({ id: agendaItems.id })
        .from(agendaItems)
        .where(eq(agendaItems.meetingId, meeting.id))
        .orderBy(asc(agendaItems.position), asc(agendaItems.id))
        .limit(1);
      changes.currentItemId = first?.id ?? null;
      changes.currentItemStartedAt = first ? now : null;
    }
    if (input.action === "end") {
      changes.currentItemId = null;
      changes.currentItemStartedAt = null;
    }
    if (input.action === "end") await closeOpenPolls(tx, emit, meeting.id, now, user.id);
    const updated = await saveHeader(tx, emit, meeting.id, changes, now, input.action);
    if (input.action === "start") await emitPresence(tx, emit, updated, now);
    if (input.action === "schedule") await noticeMeetingScheduled(tx, emit, updated, user.id, now);
    if (input.action === "approve_minutes") await sendRecordForConfirmation(tx, emit, updated, user.id, now);
    await recordAudit(tx, {
      actorId: user.id,
      action: `meeting.${input.action}`,
      targetType: "meeting",
      targetId: meeting.id,
      before: { status: meeting.status },
      after: { status: result.to },
    });
    return headerOf(updated);
  });
}

/** While in session the chair puts an item on the floor; its timer starts now, for everyone watching. */
export async function setCurrentItem(deps: Deps, user: SessionUser, input: { itemId: number }) {
  return transact(deps, async (tx, emit) => {
    const [item] = await tx.select().from(agendaItems).where(eq(agendaItems.id, input.itemId));
    if (!item) throw new AppError("NOT_FOUND", "That agenda item does not exist");
    const { meeting } = await runnableMeeting(tx, user, item.meetingId);
    if (meeting.status !== "in_session") throw new AppError("MEETING_NOT_IN_SESSION", "The meeting is not in session");
    const updated = await saveHeader(
      tx,
      emit,
      meeting.id,
      { currentItemId: item.id, currentItemStartedAt: deps.now() },
      deps.now(),
    );
    return headerOf(updated);
  });
}

/** The host the form suggests: the active region that hosted least recently. */
export async function suggestedHost(deps: Pick<ServiceDeps, "db">) {
  const active = await deps.db.select({ id: regions.id }).from(regions).where(isNull(regions.retiredAt));
  return {
    regionId: suggestHostRegion(
      active.map((r) => r.id),
      await lastHosted(deps.db),
    ),
  };
}

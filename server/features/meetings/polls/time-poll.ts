import { chinaDay } from "@/server/domain/china-time";
import { and, asc, eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { meetingPollAnswers, meetingPollSlots, meetingTimePolls, type Meeting } from "@/db/schema";
import type { SessionUser } from "../../../infra/auth/session";
import { streamKey } from "../../../domain/stream-access";
import { AppError } from "../../../errors";
import { recordAudit } from "../../../infra/audit";
import type { ServiceDeps } from "../../../infra/deps";
import { transact, type Emit } from "../../../infra/transact";
import type {
  AnswerTimePollInput,
  CloseTimePollInput,
  CreateTimePollInput,
  MyPollAnswers,
  TimePollView,
} from "../contract";
import { calendarOf } from "./holidays";
import { editDetails } from "../manage-meeting";
import { headerOf, readableMeeting, runnableMeeting } from "../meeting-state";
import { agendaEditable, fromChinaLocal, mayTakePart, toChinaLocal } from "../rules";
import { rankSlots, tallyAnswers } from "./time-poll-rules";

/**
 * A meeting's time poll (Loomio-style): the chair offers 2–12 slots while the agenda is editable,
 * those who may take part answer yes / if need be / no per slot until the chair closes the poll on
 * a slot, which becomes the meeting's time through the meeting's one edit path.
 */

type Deps = Pick<ServiceDeps, "db" | "publisher" | "now">;
type Reader = Db | Tx;

/** The poll with its tallies, ranked with the holiday calendar as it stands now; null if none. */
export async function pollOf(db: Reader, meetingId: number): Promise<TimePollView | null> {
  const [poll] = await db.select().from(meetingTimePolls).where(eq(meetingTimePolls.meetingId, meetingId));
  if (!poll) return null;
  const slots = await db
    .select()
    .from(meetingPollSlots)
    .where(eq(meetingPollSlots.meetingId, meetingId))
    .orderBy(asc(meetingPollSlots.startsAt));
  const answers = await db
    .select({
      slotId: meetingPollAnswers.slotId,
      accountId: meetingPollAnswers.accountId,
      answer: meetingPollAnswers.answer,
    })
    .from(meetingPollAnswers)
    .innerJoin(meetingPollSlots, eq(meetingPollSlots.id, meetingPollAnswers.slotId))
    .where(eq(meetingPollSlots.meetingId, meetingId));
  const calendar = await calendarOf(
    db,
    slots.map((s) => chinaDay(s.startsAt)),
  );
  const ranked = rankSlots(
    slots,
    tallyAnswers(
      slots.map((s) => s.id),
      answers,
    ),
    calendar,
  );
  return {
    meetingId,
    open: poll.closedAt === null,
    chosenSlotId: poll.chosenSlotId,
    respondents: new Set(answers.map((a) => a.accountId)).size,
    slots: ranked.map((s) => ({
      id: s.id,
      startsAt: s.startsAt.toISOString(),
      endsAt: s.endsAt.toISOString(),
      tally: s.tally,
      day: s.day,
      rank: s.rank,
    })),
  };
}

/** The caller's own answers, by slot. */
export async function myPollAnswers(db: Reader, meetingId: number, accountId: number): Promise<MyPollAnswers> {
  const rows = await db
    .select({ slotId: meetingPollAnswers.slotId, answer: meetingPollAnswers.answer })
    .from(meetingPollAnswers)
    .innerJoin(meetingPollSlots, eq(meetingPollSlots.id, meetingPollAnswers.slotId))
    .where(and(eq(meetingPollSlots.meetingId, meetingId), eq(meetingPollAnswers.accountId, accountId)));
  return Object.fromEntries(rows.map((r) => [r.slotId, r.answer]));
}

async function emitPoll(tx: Tx, emit: Emit, meetingId: number): Promise<TimePollView> {
  const poll = await pollOf(tx, meetingId);
  if (!poll) throw new AppError("TIME_POLL_MISSING", "This meeting has no time poll");
  await emit(streamKey({ kind: "meeting", id: meetingId }), "meeting:time-poll-changed", { meetingId, poll });
  return poll;
}

/** The open poll of a locked meeting and its slots; refuses a missing or closed poll. */
async function openPoll(tx: Tx, meetingId: number) {
  const [poll] = await tx.select().from(meetingTimePolls).where(eq(meetingTimePolls.meetingId, meetingId));
  if (!poll) throw new AppError("TIME_POLL_MISSING", "This meeting has no time poll");
  if (poll.closedAt) throw new AppError("TIME_POLL_CLOSED", "The time poll is closed");
  const slots = await tx.select().from(meetingPollSlots).where(eq(meetingPollSlots.meetingId, meetingId));
  return { poll, slots };
}

/** The chair (or an admin) offers candidate slots while the meeting's details may still change. */
export async function createTimePoll(deps: Deps, user: SessionUser, input: CreateTimePollInput) {
  return transact(deps, async (tx, emit) => {
    const { meeting } = await runnableMeeting(tx, user, input.meetingId);
    if (!agendaEditable(meeting.status))
      throw new AppError("AGENDA_LOCKED", "A meeting's time cannot be polled once it has started");
    const [existing] = await tx
      .select({ meetingId: meetingTimePolls.meetingId })
      .from(meetingTimePolls)
      .where(eq(meetingTimePolls.meetingId, meeting.id));
    if (existing) throw new AppError("TIME_POLL_EXISTS", "This meeting already has a time poll");
    const slots = input.slots.map((slot) => ({
      startsAt: fromChinaLocal(slot.startsAt),
      endsAt: fromChinaLocal(slot.endsAt),
    }));
    if (slots.some((s) => !s.startsAt || !s.endsAt || s.endsAt <= s.startsAt))
      throw new AppError("MEETING_BAD_TIMES", "Every slot must end after it starts");
    await tx.insert(meetingTimePolls).values({ meetingId: meeting.id, createdById: user.id, createdAt: deps.now() });
    await tx
      .insert(meetingPollSlots)
      .values(slots.map((s) => ({ meetingId: meeting.id, startsAt: s.startsAt!, endsAt: s.endsAt! })));
    await recordAudit(tx, {
      actorId: user.id,
      action: "meeting.poll_create",
      targetType: "meeting",
      targetId: meeting.id,
      after: { slots: slots.map((s) => s.startsAt!.toISOString()) },
    });
    return emitPoll(tx, emit, meeting.id);
  });
}

/**
 * Those who may see the meeting and may take part in it answer per slot; an answer replaces the
 * caller's previous one for that slot, until the poll closes.
 */
export async function answerTimePoll(deps: Deps, user: SessionUser, input: AnswerTimePollInput) {
  return transact(deps, async (tx, emit) => {
    const { meeting, actor } = await readableMeeting(tx, user, input.meetingId, true);
    if (!actor || !mayTakePart(meeting.kind, actor.role))
      throw new AppError("MEETING_NOT_FOR_ROLE", "This meeting's time poll is for those who may attend it");
    if (!agendaEditable(meeting.status))
      throw new AppError("AGENDA_LOCKED", "The meeting has started or was cancelled: its time is no longer polled");
    const { slots } = await openPoll(tx, meeting.id);
    const ids = new Set(slots.map((s) => s.id));
    if (input.answers.some((a) => !ids.has(a.slotId)))
      throw new AppError("TIME_POLL_SLOT_UNKNOWN", "That slot is not part of this poll");
    for (const { slotId, answer } of input.answers)
      await tx
        .insert(meetingPollAnswers)
        .values({ slotId, accountId: actor.id, regionId: actor.regionId, answer, updatedAt: deps.now() })
        .onConflictDoUpdate({
          target: [meetingPollAnswers.slotId, meetingPollAnswers.accountId],
          set: { answer, updatedAt: deps.now() },
        });
    const poll = await emitPoll(tx, emit, meeting.id);
    return { poll, mine: await myPollAnswers(tx, meeting.id, actor.id) };
  });
}

/** The meeting's details as the edit form sends them (the header has them all), at another time. */
const detailsAt = (meeting: Meeting, startsAt: Date, endsAt: Date, version: number) => ({
  ...headerOf(meeting),
  meetingId: meeting.id,
  version,
  startsAt: toChinaLocal(startsAt),
  endsAt: toChinaLocal(endsAt),
});

/**
 * The chair closes the poll by choosing a slot: the meeting takes its time through the edit path
 * (agenda still editable, the version the chair saw, audited), and the poll stops taking answers.
 */
export async function closeTimePoll(deps: Deps, user: SessionUser, input: CloseTimePollInput) {
  return transact(deps, async (tx, emit) => {
    const { meeting } = await runnableMeeting(tx, user, input.meetingId);
    const { slots } = await openPoll(tx, meeting.id);
    const slot = slots.find((s) => s.id === input.slotId);
    if (!slot) throw new AppError("TIME_POLL_SLOT_UNKNOWN", "That slot is not part of this poll");
    const now = deps.now();
    const updated = await editDetails(
      tx,
      emit,
      now,
      user,
      meeting,
      detailsAt(meeting, slot.startsAt, slot.endsAt, input.version),
    );
    await tx
      .update(meetingTimePolls)
      .set({ closedAt: now, chosenSlotId: slot.id })
      .where(eq(meetingTimePolls.meetingId, meeting.id));
    await recordAudit(tx, {
      actorId: user.id,
      action: "meeting.poll_close",
      targetType: "meeting",
      targetId: meeting.id,
      after: { slotId: slot.id, startsAt: slot.startsAt.toISOString(), endsAt: slot.endsAt.toISOString() },
    });
    return { meeting: headerOf(updated), poll: await emitPoll(tx, emit, meeting.id) };
  });
}

/** Read for the meeting page, both parts through the meeting's visibility rule (the caller checked it). */
export async function pollForViewer(db: Db, meetingId: number, accountId: number | null) {
  const poll = await pollOf(db, meetingId);
  return { poll, mine: poll && accountId !== null ? await myPollAnswers(db, meetingId, accountId) : {} };
}

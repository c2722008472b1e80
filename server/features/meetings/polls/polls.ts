import { and, asc, eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { agendaItems, meetingPolls, meetingPollVotes, meetingRegistrations, type MeetingPoll } from "@/db/schema";
import type { PollAnswer, PollTally } from "@/shared/meeting-polls";
import type { SessionUser } from "../../../infra/auth/session";
import { streamKey } from "../../../domain/stream-access";
import { AppError } from "../../../errors";
import { recordAudit } from "../../../infra/audit";
import type { ServiceDeps } from "../../../infra/deps";
import { transact, type Emit } from "../../../infra/transact";
import type { OpenPollInput, PollView } from "../contract";
import { readableMeeting, registeredRegion, runnableMeeting } from "../meeting-state";
import { answerProblem, tallyPoll, type PollShape } from "./poll-rules";

/**
 * Quick polls during a session (#18.4): the chair opens and closes them, registrants vote (a delegate
 * for their region), and every vote's new tally goes out on the meeting's stream once it has committed.
 */

type Deps = Pick<ServiceDeps, "db" | "publisher" | "now">;
type Reader = Db | Tx;

const notInSession = () => new AppError("MEETING_NOT_IN_SESSION", "Polls run only while the meeting is in session");
const pollClosed = () => new AppError("POLL_CLOSED", "This poll is closed");
const stream = (meetingId: number) => streamKey({ kind: "meeting", id: meetingId });

const shapeOf = (poll: MeetingPoll): PollShape => ({
  kind: poll.kind,
  rule: poll.rule,
  optionCount: poll.options.length,
  dotsPerVoter: poll.dotsPerVoter,
});

/** The regions of the meeting's registrants: the electorate every region-wise rule counts over. */
async function registrantRegions(db: Reader, meetingId: number): Promise<number[]> {
  const rows = await db
    .selectDistinct({ regionId: meetingRegistrations.regionId })
    .from(meetingRegistrations)
    .where(eq(meetingRegistrations.meetingId, meetingId));
  return rows.map((r) => r.regionId);
}

async function liveTally(db: Reader, poll: MeetingPoll): Promise<PollTally> {
  const votes = await db
    .select({ regionId: meetingPollVotes.regionId, answer: meetingPollVotes.answer })
    .from(meetingPollVotes)
    .where(eq(meetingPollVotes.pollId, poll.id));
  return tallyPoll(shapeOf(poll), await registrantRegions(db, poll.meetingId), votes);
}

function viewOf(poll: MeetingPoll, tally: PollTally): PollView {
  return {
    id: poll.id,
    meetingId: poll.meetingId,
    itemId: poll.itemId,
    kind: poll.kind,
    questionZh: poll.questionZh,
    questionEn: poll.questionEn,
    options: poll.options,
    dotsPerVoter: poll.dotsPerVoter,
    rule: poll.rule,
    status: poll.status,
    openedAt: poll.openedAt.toISOString(),
    closedAt: poll.closedAt?.toISOString() ?? null,
    tally,
  };
}

/** A meeting's polls, earliest first: closed ones with their stored result, open ones tallied now. */
export async function pollsOf(db: Reader, meetingId: number): Promise<PollView[]> {
  const polls = await db
    .select()
    .from(meetingPolls)
    .where(eq(meetingPolls.meetingId, meetingId))
    .orderBy(asc(meetingPolls.id));
  // One after another: inside a transaction (or a snapshot read) there is one connection to share.
  const views: PollView[] = [];
  for (const poll of polls) views.push(viewOf(poll, poll.result ?? (await liveTally(db, poll))));
  return views;
}

/** The caller's own answers to the meeting's polls, by poll id, so the form shows what they chose. */
export async function myPollAnswers(db: Reader, meetingId: number, accountId: number) {
  const rows = await db
    .select({ pollId: meetingPollVotes.pollId, answer: meetingPollVotes.answer })
    .from(meetingPollVotes)
    .innerJoin(meetingPolls, eq(meetingPolls.id, meetingPollVotes.pollId))
    .where(and(eq(meetingPolls.meetingId, meetingId), eq(meetingPollVotes.accountId, accountId)));
  return Object.fromEntries(rows.map((r) => [r.pollId, r.answer])) as Record<number, PollAnswer>;
}

/** The chair opens a poll, on the current item unless another of the meeting's items is named. */
export async function openPoll(deps: Deps, user: SessionUser, input: OpenPollInput) {
  return transact(deps, async (tx, emit) => {
    const { meeting, actor } = await runnableMeeting(tx, user, input.meetingId);
    if (meeting.status !== "in_session") throw notInSession();
    const itemId = input.itemId ?? meeting.currentItemId;
    if (itemId !== null) {
      const [item] = await tx
        .select({ id: agendaItems.id })
        .from(agendaItems)
        .where(and(eq(agendaItems.id, itemId), eq(agendaItems.meetingId, meeting.id)));
      if (!item) throw new AppError("BAD_AGENDA_LINK", "That item is not on this meeting's agenda");
    }
    const [poll] = await tx
      .insert(meetingPolls)
      .values({
        meetingId: meeting.id,
        itemId,
        kind: input.kind,
        questionZh: input.questionZh,
        questionEn: input.questionEn,
        options: input.options,
        dotsPerVoter: input.dotsPerVoter,
        rule: input.rule,
        openedById: actor.id,
        openedAt: deps.now(),
      })
      .returning();
    await recordAudit(tx, {
      actorId: user.id,
      action: "meeting.poll_open",
      targetType: "meeting",
      targetId: meeting.id,
      after: { pollId: poll!.id, kind: input.kind, rule: input.rule, questionEn: input.questionEn },
    });
    const view = viewOf(poll!, await liveTally(tx, poll!));
    await emit(stream(meeting.id), "meeting:poll-opened", { meetingId: meeting.id, poll: view });
    return { pollId: poll!.id, poll: view };
  });
}

/** The poll, locked so that votes on it are counted one after another and each event's tally is whole. */
async function lockedPoll(tx: Tx, pollId: number) {
  const [poll] = await tx.select().from(meetingPolls).where(eq(meetingPolls.id, pollId)).for("update");
  return poll;
}

async function pollMeetingId(tx: Tx, pollId: number) {
  const [row] = await tx
    .select({ meetingId: meetingPolls.meetingId })
    .from(meetingPolls)
    .where(eq(meetingPolls.id, pollId));
  if (!row) throw new AppError("NOT_FOUND", "That poll does not exist");
  return row.meetingId;
}

/** A registrant votes, or changes their vote, while the poll is open; it counts for their registration's region. */
export async function votePoll(deps: Deps, user: SessionUser, input: { pollId: number; answer: PollAnswer }) {
  return transact(deps, async (tx, emit) => {
    const { meeting, actor } = await readableMeeting(tx, user, await pollMeetingId(tx, input.pollId));
    const poll = (await lockedPoll(tx, input.pollId))!;
    if (poll.status !== "open") throw pollClosed();
    if (meeting.status !== "in_session") throw notInSession();
    const regionId = await registeredRegion(tx, meeting.id, actor!.id, "Register for the meeting to vote in its polls");
    const problem = answerProblem(shapeOf(poll), input.answer);
    if (problem) throw new AppError("POLL_BAD_ANSWER", `That answer does not fit this poll (${problem})`);
    await tx
      .insert(meetingPollVotes)
      .values({ pollId: poll.id, accountId: actor!.id, regionId, answer: input.answer })
      .onConflictDoUpdate({
        target: [meetingPollVotes.pollId, meetingPollVotes.accountId],
        set: { answer: input.answer, regionId, votedAt: deps.now() },
      });
    const tally = await liveTally(tx, poll);
    await emit(stream(meeting.id), "meeting:poll-tallied", { meetingId: meeting.id, pollId: poll.id, tally });
    return { tally, answer: input.answer };
  });
}

/** The chair closes a poll during the session: its tally is stored as the result and no vote changes after. */
export async function closePoll(deps: Deps, user: SessionUser, input: { pollId: number }) {
  return transact(deps, async (tx, emit) => {
    const { meeting } = await runnableMeeting(tx, user, await pollMeetingId(tx, input.pollId));
    const poll = (await lockedPoll(tx, input.pollId))!;
    if (poll.status !== "open") throw pollClosed();
    if (meeting.status !== "in_session") throw notInSession();
    return { poll: await storeResult(tx, emit, poll, deps.now(), user.id) };
  });
}

/** When the session ends, its polls still open close with it (the meeting is locked by the caller). */
export async function closeOpenPolls(tx: Tx, emit: Emit, meetingId: number, now: Date, actorId: number) {
  const open = await tx
    .select()
    .from(meetingPolls)
    .where(and(eq(meetingPolls.meetingId, meetingId), eq(meetingPolls.status, "open")))
    .orderBy(asc(meetingPolls.id))
    .for("update");
  for (const poll of open) await storeResult(tx, emit, poll, now, actorId);
}

async function storeResult(tx: Tx, emit: Emit, poll: MeetingPoll, now: Date, actorId: number) {
  const result = await liveTally(tx, poll);
  const [closed] = await tx
    .update(meetingPolls)
    .set({ status: "closed", closedAt: now, result })
    .where(eq(meetingPolls.id, poll.id))
    .returning();
  await recordAudit(tx, {
    actorId,
    action: "meeting.poll_close",
    targetType: "meeting",
    targetId: poll.meetingId,
    after: { pollId: poll.id, voters: result.overall.voters, passes: result.verdict?.passes ?? null },
  });
  const view = viewOf(closed!, result);
  await emit(stream(poll.meetingId), "meeting:poll-closed", { meetingId: poll.meetingId, poll: view });
  return view;
}

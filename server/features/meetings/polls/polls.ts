import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { agendaItems, meetingPolls, meetingPollVotes, meetingRegistrations, type MeetingPoll } from "@/db/schema";
import type { PollAnswer, PollTally } from "@/shared/meeting-polls";
import type { SessionUser } from "../../../infra/auth/session";
import { streamKey } from "../../../domain/stream-access";
import { AppError } from "../../../errors";
import { recordAudit } from "../../../infra/audit";
import type { ServiceDeps } from "../../../infra/deps";
import { GroupCommitter, type Settled } from "../../../infra/group-commit";
import { transact, type Emit } from "../../../infra/transact";
import type { OpenPollInput, PollView } from "../contract";
import { actorsOf, loadMeeting, readableMeeting, registeredRegion, runnableMeeting } from "../meeting-state";
import { meetingVisibleTo } from "../rules";
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

export interface VotePollInput {
  pollId: number;
  answer: PollAnswer;
}
export interface VotePollOutcome {
  tally: PollTally;
  answer: PollAnswer;
}

/** A registrant votes, or changes their vote, while the poll is open; it counts for their registration's region. */
export async function votePollAlone(deps: Deps, user: SessionUser, input: VotePollInput): Promise<VotePollOutcome> {
  return transact(deps, async (tx, emit) => {
    const { meeting, actor } = await readableMeeting(tx, user, await pollMeetingId(tx, input.pollId));
    const poll = (await lockedPoll(tx, input.pollId))!;
    if (poll.status !== "open") throw pollClosed();
    if (meeting.status !== "in_session") throw notInSession();
    const regionId = await registeredRegion(tx, meeting.id, actor!.id, notRegisteredWhy);
    const problem = answerProblem(shapeOf(poll), input.answer);
    if (problem) throw badAnswer(problem);
    await upsertVotes(tx, poll.id, [{ accountId: actor!.id, regionId, answer: input.answer }], deps.now());
    const tally = await liveTally(tx, poll);
    await emit(stream(meeting.id), "meeting:poll-tallied", { meetingId: meeting.id, pollId: poll.id, tally });
    return { tally, answer: input.answer };
  });
}

const notRegisteredWhy = "Register for the meeting to vote in its polls";
const badAnswer = (problem: string) =>
  new AppError("POLL_BAD_ANSWER", `That answer does not fit this poll (${problem})`);

/** One row per voter (keys distinct): a changed vote replaces the old one. */
async function upsertVotes(
  tx: Tx,
  pollId: number,
  rows: ReadonlyArray<{ accountId: number; regionId: number; answer: PollAnswer }>,
  now: Date,
) {
  await tx
    .insert(meetingPollVotes)
    .values(rows.map((row) => ({ pollId, ...row })))
    .onConflictDoUpdate({
      target: [meetingPollVotes.pollId, meetingPollVotes.accountId],
      set: { answer: sql`excluded.answer`, regionId: sql`excluded.region_id`, votedAt: now },
    });
}

interface QueuedPollVote {
  deps: Deps;
  user: SessionUser;
  input: VotePollInput;
}

/**
 * Votes on one poll are group-committed (infra/group-commit.ts), as ballot votes are: each vote used
 * to be a transaction of its own, queued on the poll's row lock while holding a pool connection, so
 * 50 votes in flight held every connection and everything else on the server waited behind them.
 * One committer per database (per process; tests each have their own).
 */
const committers = new WeakMap<Db, GroupCommitter<number, QueuedPollVote, VotePollOutcome>>();

export function pollVoteCommitter(db: Db): GroupCommitter<number, QueuedPollVote, VotePollOutcome> {
  let committer = committers.get(db);
  if (!committer) committers.set(db, (committer = new GroupCommitter(votePollBatch)));
  return committer;
}

/** Joins the poll's next batch; answered once that batch has committed, with the tally it committed. */
export function votePoll(deps: Deps, user: SessionUser, input: VotePollInput): Promise<VotePollOutcome> {
  return pollVoteCommitter(deps.db).submit(input.pollId, { deps, user, input });
}

const ok = (value: VotePollOutcome): Settled<VotePollOutcome> => ({ ok: true, value });
const failed = (error: unknown): Settled<VotePollOutcome> => ({ ok: false, error });

/**
 * One batch of votes on one poll, in one transaction: each vote is checked on its own (a bad one fails
 * alone, with the reason it would have had alone), the valid ones apply in arrival order (the same
 * voter's last vote wins), are written with one upsert, and one tally event carries the committed
 * tally, which every vote of the batch is answered with. Should the transaction fail for another
 * reason, each vote is retried in a transaction of its own.
 */
async function votePollBatch(pollId: number, items: readonly QueuedPollVote[]): Promise<Settled<VotePollOutcome>[]> {
  const deps = items[0]!.deps;
  if (items.length === 1) return [await votePollAlone(deps, items[0]!.user, items[0]!.input).then(ok, failed)];
  try {
    return await transact(deps, (tx, emit) => writePollVotes(tx, emit, deps.now(), pollId, items));
  } catch (error) {
    if (error instanceof AppError) throw error; // the poll's own refusal (it does not exist): every vote gets it
    const settled: Settled<VotePollOutcome>[] = [];
    for (const item of items) settled.push(await votePollAlone(item.deps, item.user, item.input).then(ok, failed));
    return settled;
  }
}

async function writePollVotes(tx: Tx, emit: Emit, now: Date, pollId: number, items: readonly QueuedPollVote[]) {
  const meetingId = await pollMeetingId(tx, pollId);
  const meeting = (await loadMeeting(tx, meetingId))!;
  const actors = new Map((await actorsOf(tx, [...new Set(items.map((i) => i.user.id))])).map((a) => [a.id, a]));
  const poll = (await lockedPoll(tx, pollId))!;
  const registered = new Map(
    (
      await tx
        .select({ accountId: meetingRegistrations.accountId, regionId: meetingRegistrations.regionId })
        .from(meetingRegistrations)
        .where(
          and(
            eq(meetingRegistrations.meetingId, meetingId),
            inArray(meetingRegistrations.accountId, [...actors.keys()]),
          ),
        )
    ).map((r) => [r.accountId, r.regionId]),
  );
  // Each vote's refusal, in the order votePollAlone would find it: an unseen meeting first, so the
  // poll's state does not leak to someone who may not see it.
  const refusal = (item: QueuedPollVote): AppError | null => {
    const actor = actors.get(item.user.id) ?? null;
    if (!meetingVisibleTo(meeting, actor)) return new AppError("NOT_FOUND", "That meeting does not exist");
    if (poll.status !== "open") return pollClosed();
    if (meeting.status !== "in_session") return notInSession();
    if (!registered.has(item.user.id)) return new AppError("NOT_REGISTERED", notRegisteredWhy);
    const problem = answerProblem(shapeOf(poll), item.input.answer);
    return problem ? badAnswer(problem) : null;
  };
  const refusals = items.map(refusal);
  // In arrival order, so the same voter's later vote replaces the earlier one.
  const last = new Map<number, { accountId: number; regionId: number; answer: PollAnswer }>();
  items.forEach((item, i) => {
    if (refusals[i]) return;
    const accountId = item.user.id;
    last.set(accountId, { accountId, regionId: registered.get(accountId)!, answer: item.input.answer });
  });
  if (last.size === 0) return refusals.map((error) => failed(error));
  await upsertVotes(tx, poll.id, [...last.values()], now);
  const tally = await liveTally(tx, poll);
  await emit(stream(meetingId), "meeting:poll-tallied", { meetingId, pollId: poll.id, tally });
  return items.map((item, i) => (refusals[i] ? failed(refusals[i]) : ok({ tally, answer: item.input.answer })));
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

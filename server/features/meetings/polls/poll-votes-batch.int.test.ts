import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { meetingPollVotes } from "@/db/schema";
import type { PollAnswer } from "@/shared/meeting-polls";
import { AppError } from "../../../errors";
import { freshRegions, insertAccounts, makeChair } from "../../../testing/ballots";
import { createTestAccount, type TestAccount } from "../../../testing/fixtures";
import { meetingTestBench } from "../../../testing/meetings";
import { pollVoteCommitter, votePoll, votePollAlone, type VotePollOutcome } from "./polls";

// Group commit of quick-poll votes (polls.ts): votes on one poll submitted together share one
// transaction and must come out as if each had been its own, one after the other, in arrival order.

const bench = meetingTestBench();
const { as, hours } = bench;
const deps = () => bench.services().deps;

/** A coordination meeting in session with `perRegion` registered members in each of two regions. */
async function inSession(perRegion: number) {
  const db = deps().db;
  const [a, b] = await freshRegions(db, 2);
  const [chair, unregistered] = await insertAccounts(db, a!.id, 2);
  await makeChair(db, chair!);
  const members = [...(await insertAccounts(db, a!.id, perRegion)), ...(await insertAccounts(db, b!.id, perRegion))];
  const researcher = await createTestAccount(db, { role: "researcher", regionCode: a!.code });
  const { meetingId } = await as(chair!).meetings.create({
    kind: "coordination",
    titleZh: "批量表决会议",
    titleEn: "Batched poll meeting",
    hostRegionId: a!.id,
    startsAt: hours(1),
    endsAt: hours(3),
  });
  await as(chair!).meetings.transition({ meetingId, action: "schedule" });
  for (const member of members) await as(member).meetings.register({ meetingId, mode: "in_person" });
  await as(chair!).meetings.transition({ meetingId, action: "start" });
  const open = async (kind: "yes_no" | "score" = "yes_no") =>
    (
      await as(chair!).meetings.openPoll({
        meetingId,
        kind,
        questionZh: "是否同意共建联合实验室？",
        questionEn: "Do we set up a joint laboratory?",
        rule: "simple_majority",
      })
    ).pollId;
  return { meetingId, chair: chair!, unregistered: unregistered!, members, researcher, open };
}

/** Votes submitted in one turn of the event loop join one batch; this proves they did. */
async function inOneBatch(submit: () => Array<Promise<VotePollOutcome>>) {
  const stats = pollVoteCommitter(deps().db).stats;
  const before = { ...stats };
  const promises = submit();
  const settled = await Promise.allSettled(promises);
  expect(stats.batches - before.batches).toBe(1);
  expect(stats.items - before.items).toBe(promises.length);
  return settled;
}

const yesNo = (choice: "yes" | "no" | "abstain"): PollAnswer => ({ kind: "yes_no", choice });
const reasonOf = (result: PromiseSettledResult<unknown>) =>
  result.status === "rejected" && result.reason instanceof AppError ? result.reason.reason : result.status;

async function storedAnswer(pollId: number, who: TestAccount) {
  const [row] = await deps()
    .db.select({ answer: meetingPollVotes.answer })
    .from(meetingPollVotes)
    .where(and(eq(meetingPollVotes.pollId, pollId), eq(meetingPollVotes.accountId, who.account.id)));
  return row?.answer;
}

const tallyEvents = (pollId: number) =>
  deps().publisher.published.filter(
    (e) => e.type === "meeting:poll-tallied" && (e.payload as { pollId: number }).pollId === pollId,
  );

describe(`quick-poll votes group commit (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("[POLL] the same voter's votes racing in one batch apply in arrival order: the last one counts, each answer is its own, the event carries the committed tally", async () => {
    const { meetingId, members, chair, open } = await inSession(2);
    const pollId = await open();
    const [racer, other] = members;
    const settled = await inOneBatch(() => [
      votePoll(deps(), racer!.user, { pollId, answer: yesNo("yes") }),
      votePoll(deps(), other!.user, { pollId, answer: yesNo("no") }),
      votePoll(deps(), racer!.user, { pollId, answer: yesNo("no") }),
      votePoll(deps(), racer!.user, { pollId, answer: yesNo("abstain") }),
    ]);
    const values = settled.map((s) => (s.status === "fulfilled" ? s.value : null));
    expect(values.map((v) => v?.answer)).toEqual([yesNo("yes"), yesNo("no"), yesNo("no"), yesNo("abstain")]);
    expect(await storedAnswer(pollId, racer!)).toEqual(yesNo("abstain"));
    // yes, no, abstain: the racer's abstention and the other's no; the racer is counted once.
    const committed = (await as(chair).meetings.get({ meetingId })).polls.find((p) => p.id === pollId)!.tally;
    expect(committed.overall).toEqual({ voters: 2, values: [0, 1, 1] });
    for (const value of values) expect(value?.tally).toEqual(committed);
    const events = tallyEvents(pollId);
    expect(events).toHaveLength(1);
    expect(events[0]!.payload).toEqual({ meetingId, pollId, tally: committed });
  });

  it("[POLL] a batch with invalid votes: each fails alone with the reason it would have had alone, the rest commit", async () => {
    const { meetingId, members, unregistered, researcher, chair, open } = await inSession(2);
    const pollId = await open();
    const [first, second, third] = members;
    const settled = await inOneBatch(() => [
      votePoll(deps(), first!.user, { pollId, answer: yesNo("yes") }),
      votePoll(deps(), unregistered.user, { pollId, answer: yesNo("no") }),
      votePoll(deps(), researcher.user, { pollId, answer: yesNo("no") }),
      votePoll(deps(), second!.user, { pollId, answer: { kind: "score", score: 3 } }),
      votePoll(deps(), third!.user, { pollId, answer: yesNo("no") }),
    ]);
    expect(settled.map(reasonOf)).toEqual(["fulfilled", "NOT_REGISTERED", "NOT_FOUND", "POLL_BAD_ANSWER", "fulfilled"]);
    const committed = (await as(chair).meetings.get({ meetingId })).polls.find((p) => p.id === pollId)!.tally;
    expect(committed.overall).toEqual({ voters: 2, values: [1, 1, 0] });
    expect(await storedAnswer(pollId, second!)).toBeUndefined();

    // A batch of only refused votes writes nothing and tells no one.
    const before = tallyEvents(pollId).length;
    const refused = await inOneBatch(() => [
      votePoll(deps(), unregistered.user, { pollId, answer: yesNo("no") }),
      votePoll(deps(), second!.user, { pollId, answer: { kind: "score", score: 3 } }),
    ]);
    expect(refused.map(reasonOf)).toEqual(["NOT_REGISTERED", "POLL_BAD_ANSWER"]);
    expect(tallyEvents(pollId)).toHaveLength(before);

    // Once closed, a batch is refused whole, but someone who may not see the meeting still learns nothing.
    await as(chair).meetings.closePoll({ pollId });
    const late = await inOneBatch(() => [
      votePoll(deps(), second!.user, { pollId, answer: yesNo("yes") }),
      votePoll(deps(), researcher.user, { pollId, answer: yesNo("yes") }),
      votePoll(deps(), third!.user, { pollId, answer: yesNo("yes") }),
    ]);
    expect(late.map(reasonOf)).toEqual(["POLL_CLOSED", "NOT_FOUND", "POLL_CLOSED"]);
  });

  it("[POLL] a storm of batched votes ends where the same votes one transaction each would", async () => {
    const { meetingId, members, chair, open } = await inSession(12);
    const [grouped, alone] = [await open(), await open()];
    // A fixed pseudo-random sequence with repeats: voters change their minds, some several times.
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    const choices = ["yes", "no", "abstain"] as const;
    const sequence = Array.from({ length: 150 }, () => ({
      who: members[next() % members.length]!,
      answer: yesNo(choices[next() % 3]!),
    }));

    const stats = pollVoteCommitter(deps().db).stats;
    const before = stats.batches;
    const answers = await Promise.all(
      sequence.map((v) => votePoll(deps(), v.who.user, { pollId: grouped, answer: v.answer })),
    );
    // Grouped: 150 votes in few transactions (batches of up to 64, one after another).
    expect(stats.batches - before).toBeLessThanOrEqual(5);
    for (const v of sequence) await votePollAlone(deps(), v.who.user, { pollId: alone, answer: v.answer });

    expect(answers.map((a) => a.answer)).toEqual(sequence.map((v) => v.answer));
    const polls = (await as(chair).meetings.get({ meetingId })).polls;
    const tallyOf = (id: number) => polls.find((p) => p.id === id)!.tally;
    expect(tallyOf(grouped)).toEqual(tallyOf(alone));
    expect(tallyOf(grouped).overall.voters).toBe(new Set(sequence.map((v) => v.who.account.id)).size);
    for (const member of members)
      expect(await storedAnswer(grouped, member)).toEqual(await storedAnswer(alone, member));
    // The last batch's event carries the final tally, as the last one-by-one event does.
    expect(tallyEvents(grouped).at(-1)!.payload).toEqual({ meetingId, pollId: grouped, tally: tallyOf(grouped) });
    expect(tallyEvents(alone).at(-1)!.payload).toEqual({ meetingId, pollId: alone, tally: tallyOf(alone) });
  });
});

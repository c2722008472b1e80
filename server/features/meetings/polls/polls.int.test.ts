import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { auditEntries } from "@/db/schema";
import { freshRegions, insertAccounts, makeChair } from "../../../testing/ballots";
import {
  callerFor,
  createTestAccount,
  createTestClock,
  createTestServices,
  type TestServices,
} from "../../../testing/fixtures";
import { callFailure } from "../../../testing/trpc-errors";
import { toChinaLocal } from "../rules";

/** Quick polls in a session through the procedures: who may vote, the tally per region, the rules, the events. */
const clock = createTestClock();
let services: TestServices;

beforeAll(async () => {
  services = await createTestServices({ now: clock.now });
});
afterAll(async () => {
  await services?.close();
});

const as = (who: { user: Parameters<typeof callerFor>[1] }) => callerFor(services.deps, who.user);
const hours = (h: number) => toChinaLocal(new Date(clock.now().getTime() + h * 3_600_000));

/** A coordination meeting in session: memberA (region a) in person, memberB (region b) by a delegate. */
async function session() {
  const [a, b] = await freshRegions(services.deps.db, 2);
  const [chair, memberA] = await insertAccounts(services.deps.db, a!.id, 2);
  const [memberB, absentB] = await insertAccounts(services.deps.db, b!.id, 2);
  await makeChair(services.deps.db, chair!);
  const researcher = await createTestAccount(services.deps.db, { role: "researcher", regionCode: a!.code });
  const { meetingId } = await as(chair!).meetings.create({
    kind: "coordination",
    titleZh: "快速表决会议",
    titleEn: "Quick poll meeting",
    hostRegionId: a!.id,
    startsAt: hours(1),
    endsAt: hours(3),
  });
  await as(chair!).meetings.transition({ meetingId, action: "schedule" });
  await as(memberA!).meetings.register({ meetingId, mode: "in_person" });
  await as(memberB!).meetings.register({ meetingId, mode: "delegate", delegateName: "王敏" });
  return {
    a: a!,
    b: b!,
    chair: chair!,
    memberA: memberA!,
    memberB: memberB!,
    absentB: absentB!,
    researcher,
    meetingId,
  };
}

const yesNo = (meetingId: number, rule: "simple_majority" | "double_majority" | "regional_consent") => ({
  meetingId,
  kind: "yes_no" as const,
  questionZh: "是否同意共建联合实验室？",
  questionEn: "Do we set up a joint laboratory?",
  rule,
});
const options = [
  { zh: "上海", en: "Shanghai" },
  { zh: "杭州", en: "Hangzhou" },
  { zh: "合肥", en: "Hefei" },
];

describe(`meeting polls (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("[POLL] the chair opens a yes/no poll in session; two regions vote, change, and see the tally live; then it closes", async () => {
    const { a, b, chair, memberA, memberB, absentB, researcher, meetingId } = await session();
    expect(await callFailure(as(chair).meetings.openPoll(yesNo(meetingId, "double_majority")))).toMatchObject({
      reason: "MEETING_NOT_IN_SESSION",
    });
    await as(chair).meetings.transition({ meetingId, action: "start" });
    expect(await callFailure(as(memberA).meetings.openPoll(yesNo(meetingId, "double_majority")))).toMatchObject({
      reason: "MEETING_CHAIR_REQUIRED",
    });

    const published = services.deps.publisher.published;
    const before = published.length;
    const { pollId, poll } = await as(chair).meetings.openPoll(yesNo(meetingId, "double_majority"));
    expect(poll.tally.regions.map((r) => r.regionId)).toEqual([a.id, b.id].sort((x, y) => x - y));

    await as(memberA).meetings.votePoll({ pollId, answer: { kind: "yes_no", choice: "yes" } });
    await as(memberB).meetings.votePoll({ pollId, answer: { kind: "yes_no", choice: "no" } });
    // Region b's no blocks a double majority (one region of two is not a majority of them).
    const changedFrom = (await as(chair).meetings.get({ meetingId })).polls[0]!;
    expect(changedFrom.tally.verdict).toMatchObject({ passes: false, blockedBy: [b.id] });
    // One vote per person: the delegate changes region b's vote instead of adding one.
    const { tally } = await as(memberB).meetings.votePoll({ pollId, answer: { kind: "yes_no", choice: "yes" } });
    expect(tally.overall).toEqual({ voters: 2, values: [2, 0, 0] });
    expect(tally.regions.find((r) => r.regionId === b.id)).toMatchObject({ voters: 1, values: [1, 0, 0] });
    expect(tally.verdict).toMatchObject({ passes: true, blockedBy: [] });
    expect((await as(memberB).meetings.get({ meetingId })).viewer.pollAnswers[pollId]).toEqual({
      kind: "yes_no",
      choice: "yes",
    });

    // Refused: not registered, a researcher at a coordination meeting (cannot even see it), a wrong kind.
    const yes = { kind: "yes_no" as const, choice: "yes" as const };
    expect(await callFailure(as(absentB).meetings.votePoll({ pollId, answer: yes }))).toMatchObject({
      reason: "NOT_REGISTERED",
    });
    expect(await callFailure(as(chair).meetings.votePoll({ pollId, answer: yes }))).toMatchObject({
      reason: "NOT_REGISTERED",
    });
    expect(await callFailure(as(researcher).meetings.votePoll({ pollId, answer: yes }))).toMatchObject({
      code: "NOT_FOUND",
    });
    expect(
      await callFailure(as(memberA).meetings.votePoll({ pollId, answer: { kind: "score", score: 3 } })),
    ).toMatchObject({ reason: "POLL_BAD_ANSWER" });

    expect(await callFailure(as(memberA).meetings.closePoll({ pollId }))).toMatchObject({
      reason: "MEETING_CHAIR_REQUIRED",
    });
    const closed = await as(chair).meetings.closePoll({ pollId });
    expect(closed.poll).toMatchObject({ status: "closed", tally: { verdict: { passes: true } } });
    expect(await callFailure(as(memberA).meetings.votePoll({ pollId, answer: yes }))).toMatchObject({
      reason: "POLL_CLOSED",
    });
    expect(await callFailure(as(chair).meetings.closePoll({ pollId }))).toMatchObject({ reason: "POLL_CLOSED" });
    // The stored result stays what it was at the close.
    expect((await as(memberA).meetings.get({ meetingId })).polls[0]).toEqual(closed.poll);

    // Every committed change went out on the meeting's stream, in order; refused votes sent nothing.
    const live = published.slice(before).filter((e) => e.stream === `meeting:${meetingId}`);
    expect(live.map((e) => e.type)).toEqual([
      "meeting:poll-opened",
      "meeting:poll-tallied",
      "meeting:poll-tallied",
      "meeting:poll-tallied",
      "meeting:poll-closed",
    ]);
    const last = live.at(-2)!;
    expect(last.type === "meeting:poll-tallied" && last.payload.tally).toEqual(tally);

    const audits = await services.deps.db
      .select({ action: auditEntries.action })
      .from(auditEntries)
      .where(and(eq(auditEntries.targetType, "meeting"), eq(auditEntries.targetId, String(meetingId))));
    expect(audits.map((e) => e.action)).toEqual(expect.arrayContaining(["meeting.poll_open", "meeting.poll_close"]));
  });

  it("[POLL-RULES] regional consent, score, ranked and dot polls are checked and tallied per region", async () => {
    const { b, chair, memberA, memberB, meetingId } = await session();
    await as(chair).meetings.transition({ meetingId, action: "start" });

    const consent = (await as(chair).meetings.openPoll(yesNo(meetingId, "regional_consent"))).pollId;
    await as(memberA).meetings.votePoll({ pollId: consent, answer: { kind: "yes_no", choice: "yes" } });
    const blocked = await as(memberB).meetings.votePoll({
      pollId: consent,
      answer: { kind: "yes_no", choice: "abstain" },
    });
    // Yes outnumbers no overall, but region b gave no yes majority: no consent.
    expect(blocked.tally.verdict).toEqual({ passes: false, blockedBy: [b.id], winner: null });

    const base = {
      meetingId,
      questionZh: "在哪里建？",
      questionEn: "Where do we build it?",
      rule: "double_majority" as const,
    };
    expect(
      await callFailure(as(chair).meetings.openPoll({ ...base, kind: "ranked", options: [options[0]!] })),
    ).toMatchObject({
      code: "BAD_REQUEST",
    });
    expect(await callFailure(as(chair).meetings.openPoll({ ...base, kind: "dots", options }))).toMatchObject({
      code: "BAD_REQUEST",
    });

    const score = (await as(chair).meetings.openPoll({ ...base, kind: "score" })).pollId;
    for (const bad of [6, -1, 2.5])
      expect(
        await callFailure(as(memberA).meetings.votePoll({ pollId: score, answer: { kind: "score", score: bad } })),
      ).toMatchObject({ reason: "POLL_BAD_ANSWER" });
    await as(memberA).meetings.votePoll({ pollId: score, answer: { kind: "score", score: 5 } });
    const scored = await as(memberB).meetings.votePoll({ pollId: score, answer: { kind: "score", score: 2 } });
    expect(scored.tally.overall.values).toEqual([3.5]);

    const ranked = (await as(chair).meetings.openPoll({ ...base, kind: "ranked", options })).pollId;
    for (const order of [
      [0, 0, 1],
      [0, 1],
      [0, 1, 3],
    ])
      expect(
        await callFailure(as(memberA).meetings.votePoll({ pollId: ranked, answer: { kind: "ranked", order } })),
      ).toMatchObject({ reason: "POLL_BAD_ANSWER" });
    await as(memberA).meetings.votePoll({ pollId: ranked, answer: { kind: "ranked", order: [0, 1, 2] } });
    const ranking = await as(memberB).meetings.votePoll({
      pollId: ranked,
      answer: { kind: "ranked", order: [0, 2, 1] },
    });
    expect(ranking.tally.overall.values).toEqual([4, 1, 1]);
    expect(ranking.tally.verdict).toEqual({ passes: true, blockedBy: [], winner: 0 });

    const dots = (await as(chair).meetings.openPoll({ ...base, kind: "dots", options, dotsPerVoter: 3 })).pollId;
    expect(
      await callFailure(as(memberA).meetings.votePoll({ pollId: dots, answer: { kind: "dots", dots: [2, 2, 0] } })),
    ).toMatchObject({ reason: "POLL_BAD_ANSWER" });
    await as(memberA).meetings.votePoll({ pollId: dots, answer: { kind: "dots", dots: [3, 0, 0] } });
    const dotted = await as(memberB).meetings.votePoll({ pollId: dots, answer: { kind: "dots", dots: [0, 1, 1] } });
    expect(dotted.tally.overall.values).toEqual([3, 1, 1]);
    expect(dotted.tally.regions.find((r) => r.regionId === b.id)?.values).toEqual([0, 1, 1]);

    // Ending the session closes its open polls with their tallies; they take no more votes.
    await as(chair).meetings.transition({ meetingId, action: "end" });
    const ended = await as(memberA).meetings.get({ meetingId });
    expect(ended.polls.map((p) => p.status)).toEqual(["closed", "closed", "closed", "closed"]);
    expect(ended.polls.find((p) => p.id === dots)?.tally.overall.values).toEqual([3, 1, 1]);
    expect(
      await callFailure(as(memberA).meetings.votePoll({ pollId: dots, answer: { kind: "dots", dots: [1, 1, 1] } })),
    ).toMatchObject({ reason: "POLL_CLOSED" });
  });
});

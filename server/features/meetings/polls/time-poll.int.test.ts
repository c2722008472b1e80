import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { auditEntries } from "@/db/schema";
import { seedReferenceData } from "@/db/seed";
import { freshRegions, insertAccounts, makeChair } from "../../../testing/ballots";
import {
  callerFor,
  createTestAccount,
  createTestClock,
  createTestServices,
  type TestServices,
} from "../../../testing/fixtures";
import { callFailure } from "../../../testing/trpc-errors";

/** The time poll of #18.1 through the procedures, on the database, with the seeded holiday calendar. */
const clock = createTestClock();
let services: TestServices;

beforeAll(async () => {
  services = await createTestServices({ now: clock.now });
});
afterAll(async () => {
  await services?.close();
});

const as = (who: { user: Parameters<typeof callerFor>[1] } | null) => callerFor(services.deps, who ? who.user : null);

async function setup() {
  const [a, b] = await freshRegions(services.deps.db, 2);
  const [chair, memberA] = await insertAccounts(services.deps.db, a!.id, 2);
  const [memberB] = await insertAccounts(services.deps.db, b!.id, 1);
  await makeChair(services.deps.db, chair!);
  const researcher = await createTestAccount(services.deps.db, { role: "researcher", regionCode: a!.code });
  const admin = await createTestAccount(services.deps.db, { role: "admin", regionCode: a!.code });
  return { a: a!, chair: chair!, memberA: memberA!, memberB: memberB!, researcher, admin };
}

const meeting = (hostRegionId: number, kind: "coordination" | "forum", publicPage = false) => ({
  kind,
  titleZh: "长三角协调会议",
  titleEn: "YRD coordination meeting",
  hostRegionId,
  startsAt: "2027-11-01T09:00",
  endsAt: "2027-11-01T11:00",
  publicPage,
});

// National Day 2027 (seeded, provisional), an ordinary Monday, and a Saturday.
const slots = [
  { startsAt: "2027-10-01T09:00", endsAt: "2027-10-01T11:00" },
  { startsAt: "2027-10-11T14:00", endsAt: "2027-10-11T16:00" },
  { startsAt: "2027-10-16T09:00", endsAt: "2027-10-16T11:00" },
];

describe(`time poll (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("[POLL] the chair polls a coordination meeting; members of two regions answer; closing sets the time", async () => {
    const { a, chair, memberA, memberB, researcher } = await setup();
    const { meetingId } = await as(chair).meetings.create(meeting(a.id, "coordination"));
    expect(await callFailure(as(memberA).meetings.createTimePoll({ meetingId, slots }))).toMatchObject({
      code: "NOT_FOUND", // a draft is the chairs' own
    });
    expect(await callFailure(as(chair).meetings.createTimePoll({ meetingId, slots: slots.slice(0, 1) }))).toMatchObject(
      {
        code: "BAD_REQUEST",
      },
    );
    const bad = await callFailure(
      as(chair).meetings.createTimePoll({
        meetingId,
        slots: [slots[0]!, { startsAt: "2027-10-12T10:00", endsAt: "2027-10-12T09:00" }],
      }),
    );
    expect(bad.code).toBe("BAD_REQUEST");

    const published = services.deps.publisher.published;
    const before = published.length;
    const created = await as(chair).meetings.createTimePoll({ meetingId, slots });
    expect(created.slots.map((s) => s.day.date)).toEqual(["2027-10-11", "2027-10-01", "2027-10-16"]);
    const holiday = created.slots.find((s) => s.day.date === "2027-10-01")!;
    expect(holiday.day).toMatchObject({ holiday: { nameZh: "国庆节", nameEn: "National Day" }, workingDay: false });
    expect(created.slots.find((s) => s.day.date === "2027-10-16")!.day).toMatchObject({
      weekend: true,
      workingDay: false,
    });
    expect(await callFailure(as(chair).meetings.createTimePoll({ meetingId, slots }))).toMatchObject({
      reason: "TIME_POLL_EXISTS",
    });

    await as(chair).meetings.transition({ meetingId, action: "schedule" });
    const [holidayId, mondayId, saturdayId] = ["2027-10-01", "2027-10-11", "2027-10-16"].map(
      (date) => created.slots.find((s) => s.day.date === date)!.id,
    ) as [number, number, number];

    // Two regions' members answer; the holiday wins on "yes", and answers stay editable.
    await as(memberA).meetings.answerTimePoll({
      meetingId,
      answers: [
        { slotId: holidayId, answer: "yes" },
        { slotId: mondayId, answer: "no" },
      ],
    });
    const afterB = await as(memberB).meetings.answerTimePoll({
      meetingId,
      answers: [
        { slotId: holidayId, answer: "yes" },
        { slotId: mondayId, answer: "if_need_be" },
        { slotId: saturdayId, answer: "no" },
      ],
    });
    expect(afterB.mine).toEqual({ [holidayId]: "yes", [mondayId]: "if_need_be", [saturdayId]: "no" });
    expect(afterB.poll.respondents).toBe(2);
    expect(afterB.poll.slots[0]).toMatchObject({ id: holidayId, rank: 1, tally: { yes: 2, ifNeedBe: 0, no: 0 } });
    const edited = await as(memberA).meetings.answerTimePoll({
      meetingId,
      answers: [
        { slotId: holidayId, answer: "no" },
        { slotId: mondayId, answer: "yes" },
      ],
    });
    expect(edited.poll.slots.map((s) => s.id)).toEqual([mondayId, holidayId, saturdayId]);
    expect(edited.poll.slots[0]!.tally).toEqual({ yes: 1, ifNeedBe: 1, no: 0 });
    expect(
      await callFailure(
        as(memberA).meetings.answerTimePoll({ meetingId, answers: [{ slotId: 999_999, answer: "yes" }] }),
      ),
    ).toMatchObject({ reason: "TIME_POLL_SLOT_UNKNOWN" });

    // The page's read carries the poll and the viewer's own answers.
    const page = await as(memberB).meetings.get({ meetingId });
    expect(page.timePoll?.slots.map((s) => s.id)).toEqual([mondayId, holidayId, saturdayId]);
    expect(page.viewer).toMatchObject({ mayAnswerTimePoll: true, timePollAnswers: { [mondayId]: "if_need_be" } });

    // A coordination meeting's poll is the members': a researcher cannot answer, a signed-out visitor cannot read.
    expect(
      await callFailure(
        as(researcher).meetings.answerTimePoll({ meetingId, answers: [{ slotId: mondayId, answer: "yes" }] }),
      ),
    ).toMatchObject({ code: "NOT_FOUND" });
    expect(await callFailure(as(null).meetings.get({ meetingId }))).toMatchObject({ code: "NOT_FOUND" });
    expect(
      await callFailure(as(memberA).meetings.closeTimePoll({ meetingId, slotId: mondayId, version: 2 })),
    ).toMatchObject({ reason: "MEETING_CHAIR_REQUIRED" });

    // Closing goes through the edit path: a stale version is refused, the current one sets the time.
    const { meeting: header } = await as(chair).meetings.get({ meetingId });
    expect(
      await callFailure(as(chair).meetings.closeTimePoll({ meetingId, slotId: mondayId, version: header.version - 1 })),
    ).toMatchObject({ reason: "MEETING_VERSION_CONFLICT" });
    const closed = await as(chair).meetings.closeTimePoll({ meetingId, slotId: mondayId, version: header.version });
    expect(closed.meeting.startsAt).toBe("2027-10-11T06:00:00.000Z");
    expect(closed.meeting.endsAt).toBe("2027-10-11T08:00:00.000Z");
    expect(closed.meeting.version).toBe(header.version + 1);
    expect(closed.poll).toMatchObject({ open: false, chosenSlotId: mondayId });
    expect(
      await callFailure(
        as(memberB).meetings.answerTimePoll({ meetingId, answers: [{ slotId: mondayId, answer: "no" }] }),
      ),
    ).toMatchObject({ reason: "TIME_POLL_CLOSED" });
    const audit = await services.deps.db
      .select({ action: auditEntries.action })
      .from(auditEntries)
      .where(and(eq(auditEntries.targetType, "meeting"), eq(auditEntries.targetId, String(meetingId))));
    expect(audit.map((e) => e.action)).toEqual(
      expect.arrayContaining(["meeting.poll_create", "meeting.update", "meeting.poll_close"]),
    );

    // Every change went out on the meeting's stream with the new tallies.
    const live = published.slice(before).filter((e) => e.stream === `meeting:${meetingId}`);
    const polls = live.filter((e) => e.type === "meeting:time-poll-changed");
    expect(polls).toHaveLength(5);
    const last = polls.at(-1);
    expect(last?.type === "meeting:time-poll-changed" && last.payload.poll.chosenSlotId).toBe(mondayId);
  });

  it("[POLL] a forum's poll is answered by researchers and read signed out; admins edit the holiday calendar", async () => {
    const { a, chair, researcher, admin, memberA } = await setup();
    const { meetingId } = await as(chair).meetings.create(meeting(a.id, "forum", true));
    const created = await as(chair).meetings.createTimePoll({ meetingId, slots });
    await as(chair).meetings.transition({ meetingId, action: "schedule" });
    const saturday = created.slots.find((s) => s.day.date === "2027-10-16")!;
    const holiday = created.slots.find((s) => s.day.date === "2027-10-01")!;
    await as(researcher).meetings.answerTimePoll({ meetingId, answers: [{ slotId: saturday.id, answer: "yes" }] });
    const open = await as(null).meetings.get({ meetingId });
    expect(open.timePoll?.slots[0]).toMatchObject({ id: saturday.id, tally: { yes: 1 } });
    expect(open.viewer.mayAnswerTimePoll).toBe(false);

    // The calendar is the admins': a member may not touch it.
    expect(await callFailure(as(memberA).meetings.calendarDays({ year: 2027 }))).toMatchObject({ code: "FORBIDDEN" });
    const year = await as(admin).meetings.calendarDays({ year: 2027 });
    expect(year.find((d) => d.date === "2027-10-01")).toMatchObject({ kind: "holiday", nameEn: "National Day" });
    expect(
      (await as(admin).meetings.calendarDays({ year: 2026 })).filter((d) => d.kind === "makeup_workday"),
    ).toHaveLength(6);

    // A make-up working day must be a weekend day; the refusal names the date field's problem.
    expect(
      await callFailure(
        as(admin).meetings.addCalendarDay({
          date: "2027-10-12",
          kind: "makeup_workday",
          nameZh: "调休",
          nameEn: "Make-up",
        }),
      ),
    ).toMatchObject({ reason: "CALENDAR_MAKEUP_NOT_WEEKEND" });
    expect(
      await callFailure(
        as(admin).meetings.addCalendarDay({ date: "2027-02-30", kind: "holiday", nameZh: "假", nameEn: "Off" }),
      ),
    ).toMatchObject({ code: "BAD_REQUEST", reason: null });
    expect(
      await callFailure(
        as(admin).meetings.addCalendarDay({
          date: "2027-10-01",
          kind: "holiday",
          nameZh: "国庆节",
          nameEn: "National Day",
        }),
      ),
    ).toMatchObject({ reason: "CALENDAR_DAY_EXISTS" });

    // The Saturday becomes a make-up working day and National Day is renamed: the flags follow.
    await as(admin).meetings.addCalendarDay({
      date: "2027-10-16",
      kind: "makeup_workday",
      nameZh: "国庆节调休上班",
      nameEn: "National Day make-up working day",
    });
    await as(admin).meetings.updateCalendarDay({
      date: "2027-10-01",
      kind: "holiday",
      nameZh: "国庆节（正式）",
      nameEn: "National Day (official)",
    });
    const after = (await as(null).meetings.get({ meetingId })).timePoll!;
    expect(after.slots.find((s) => s.id === saturday.id)!.day).toMatchObject({
      weekend: true,
      makeupWorkday: true,
      workingDay: true,
    });
    expect(after.slots.find((s) => s.id === holiday.id)!.day.holiday?.nameEn).toBe("National Day (official)");

    // Removing the holiday makes 1 October an ordinary Friday, which now ranks before the Monday.
    await as(admin).meetings.removeCalendarDay({ date: "2027-10-01" });
    const plain = (await as(null).meetings.get({ meetingId })).timePoll!;
    expect(plain.slots.map((s) => s.day.date)).toEqual(["2027-10-16", "2027-10-01", "2027-10-11"]);
    expect(await callFailure(as(admin).meetings.removeCalendarDay({ date: "2027-10-01" }))).toMatchObject({
      code: "NOT_FOUND",
    });
    // The reference seed runs at every start: it leaves an edited year alone, so the removal stands.
    await seedReferenceData(services.deps.db);
    const reseeded = await as(admin).meetings.calendarDays({ year: 2027 });
    expect(reseeded.map((d) => d.date)).not.toContain("2027-10-01");
    expect(reseeded.map((d) => d.date)).toContain("2027-10-02");
    const audit = await services.deps.db
      .select({ action: auditEntries.action })
      .from(auditEntries)
      .where(eq(auditEntries.targetType, "calendar_day"));
    expect(audit.map((e) => e.action)).toEqual(
      expect.arrayContaining(["calendar_day.add", "calendar_day.update", "calendar_day.remove"]),
    );

    // Once the meeting starts its time is settled: an open poll takes no more answers.
    await as(chair).meetings.transition({ meetingId, action: "start" });
    expect(
      await callFailure(
        as(researcher).meetings.answerTimePoll({ meetingId, answers: [{ slotId: holiday.id, answer: "yes" }] }),
      ),
    ).toMatchObject({ reason: "AGENDA_LOCKED" });
    expect((await as(researcher).meetings.get({ meetingId })).viewer.mayAnswerTimePoll).toBe(false);
  });
});

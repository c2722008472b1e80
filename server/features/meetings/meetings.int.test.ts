import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { auditEntries } from "@/db/schema";
import { eq } from "drizzle-orm";
import { streamVisibleTo } from "../access/visibility";
import { freshRegions, insertAccounts, makeChair } from "../../testing/ballots";
import { createTestAccount } from "../../testing/fixtures";
import { meetingTestBench } from "../../testing/meetings";
import { callFailure } from "../../testing/trpc-errors";
import { applyMeetingEvent } from "@/app/lib/live/meeting-view";

/** A whole coordination meeting through the procedures, draft to closed, on the database. */
const { as, hours, services } = meetingTestBench();
const deps = () => services().deps;

async function setup() {
  const [a, b] = await freshRegions(deps().db, 2);
  const [chair, memberA] = await insertAccounts(deps().db, a!.id, 2);
  const [memberB] = await insertAccounts(deps().db, b!.id, 1);
  await makeChair(deps().db, chair!);
  const researcher = await createTestAccount(deps().db, { role: "researcher", regionCode: a!.code });
  return { a: a!, b: b!, chair: chair!, memberA: memberA!, memberB: memberB!, researcher };
}

const details = (hostRegionId: number, over: Record<string, unknown> = {}) => ({
  kind: "coordination" as const,
  titleZh: "长三角协调会议",
  titleEn: "YRD coordination meeting",
  hostRegionId,
  place: "Shanghai",
  startsAt: hours(24),
  endsAt: hours(26),
  ...over,
});

describe(`meetings (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("[RUN] a chair drafts, schedules, runs and closes a meeting; members see it live; others never see it", async () => {
    const { a, b, chair, memberA, memberB, researcher } = await setup();
    expect(await callFailure(as(memberA).meetings.create(details(a.id)))).toMatchObject({
      reason: "MEETING_CHAIR_REQUIRED",
    });
    expect(await callFailure(as(chair).meetings.create(details(a.id, { endsAt: hours(23) })))).toMatchObject({
      reason: "MEETING_BAD_TIMES",
    });
    const { meetingId } = await as(chair).meetings.create(details(a.id));

    // A draft is the chairs' own.
    expect(await callFailure(as(memberA).meetings.get({ meetingId }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await callFailure(as(null).meetings.get({ meetingId }))).toMatchObject({ code: "NOT_FOUND" });

    const first = await as(chair).meetings.addItem({
      meetingId,
      titleZh: "开幕",
      titleEn: "Opening",
      durationMinutes: 10,
    });
    const second = await as(chair).meetings.addItem({
      meetingId,
      titleZh: "项目审议",
      titleEn: "Project review",
      durationMinutes: 30,
    });
    await as(chair).meetings.moveItem({ itemId: second.itemId, direction: "up" });
    // A member cannot even find a draft to edit.
    expect(
      await callFailure(
        as(memberA).meetings.addItem({ meetingId, titleZh: "其他", titleEn: "Other", durationMinutes: 5 }),
      ),
    ).toMatchObject({
      code: "NOT_FOUND",
    });

    await as(chair).meetings.transition({ meetingId, action: "schedule" });
    expect(
      await callFailure(
        as(memberA).meetings.addItem({ meetingId, titleZh: "其他", titleEn: "Other", durationMinutes: 5 }),
      ),
    ).toMatchObject({
      reason: "MEETING_CHAIR_REQUIRED",
    });
    expect(await callFailure(as(memberA).meetings.transition({ meetingId, action: "start" }))).toMatchObject({
      reason: "MEETING_CHAIR_REQUIRED",
    });
    const seen = await as(memberB).meetings.get({ meetingId });
    expect(seen.agenda.map((i) => i.titleEn)).toEqual(["Project review", "Opening"]);
    expect(seen.viewer.mayRun).toBe(false);
    // Coordination meetings are the members': a researcher or a signed-out visitor finds nothing.
    expect(await callFailure(as(researcher).meetings.get({ meetingId }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await callFailure(as(researcher).meetings.register({ meetingId, mode: "online" }))).toMatchObject({
      code: "NOT_FOUND",
    });
    const viewer = (who: typeof researcher) => ({ id: who.account.id, role: who.account.role });
    expect(await streamVisibleTo(deps().db, viewer(researcher), { kind: "meeting", id: meetingId })).toBe(false);
    expect(await streamVisibleTo(deps().db, viewer(memberB), { kind: "meeting", id: meetingId })).toBe(true);

    expect(
      await callFailure(as(memberA).meetings.register({ meetingId, mode: "delegate", delegateName: "" })),
    ).toMatchObject({
      code: "BAD_REQUEST",
    });
    await as(memberA).meetings.register({ meetingId, mode: "in_person" });
    await as(memberB).meetings.register({ meetingId, mode: "delegate", delegateName: "王敏" });
    expect(await callFailure(as(memberA).meetings.checkIn({ meetingId }))).toMatchObject({
      reason: "MEETING_NOT_IN_SESSION",
    });

    const published = deps().publisher.published;
    const before = published.length;
    await as(chair).meetings.transition({ meetingId, action: "start" });
    expect(
      await callFailure(
        as(chair).meetings.addItem({ meetingId, titleZh: "迟到", titleEn: "Late", durationMinutes: 5 }),
      ),
    ).toMatchObject({
      reason: "AGENDA_LOCKED",
    });
    const started = await as(memberA).meetings.get({ meetingId });
    expect(started.meeting.status).toBe("in_session");
    expect(started.meeting.currentItemId).toBe(second.itemId);

    await as(memberA).meetings.checkIn({ meetingId });
    const presence =
      (await as(memberB).meetings.checkIn({ meetingId })) && (await as(chair).meetings.get({ meetingId })).presence;
    const row = (id: number) => presence.regions.find((r) => r.regionId === id);
    // Region A: 2 members, quorum 1, one present; region B: 1 member, its delegate checked in.
    expect(row(a.id)).toMatchObject({ expected: 2, present: 1, quorum: 1, met: true });
    expect(row(b.id)).toMatchObject({ expected: 1, present: 1, quorum: 1, met: true });

    const hand = await as(memberB).meetings.raiseHand({ meetingId });
    await as(memberB).meetings.raiseHand({ meetingId });
    expect(hand.speakers.filter((s) => s.accountId === memberB.account.id)).toHaveLength(1);
    expect(await callFailure(as(memberB).meetings.giveFloor({ speakerId: hand.speakers[0]!.id }))).toMatchObject({
      reason: "MEETING_CHAIR_REQUIRED",
    });
    const floor = await as(chair).meetings.giveFloor({ speakerId: hand.speakers[0]!.id });
    expect(floor.speakers[0]).toMatchObject({ accountId: memberB.account.id, state: "speaking" });

    await as(chair).meetings.setCurrentItem({ itemId: first.itemId });
    await as(chair).meetings.saveMinutes({ itemId: first.itemId, minutes: "各方同意共建平台。" });
    expect(
      await callFailure(
        as(chair).meetings.recordDecision({
          itemId: first.itemId,
          textZh: "同意",
          textEn: "Agreed",
          ballotId: 999_999,
        }),
      ),
    ).toMatchObject({
      reason: "BAD_AGENDA_LINK",
    });
    await as(chair).meetings.recordDecision({
      itemId: first.itemId,
      textZh: "共建联合实验室",
      textEn: "Set up a joint laboratory",
    });

    // Every change went out on the meeting's stream, after commit, carrying the new state.
    const live = published.slice(before).filter((e) => e.stream === `meeting:${meetingId}`);
    const changed = live.filter((e) => e.type === "meeting:changed");
    expect(changed.at(-1)?.type === "meeting:changed" && changed.at(-1)?.payload.meeting.currentItemId).toBe(
      first.itemId,
    );
    expect(live.map((e) => e.type)).toEqual(
      expect.arrayContaining([
        "meeting:presence-changed",
        "meeting:speakers-changed",
        "meeting:agenda-changed",
        "meeting:decisions-changed",
      ]),
    );
    expect(live.map((e) => e.seq)).toEqual([...live.map((e) => e.seq)].sort((x, y) => x - y));

    expect(await callFailure(as(chair).meetings.transition({ meetingId, action: "approve_minutes" }))).toMatchObject({
      reason: "INVALID_TRANSITION",
    });
    await as(chair).meetings.transition({ meetingId, action: "end" });
    await as(chair).meetings.saveMinutes({ itemId: second.itemId, minutes: "项目进入表决。" });
    await as(chair).meetings.transition({ meetingId, action: "approve_minutes" });
    expect(await callFailure(as(chair).meetings.saveMinutes({ itemId: first.itemId, minutes: "改写" }))).toMatchObject({
      reason: "MINUTES_LOCKED",
    });
    const closed = await as(memberA).meetings.get({ meetingId });
    expect(closed.meeting.status).toBe("closed");
    expect(closed.agenda.find((i) => i.id === first.itemId)?.minutes).toBe("各方同意共建平台。");

    const register = (await as(memberB).meetings.decisions({})).entries;
    expect(register.map((d) => d.textEn)).toContain("Set up a joint laboratory");
    expect((await as(researcher).meetings.decisions({})).entries.map((d) => d.meetingId)).not.toContain(meetingId);
    expect((await as(memberB).meetings.list({ when: "past" })).meetings.map((m) => m.id)).toContain(meetingId);

    const audits = await deps()
      .db.select()
      .from(auditEntries)
      .where(eq(auditEntries.targetId, String(meetingId)));
    expect(audits.filter((e) => e.targetType === "meeting").map((e) => e.action)).toEqual(
      expect.arrayContaining([
        "meeting.create",
        "meeting.schedule",
        "meeting.start",
        "meeting.decision",
        "meeting.approve_minutes",
      ]),
    );
    void b;
  });

  it("[FORUM] a public forum is readable signed out; researchers register; the host suggestion rotates", async () => {
    const { a, chair, researcher } = await setup();
    const { meetingId } = await as(chair).meetings.create(
      details(a.id, { kind: "forum", publicPage: true, titleEn: "Innovation forum" }),
    );
    await as(chair).meetings.transition({ meetingId, action: "schedule" });
    expect((await as(null).meetings.get({ meetingId })).meeting.titleEn).toBe("Innovation forum");
    expect((await as(null).meetings.list({ when: "upcoming" })).meetings.map((m) => m.id)).toContain(meetingId);
    await as(researcher).meetings.register({ meetingId, mode: "online" });
    expect((await as(researcher).meetings.get({ meetingId })).viewer.registration).toMatchObject({ mode: "online" });
    // Its calendar file, parsed back by an independent RFC 5545 parser, says what the page says.
    const file = await as(null).meetings.ics({ meetingId, origin: "https://xietong.example.cn" });
    const event = new ICAL.Component(ICAL.parse(file.content)).getFirstSubcomponent("vevent")!;
    const parsed = new ICAL.Event(event);
    expect(parsed.summary).toBe("长三角协调会议");
    expect(parsed.uid).toBe(`meeting-${meetingId}@xietong`);
    expect(parsed.startDate.toJSDate().toISOString()).toBe(
      (await as(null).meetings.get({ meetingId })).meeting.startsAt,
    );
    expect(String(event.getFirstPropertyValue("url"))).toBe(`https://xietong.example.cn/meetings/${meetingId}`);
    // A coordination meeting can never have a public page.
    const coord = await as(chair).meetings.create(details(a.id, { publicPage: true }));
    expect(await callFailure(as(null).meetings.get({ meetingId: coord.meetingId }))).toMatchObject({
      code: "NOT_FOUND",
    });
    // The region just used as host is not the one suggested next.
    expect((await as(chair).meetings.suggestedHost()).regionId).not.toBe(a.id);
  });

  it("[LIVE] each event the page applies to what a reader read gives what meetings.get returns that reader next, with no read", async () => {
    const { a, chair, memberA, researcher } = await setup();
    const [registrant] = await insertAccounts(deps().db, a.id, 1);
    const { meetingId } = await as(chair).meetings.create(details(a.id, { kind: "forum", publicPage: true }));
    const { itemId } = await as(chair).meetings.addItem({
      meetingId,
      titleZh: "开幕",
      titleEn: "Opening",
      durationMinutes: 10,
    });
    await as(chair).meetings.transition({ meetingId, action: "schedule" });
    // The chair runs it, a member and a researcher take part, a signed-out visitor reads its public page.
    const readers = [chair, memberA, researcher, null];
    const read = (reader: (typeof readers)[number]) => as(reader).meetings.get({ meetingId });
    let views = await Promise.all(readers.map(read));
    const published = deps().publisher.published;
    const step = async (act: () => Promise<unknown>) => {
      const from = published.length;
      await act();
      const events = published.slice(from).filter((e) => e.stream === `meeting:${meetingId}`);
      expect(events.length).toBeGreaterThan(0);
      views = await Promise.all(
        readers.map(async (reader, i) => {
          let view = views[i]!;
          for (const event of events) {
            const applied = applyMeetingEvent(view, event);
            expect(applied.refetch).toBe(false);
            view = applied.view;
          }
          const next = await read(reader);
          expect(view).toEqual(next);
          return next;
        }),
      );
      return events;
    };

    const agenda = await step(() =>
      as(chair).meetings.updateItem({
        itemId,
        titleZh: "开幕致辞",
        titleEn: "Opening address",
        durationMinutes: 15,
        presenter: "",
        topicId: null,
        projectId: null,
        ballotId: null,
        roundId: null,
      }),
    );
    expect(agenda.find((e) => e.type === "meeting:agenda-changed")?.payload).toMatchObject({ roundLinkAdded: false });
    await step(() => as(registrant!).meetings.register({ meetingId, mode: "online" }));
    // The status moves: what each reader may do (run it, register, answer the time poll) follows by the rule.
    await step(() => as(chair).meetings.transition({ meetingId, action: "start" }));
    expect(views[0]!.viewer.actions).toEqual(["end"]);
    expect(views[1]!.viewer).toMatchObject({ actions: [], registrationRefusal: null, mayAnswerTimePoll: false });
    await step(() => as(registrant!).meetings.checkIn({ meetingId }));
    await step(() => as(chair).meetings.saveMinutes({ itemId, minutes: "开幕。" }));
    await step(() => as(chair).meetings.transition({ meetingId, action: "end" }));
    expect(views[2]!.viewer.registrationRefusal).toBe("MEETING_NOT_OPEN");
    await step(() => as(chair).meetings.transition({ meetingId, action: "approve_minutes" }));
    expect(views.map((v) => v.meeting.status)).toEqual(["closed", "closed", "closed", "closed"]);
  });

  it("[CONCURRENT] two chairs' agenda edits both land, in a dense order", async () => {
    const { a, chair } = await setup();
    const { meetingId } = await as(chair).meetings.create(details(a.id));
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        as(chair).meetings.addItem({ meetingId, titleZh: `议题${i}`, titleEn: `Item ${i}`, durationMinutes: 5 }),
      ),
    );
    const { agenda } = await as(chair).meetings.get({ meetingId });
    expect(agenda.map((i) => i.position)).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

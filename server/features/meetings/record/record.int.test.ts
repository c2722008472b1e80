import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEntries, notifications, scheduledJobs } from "@/db/schema";
import { jobHandlers } from "../../../jobs";
import { runDueJobs } from "../../../infra/jobs/scheduled-jobs";
import { freshRegions, insertAccounts, makeChair } from "../../../testing/ballots";
import { createTestAccount } from "../../../testing/fixtures";
import { meetingTestBench } from "../../../testing/meetings";
import { callFailure } from "../../../testing/trpc-errors";
import { chinaDay } from "./record-rules";

/** The record after a meeting (#18.5): each region confirms or contests, actions with owners and due days, notices. */
const { as, hours, clock, services } = meetingTestBench();
const deps = () => services().deps;

async function noticesOf(accountId: number, kind: string) {
  return deps()
    .db.select()
    .from(notifications)
    .where(and(eq(notifications.recipientId, accountId), eq(notifications.kind, kind as never)));
}

/** A closed coordination meeting hosted by A with a registrant from B, and one decision. */
async function closedMeeting() {
  const [a, b, c] = await freshRegions(deps().db, 3);
  const [chair, memberA, colleagueA] = await insertAccounts(deps().db, a!.id, 3);
  const [memberB] = await insertAccounts(deps().db, b!.id, 1);
  const [memberC] = await insertAccounts(deps().db, c!.id, 1);
  await makeChair(deps().db, chair!);
  const { meetingId } = await as(chair!).meetings.create({
    kind: "coordination",
    titleZh: "区域协调会议",
    titleEn: "Regional coordination meeting",
    hostRegionId: a!.id,
    startsAt: hours(48),
    endsAt: hours(50),
  });
  const { itemId } = await as(chair!).meetings.addItem({
    meetingId,
    titleZh: "成本分担",
    titleEn: "Cost sharing",
    durationMinutes: 20,
  });
  await as(chair!).meetings.transition({ meetingId, action: "schedule" });
  await as(memberA!).meetings.register({ meetingId, mode: "in_person" });
  await as(memberB!).meetings.register({ meetingId, mode: "online" });
  await as(chair!).meetings.transition({ meetingId, action: "start" });
  const { decisionId } = await as(chair!).meetings.recordDecision({
    itemId,
    textZh: "按七三比例分担成本",
    textEn: "Share the cost seventy-thirty",
  });
  await as(chair!).meetings.transition({ meetingId, action: "end" });
  return {
    a: a!,
    b: b!,
    c: c!,
    chair: chair!,
    memberA: memberA!,
    colleagueA: colleagueA!,
    memberB: memberB!,
    memberC: memberC!,
    meetingId,
    itemId,
    decisionId,
  };
}

describe(`meeting record (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("[CONFIRM] the record goes to the host and registered regions; confirmed only when every region confirms", async () => {
    const m = await closedMeeting();
    const before = await as(m.memberA).meetings.get({ meetingId: m.meetingId });
    expect(before.decisions[0]).toMatchObject({ recordStatus: "not_sent", confirmations: [] });
    expect(
      await callFailure(as(m.memberA).meetings.answerDecision({ decisionId: m.decisionId, answer: "confirmed" })),
    ).toMatchObject({ reason: "RECORD_NOT_OPEN" });

    await as(m.chair).meetings.transition({ meetingId: m.meetingId, action: "approve_minutes" });
    const sent = await as(m.memberB).meetings.get({ meetingId: m.meetingId });
    expect(sent.decisions[0]!.recordStatus).toBe("pending");
    expect(sent.decisions[0]!.confirmations.map((c) => c.regionId)).toEqual([m.a.id, m.b.id].sort((x, y) => x - y));
    // Members of asked regions are told; a region that took no part is not asked.
    expect(await noticesOf(m.memberB.account.id, "decision_confirmation")).toHaveLength(1);
    expect(await noticesOf(m.colleagueA.account.id, "decision_confirmation")).toHaveLength(1);
    expect(await noticesOf(m.memberC.account.id, "decision_confirmation")).toHaveLength(0);
    expect(
      await callFailure(as(m.memberC).meetings.answerDecision({ decisionId: m.decisionId, answer: "confirmed" })),
    ).toMatchObject({ reason: "NOT_REGION_DELEGATE" });
    // Contesting says why: without a comment it is refused at the field.
    expect(
      (await callFailure(as(m.memberB).meetings.answerDecision({ decisionId: m.decisionId, answer: "contested" })))
        .code,
    ).toBe("BAD_REQUEST");

    await as(m.memberB).meetings.answerDecision({
      decisionId: m.decisionId,
      answer: "contested",
      comment: "比例应为六四",
    });
    let view = await as(m.memberA).meetings.get({ meetingId: m.meetingId });
    expect(view.decisions[0]!.recordStatus).toBe("contested");
    await as(m.memberA).meetings.answerDecision({ decisionId: m.decisionId, answer: "confirmed" });
    expect((await as(m.memberA).meetings.get({ meetingId: m.meetingId })).decisions[0]!.recordStatus).toBe("contested");
    // B changes its answer: now every region has confirmed, and the record is final.
    const done = await as(m.memberB).meetings.answerDecision({ decisionId: m.decisionId, answer: "confirmed" });
    expect(done.recordStatus).toBe("confirmed");
    expect(
      await callFailure(
        as(m.colleagueA).meetings.answerDecision({ decisionId: m.decisionId, answer: "contested", comment: "晚了" }),
      ),
    ).toMatchObject({ reason: "RECORD_NOT_OPEN" });
    view = await as(m.memberB).meetings.get({ meetingId: m.meetingId });
    expect(view.decisions[0]!.confirmations.every((c) => c.status === "confirmed")).toBe(true);

    // The register finds it by status, words and region; never for an outsider of coordination meetings.
    const register = (await as(m.memberC).meetings.decisions({ status: "confirmed", q: "seventy" })).entries;
    expect(register.map((d) => d.id)).toContain(m.decisionId);
    expect(
      (await as(m.memberC).meetings.decisions({ status: "pending", q: "seventy" })).entries.map((d) => d.id),
    ).not.toContain(m.decisionId);
    expect((await as(m.memberC).meetings.decisions({ regionId: m.b.id })).entries.map((d) => d.id)).toContain(m.decisionId);
    expect((await as(m.memberC).meetings.decisions({ regionId: m.c.id })).entries.map((d) => d.id)).not.toContain(m.decisionId);
    const researcher = await createTestAccount(deps().db, { role: "researcher", regionCode: m.a.code });
    expect((await as(researcher).meetings.decisions({})).entries.map((d) => d.id)).not.toContain(m.decisionId);
    expect(
      await callFailure(as(researcher).meetings.answerDecision({ decisionId: m.decisionId, answer: "confirmed" })),
    ).toMatchObject({ code: "FORBIDDEN" });

    const audits = await deps()
      .db.select()
      .from(auditEntries)
      .where(eq(auditEntries.targetId, String(m.meetingId)));
    expect(audits.filter((e) => e.action === "meeting.decision.confirm")).toHaveLength(2);
    expect(audits.filter((e) => e.action === "meeting.decision.contest")).toHaveLength(1);
  });

  it("[CONCURRENT] answers from both regions at once both land and the record ends confirmed", async () => {
    const m = await closedMeeting();
    await as(m.chair).meetings.transition({ meetingId: m.meetingId, action: "approve_minutes" });
    const results = await Promise.all([
      as(m.memberA).meetings.answerDecision({ decisionId: m.decisionId, answer: "confirmed" }),
      as(m.memberB).meetings.answerDecision({ decisionId: m.decisionId, answer: "confirmed" }),
    ]);
    // Taken one after the other: exactly one of them saw the last region confirm.
    expect(results.map((r) => r.recordStatus).sort()).toEqual(["confirmed", "pending"]);
    const view = await as(m.memberA).meetings.get({ meetingId: m.meetingId });
    expect(view.decisions[0]!.recordStatus).toBe("confirmed");
  });

  it("[ACTIONS] the chair gives an action; its region updates it; a week overdue its members are told once", async () => {
    const m = await closedMeeting();
    const dueOn = chinaDay(new Date(clock.now().getTime() + 2 * 86_400_000));
    expect(
      (
        await callFailure(
          as(m.chair).meetings.addAction({
            decisionId: m.decisionId,
            textZh: "起草协议",
            textEn: "Draft the agreement",
            ownerRegionId: m.b.id,
            dueOn: "2026-02-30x",
          }),
        )
      ).code,
    ).toBe("BAD_REQUEST");
    expect(
      await callFailure(
        as(m.memberA).meetings.addAction({
          decisionId: m.decisionId,
          textZh: "起草协议",
          textEn: "Draft the agreement",
          ownerRegionId: m.b.id,
          dueOn,
        }),
      ),
    ).toMatchObject({ reason: "MEETING_CHAIR_REQUIRED" });
    const { actionId } = await as(m.chair).meetings.addAction({
      decisionId: m.decisionId,
      textZh: "起草协议",
      textEn: "Draft the agreement",
      ownerRegionId: m.b.id,
      dueOn,
    });
    const [job] = await deps()
      .db.select()
      .from(scheduledJobs)
      .where(and(eq(scheduledJobs.kind, "decision_action_overdue"), eq(scheduledJobs.key, `${actionId}:${dueOn}`)));
    expect(job).toBeDefined();
    expect(await callFailure(as(m.memberC).meetings.setActionStatus({ actionId, status: "done" }))).toMatchObject({
      reason: "NOT_REGION_DELEGATE",
    });
    await as(m.memberB).meetings.setActionStatus({ actionId, status: "in_progress" });
    expect((await as(m.memberA).meetings.get({ meetingId: m.meetingId })).decisions[0]!.actions[0]).toMatchObject({
      id: actionId,
      status: "in_progress",
      ownerRegionId: m.b.id,
      dueOn,
    });
    expect((await as(m.memberC).meetings.decisions({ dueBy: dueOn })).entries.map((d) => d.id)).toContain(m.decisionId);

    const at = (days: number) => ({ ...deps(), now: () => new Date(clock.now().getTime() + days * 86_400_000) });
    await runDueJobs(at(5), jobHandlers);
    expect(await noticesOf(m.memberB.account.id, "action_overdue")).toHaveLength(0);
    await runDueJobs(at(10), jobHandlers);
    await runDueJobs(at(10), jobHandlers);
    expect(await noticesOf(m.memberB.account.id, "action_overdue")).toHaveLength(1);
    expect(await noticesOf(m.memberA.account.id, "action_overdue")).toHaveLength(0);
  });

  it("[NOTICES] scheduling invites members; an agenda change tells registrants; reminders skip a moved meeting", async () => {
    const [a] = await freshRegions(deps().db, 1);
    const [chair, member, registrant] = await insertAccounts(deps().db, a!.id, 3);
    await makeChair(deps().db, chair!);
    const { meetingId } = await as(chair!).meetings.create({
      kind: "coordination",
      titleZh: "季度协调会",
      titleEn: "Quarterly coordination",
      hostRegionId: a!.id,
      startsAt: hours(72),
      endsAt: hours(74),
    });
    await as(chair!).meetings.transition({ meetingId, action: "schedule" });
    expect(await noticesOf(member!.account.id, "meeting_invited")).toHaveLength(1);
    expect(await noticesOf(chair!.account.id, "meeting_invited")).toHaveLength(0);
    await as(registrant!).meetings.register({ meetingId, mode: "online" });
    await as(chair!).meetings.addItem({ meetingId, titleZh: "新增议题", titleEn: "New item", durationMinutes: 5 });
    expect(await noticesOf(registrant!.account.id, "meeting_agenda_changed")).toHaveLength(1);
    expect(await noticesOf(member!.account.id, "meeting_agenda_changed")).toHaveLength(0);

    // Moved a day later: the old reminders find it moved and stay silent; the new ones fire once.
    const { meeting } = await as(chair!).meetings.get({ meetingId });
    await as(chair!).meetings.update({
      meetingId,
      version: meeting.version,
      kind: "coordination",
      titleZh: "季度协调会",
      titleEn: "Quarterly coordination",
      hostRegionId: a!.id,
      startsAt: hours(96),
      endsAt: hours(98),
    });
    const at = (h: number) => ({ ...deps(), now: () => new Date(clock.now().getTime() + h * 3_600_000) });
    await runDueJobs(at(49), jobHandlers);
    expect(await noticesOf(registrant!.account.id, "meeting_reminder")).toHaveLength(0);
    await runDueJobs(at(73), jobHandlers);
    expect(await noticesOf(registrant!.account.id, "meeting_reminder")).toHaveLength(1);
    await runDueJobs(at(95.5), jobHandlers);
    await runDueJobs(at(95.5), jobHandlers);
    expect(await noticesOf(registrant!.account.id, "meeting_reminder")).toHaveLength(2);
  });
});

import { chinaDay } from "@/server/domain/china-time";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import {
  agendaItems,
  auditEntries,
  decisionActions,
  decisionConfirmations,
  meetingDecisions,
  notifications,
  recommendations,
  scheduledJobs,
} from "@/db/schema";
import { recordStatuses } from "@/shared/meetings-vocabulary";
import { jobHandlers } from "../../../jobs";
import { runDueJobs } from "../../../infra/jobs/scheduled-jobs";
import { ballotProject, ballotSettings, freshRegions, insertAccounts, makeChair } from "../../../testing/ballots";
import { closeBallot } from "../../ballots/close-ballot";
import { createTestAccount } from "../../../testing/fixtures";
import { meetingTestBench } from "../../../testing/meetings";
import { callFailure } from "../../../testing/trpc-errors";
import { decisionRegister } from "./record";
import { registerEntryMatches } from "./record-rules";
import { registerFilterInput } from "../contract";

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
    expect((await as(m.memberC).meetings.decisions({ regionId: m.b.id })).entries.map((d) => d.id)).toContain(
      m.decisionId,
    );
    expect((await as(m.memberC).meetings.decisions({ regionId: m.c.id })).entries.map((d) => d.id)).not.toContain(
      m.decisionId,
    );
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
  it("[REGISTER] filters in SQL find a match older than the 500 newest, agree with the pure rules, and page", async () => {
    const m = await closedMeeting();
    await as(m.chair).meetings.transition({ meetingId: m.meetingId, action: "approve_minutes" });
    const db = deps().db;
    // A second item about a project with recommendation 2, and 520 decisions newer than the first.
    const project = await ballotProject(deps(), { members: [1, 1] });
    const [rec] = await db.select().from(recommendations).where(eq(recommendations.number, 2));
    const [item2] = await db
      .insert(agendaItems)
      .values({
        meetingId: m.meetingId,
        position: 9,
        titleZh: "项目",
        titleEn: "Project",
        durationMinutes: 5,
        projectId: project.projectId,
      })
      .returning();
    const token = `zq${Date.now().toString(36)}`;
    const fillers = await db
      .insert(meetingDecisions)
      .values(
        Array.from({ length: 520 }, (_, i) => ({
          meetingId: m.meetingId,
          itemId: i % 10 === 0 ? item2!.id : m.itemId,
          textZh: `填充 ${token} ${i}`,
          textEn: `Filler ${token} ${i}`,
          recordedById: m.chair.account.id,
        })),
      )
      .returning({ id: meetingDecisions.id });
    const ids = fillers.map((f) => f.id);
    // Every record status, and actions owned by C due on either side of a day, one of them done.
    const answers = [
      ["confirmed", "confirmed"],
      ["confirmed", "contested"],
      ["pending", "confirmed"],
      ["confirmed"],
    ] as const;
    for (const [i, statuses] of answers.entries())
      await db.insert(decisionConfirmations).values(
        statuses.map((status, r) => ({
          decisionId: ids[i]!,
          regionId: r === 0 ? m.a.id : m.b.id,
          status,
          comment: status === "contested" ? "比例不对" : "",
        })),
      );
    await db.insert(decisionActions).values([
      {
        decisionId: ids[5]!,
        textZh: "甲",
        textEn: "A",
        ownerRegionId: m.c.id,
        dueOn: "2026-03-01",
        status: "open" as const,
        createdById: m.chair.account.id,
      },
      {
        decisionId: ids[6]!,
        textZh: "乙",
        textEn: "B",
        ownerRegionId: m.c.id,
        dueOn: "2026-03-01",
        status: "done" as const,
        createdById: m.chair.account.id,
      },
      {
        decisionId: ids[7]!,
        textZh: "丙",
        textEn: "C",
        ownerRegionId: m.b.id,
        dueOn: "2026-05-01",
        status: "open" as const,
        createdById: m.chair.account.id,
      },
    ]);
    // One decision carried by a closed ballot of that project: its regions count as the decision's.
    const opened = await as(project.members[0]![0]!).ballots.open(ballotSettings(project.projectId, {}, clock.now()));
    await closeBallot(deps(), "scheduler", opened.id);
    await db.update(meetingDecisions).set({ ballotId: opened.id }).where(eq(meetingDecisions.id, ids[10]!));
    const reader = m.memberC.user;
    const read = (filter: object, meetingId?: number) =>
      decisionRegister({ db }, reader, registerFilterInput.parse(filter), meetingId);

    // The first decision sits past the 500 newest of its meeting, and every filter still finds it.
    const all = (await read({}, m.meetingId)).entries;
    expect(all).toHaveLength(521);
    expect(all.findIndex((d) => d.id === m.decisionId)).toBeGreaterThanOrEqual(500);
    const found = await read({ q: "seventy", regionId: m.b.id, status: "pending" });
    expect(found.entries.map((d) => d.id)).toContain(m.decisionId);

    // Each filter in SQL agrees with the pure rules applied to the whole unfiltered record.
    for (const status of [null, ...recordStatuses])
      for (const regionId of [null, m.a.id, m.b.id, m.c.id, project.regions[1]!.id])
        for (const dueBy of [null, "2026-04-01"]) {
          const filter = { status, regionId, dueBy };
          const expected = all.filter((e) => registerEntryMatches(e, filter)).map((e) => e.id);
          const got = (await read(filter, m.meetingId)).entries.map((e) => e.id);
          expect(got, JSON.stringify(filter)).toEqual(expected);
        }
    const carried = all.find((e) => e.id === ids[10]);
    expect(carried?.regions.map((r) => r.regionId)).toEqual(project.regions.map((r) => r.id));
    expect((await read({ regionId: project.regions[1]!.id }, m.meetingId)).entries.map((e) => e.id)).toEqual([ids[10]]);
    const byRecommendation = (await read({ recommendationId: rec!.id }, m.meetingId)).entries.map((e) => e.id);
    expect(byRecommendation.sort((x, y) => x - y)).toEqual(ids.filter((_, i) => i % 10 === 0));
    expect((await read({ q: `${token} 519` })).entries.map((e) => e.id)).toEqual([ids[519]]);

    // Pages: 50 at a time, newest first, disjoint, together every match, with the total.
    const paged: number[] = [];
    for (let offset = 0; offset < 520; offset += 50) {
      const page = await read({ q: token, offset });
      expect(page.total).toBe(520);
      expect(page.entries.length).toBe(Math.min(50, 520 - offset));
      paged.push(...page.entries.map((e) => e.id));
    }
    expect(paged).toEqual([...ids].reverse());
    expect(await read({ q: token, offset: 600 })).toMatchObject({ entries: [], total: 520 });

    // A reader who may not see coordination meetings never gets their decisions, by any filter or page.
    const researcher = await createTestAccount(db, { role: "researcher", regionCode: m.a.code });
    for (const viewer of [researcher.user, null]) {
      const none = await decisionRegister({ db }, viewer, registerFilterInput.parse({ q: token }));
      expect(none).toMatchObject({ entries: [], total: 0 });
      expect((await decisionRegister({ db }, viewer, registerFilterInput.parse({}), m.meetingId)).entries).toEqual([]);
    }
  });

  it("[REGISTER] a secret ballot's small cells stay hidden in the register and the pack, as on the ballot's page", async () => {
    const m = await closedMeeting();
    const db = deps().db;
    // Three voters in one region, one in the other, who rejects: the lone rejection stops the plan.
    const project = await ballotProject(deps(), { members: [3, 1], plans: 1 });
    const planId = project.planIds[0]!;
    const opened = await as(project.members[0]![0]!).ballots.open(
      ballotSettings(project.projectId, { visibility: "secret" }, clock.now()),
    );
    for (const voter of project.members[0]!)
      await as(voter).ballots.castVote({ ballotId: opened.id, choices: [{ planId, choice: "approve" }] });
    await as(project.members[1]![0]!).ballots.castVote({
      ballotId: opened.id,
      choices: [{ planId, choice: "reject" }],
    });
    await closeBallot(deps(), "scheduler", opened.id);
    await db.update(meetingDecisions).set({ ballotId: opened.id }).where(eq(meetingDecisions.id, m.decisionId));

    const entry = (await decisionRegister({ db }, m.memberC.user, registerFilterInput.parse({}), m.meetingId))
      .entries[0]!;
    expect(entry).toMatchObject({ id: m.decisionId, ballotId: opened.id, outcome: "no_agreement" });
    const page = await as(m.memberC).ballots.get({ ballotId: opened.id });
    expect(entry.regions).toEqual(
      page.result!.plans[0]!.regions.map((r) => ({
        regionId: r.regionId,
        approve: r.approve,
        reject: r.reject,
        abstain: r.abstain,
        agreed: r.majority,
        metQuorum: r.metQuorum,
        suppressed: r.suppressed,
      })),
    );
    expect(entry.regions.map((r) => [r.approve, r.reject, r.agreed, r.suppressed])).toEqual([
      [null, null, null, true],
      [null, null, null, true],
    ]);
    expect(JSON.stringify(entry)).not.toMatch(/"reject":[1-9]|"agreed":false/);
  });
});

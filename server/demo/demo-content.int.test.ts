import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { hashPassword } from "@/server/infra/auth/password";
import { callerFor, createTestServices, sessionUserOf, type TestServices } from "@/server/testing/fixtures";
import { seedDemoContent } from "./demo-content";
import { accounts, ballots, projects, reports, topics } from "@/db/schema/index";
import { seedDemoAccounts } from "@/db/seed";

let services: TestServices;

beforeAll(async () => {
  services = await createTestServices();
  await seedDemoAccounts(services.deps.db, hashPassword);
  await seedDemoContent(services.deps.db);
}, 120_000);
afterAll(async () => {
  await services?.close();
});

describe(`demo content (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("[DEMO] seeds one open ballot with votes and one closed ballot with a result", async () => {
    const db = services.deps.db;
    const rows = await db
      .select({ id: ballots.id, status: ballots.status, projectStatus: projects.status })
      .from(ballots)
      .innerJoin(projects, eq(projects.id, ballots.projectId));
    const open = rows.filter((b) => b.status === "open");
    const closed = rows.filter((b) => b.status === "closed");
    expect(open).toHaveLength(1);
    expect(closed).toHaveLength(1);
    expect(open[0]!.projectStatus).toBe("voting");

    const anonymous = callerFor(services.deps, null);
    const live = await anonymous.ballots.get({ ballotId: open[0]!.id });
    expect(live.turnout.reduce((sum, t) => sum + t.voted, 0)).toBe(2);
    expect(live.turnout.every((t) => t.electorate > 0)).toBe(true);

    const result = await anonymous.ballots.result({ ballotId: closed[0]!.id });
    expect(result.outcome).toBe("agreement");
    expect(result.winner).not.toBeNull();
  });

  it("[DEMO] the demo member can vote in the open ballot; a topic pages; the moderation queue has a report", async () => {
    const db = services.deps.db;
    const [open] = await db.select({ id: ballots.id }).from(ballots).where(eq(ballots.status, "open"));
    const [member] = await db.query.accounts.findMany({
      where: (a, { eq: is }) => is(a.email, "member@demo.xietong.cn"),
    });
    const mine = await callerFor(services.deps, {
      id: member!.id,
      role: member!.role,
      regionId: member!.regionId,
      displayName: member!.displayName,
      locale: member!.locale,
    }).ballots.myVotes({ ballotId: open!.id });
    expect(mine.votes).toEqual([]);
    expect(mine).toMatchObject({ eligible: true });

    const all = await db.select({ threadId: topics.threadId, commentCount: topics.commentCount }).from(topics);
    const longest = all.sort((a, b) => b.commentCount - a.commentCount)[0]!;
    const page = await callerFor(services.deps, null).comments.list({ threadId: longest.threadId });
    expect(page.nextCursor).not.toBeNull();

    expect(await db.select({ id: reports.id }).from(reports).where(eq(reports.status, "open"))).toHaveLength(1);
  });

  it("[DEMO] the closed meeting's record: one decision confirmed by both cities, one awaiting Yantai, an overdue action", async () => {
    const db = services.deps.db;
    const [yantai] = await db.select().from(accounts).where(eq(accounts.email, "yantai.member@demo.xietong.cn"));
    const register = (await callerFor(services.deps, sessionUserOf(yantai!)).meetings.decisions({})).entries;
    const shandong = register.filter((d) => d.meetingTitleEn.startsWith("Third Shandong"));
    expect(shandong.map((d) => d.recordStatus).sort()).toEqual(["confirmed", "pending"]);
    const pending = shandong.find((d) => d.recordStatus === "pending")!;
    expect(pending.confirmations.find((c) => c.regionId === yantai!.regionId)?.status).toBe("pending");
    expect(shandong.flatMap((d) => d.actions)).toHaveLength(2);
    // The meeting in session has a quick poll with two votes; the forum ahead a time poll two people answered.
    const meetings = await callerFor(services.deps, sessionUserOf(yantai!)).meetings.list({ when: "upcoming" });
    const pages = await Promise.all(
      meetings.meetings.map((m) => callerFor(services.deps, sessionUserOf(yantai!)).meetings.get({ meetingId: m.id })),
    );
    const live = pages.find((p) => p.meeting.status === "in_session")!;
    expect(live.polls[0]?.tally.overall.voters).toBe(2);
    expect(pages.find((p) => p.meeting.kind === "forum")?.timePoll?.respondents).toBe(2);
    // The public forum's round table links the joint fund's opinion round, which a signed-out reader sees too.
    const forum = pages.find((p) => p.meeting.kind === "forum")!;
    const signedOut = await callerFor(services.deps, null).meetings.get({ meetingId: forum.meeting.id });
    expect(signedOut.roundLinks).toHaveLength(1);
    expect(signedOut.roundLinks[0]!.question).toContain("联合基金");
  });

  it("[DEMO] seeding twice adds nothing", async () => {
    const before = await services.deps.db.select({ id: ballots.id }).from(ballots);
    await seedDemoContent(services.deps.db);
    expect(await services.deps.db.select({ id: ballots.id }).from(ballots)).toHaveLength(before.length);
  });
});

describe(`demo opinion round (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("[DEMO] seeds a round of 60 people over all regions whose map shows groups", async () => {
    const anonymous = callerFor(services.deps, null);
    const [topic] = await services.deps.db
      .select({ id: topics.id })
      .from(topics)
      .where(eq(topics.title, "跨区域协同创新联合基金：投向哪里、怎么分配？"));
    const [round] = await anonymous.opinions.list({ topicId: topic!.id });
    expect(round!.voters).toBe(60);
    const { map } = (await anonymous.opinions.get({ roundId: round!.id })).map!;
    expect(map.placed).toBeGreaterThanOrEqual(55);
    expect(map.groups.length).toBeGreaterThanOrEqual(2);
    expect(map.consensus.length).toBeGreaterThan(0);
    expect(new Set(map.statements.flatMap((s) => s.regions.map((r) => r.regionId))).size).toBe(10);
  });

  it("[DEMO] the awarded call's regions pay as agreed, but for one project whose partner paid less: its drift offers a revision", async () => {
    const anonymous = callerFor(services.deps, null);
    const results = (await anonymous.fund.results({ callId: 1 }))!;
    expect(results.projects.length).toBeGreaterThan(1);
    const drifting = results.projects.filter((p) => p.drift.revisionDue);
    expect(drifting.map((p) => p.title)).toEqual(["深莞先进封装中试平台"]);
    for (const p of results.projects) expect(p.drift.paidYuan).toBeGreaterThan(0);
    // Signed out, nobody is offered the form; the project's drift is public, like its money.
    expect(results.projects.every((p) => !p.mayProposeRevision)).toBe(true);
  });
});

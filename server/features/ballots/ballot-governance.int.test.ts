import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accounts, auditEntries, ballots, projects } from "@/db/schema";
import { minVotingMs } from "./rules/ballot-governance";
import { ballotProject, ballotSettings, insertAccounts } from "@/server/testing/ballots";
import {
  callerFor,
  createTestAccount,
  createTestClock,
  createTestServices,
  type TestAccount,
  type TestServices,
} from "@/server/testing/fixtures";
import { callFailure } from "@/server/testing/trpc-errors";
import { closeBallot } from "./close-ballot";

/**
 * The review's finding: one member opened a vote with quorum 0 and simple majority, cast the only
 * vote and closed it at once, approving a joint project over the partner region's head. Each rule
 * that now stops it is exercised here through the procedures, on the database.
 */
const clock = createTestClock();
let services: TestServices;
let admin: TestAccount;

beforeAll(async () => {
  services = await createTestServices({ now: clock.now });
  admin = await createTestAccount(services.deps.db, { role: "admin", regionCode: "beijing" });
});
afterAll(async () => {
  await services?.close();
});

const as = (who: TestAccount) => callerFor(services.deps, who.user);
const projectStatus = async (id: number) =>
  (await services.deps.db.select({ status: projects.status }).from(projects).where(eq(projects.id, id)))[0]?.status;
const auditsOf = async (targetType: string, targetId: number) =>
  (
    await services.deps.db
      .select()
      .from(auditEntries)
      .where(and(eq(auditEntries.targetType, targetType), eq(auditEntries.targetId, String(targetId))))
  ).map((a) => a.action);
const approveAll = (planIds: number[]) => planIds.map((planId) => ({ planId, choice: "approve" as const }));

describe(`ballot governance (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("[CHAIR] only a chair an admin appointed opens; revoking it stops the next close; admins always may", async () => {
    const setup = await ballotProject(services.deps, { members: [2, 1] });
    const member = setup.members[0]![1]!;
    expect(await callFailure(as(member).ballots.open(ballotSettings(setup.projectId, {}, clock.now())))).toMatchObject({
      code: "FORBIDDEN",
      reason: "NOT_BALLOT_CHAIR",
    });
    expect(await projectStatus(setup.projectId)).toBe("submitted");

    expect(await callFailure(as(admin).admin.setChair({ accountId: admin.account.id, chair: true }))).toMatchObject({
      reason: "CHAIR_NEEDS_MEMBER",
    });
    await as(admin).admin.setChair({ accountId: member.account.id, chair: true, reason: "Elected at the plenary" });
    const opened = await as(member).ballots.open(ballotSettings(setup.projectId, {}, clock.now()));
    expect(await auditsOf("account", member.account.id)).toEqual(["account.chair_grant"]);

    await as(admin).admin.setChair({ accountId: member.account.id, chair: false });
    expect(await auditsOf("account", member.account.id)).toEqual(["account.chair_grant", "account.chair_revoke"]);
    // Revoking ends nothing else: the ballot stays open and the person still votes.
    await as(member).ballots.castVote({ ballotId: opened.id, choices: approveAll(opened.planIds) });
    expect(await callFailure(as(member).ballots.close({ ballotId: opened.id }))).toMatchObject({
      reason: "NOT_BALLOT_CHAIR",
    });
    const [ballot] = await services.deps.db
      .select({ status: ballots.status })
      .from(ballots)
      .where(eq(ballots.id, opened.id));
    expect(ballot?.status).toBe("open");
  });

  it("[CHAIR] a chair whose role changes from member loses the chair with it", async () => {
    const [chair] = await insertAccounts(
      services.deps.db,
      (await ballotProject(services.deps, { members: [1, 1], plans: 0 })).regions[0]!.id,
      1,
    );
    await as(admin).admin.setChair({ accountId: chair!.account.id, chair: true });
    await as(admin).admin.updateAccount({ accountId: chair!.account.id, role: "researcher" });
    const [row] = await services.deps.db
      .select({ chair: accounts.chair })
      .from(accounts)
      .where(eq(accounts.id, chair!.account.id));
    expect(row?.chair).toBe(false);
  });

  it("[TERMS] quorum 0 and a one-hour window are refused, and nothing is written", async () => {
    const setup = await ballotProject(services.deps, { members: [1, 1] });
    const chair = setup.members[0]![0]!;
    expect(
      await callFailure(as(chair).ballots.open(ballotSettings(setup.projectId, { quorumBp: 0 }, clock.now()))),
    ).toMatchObject({ code: "BAD_REQUEST", reason: "QUORUM_TOO_LOW" });
    expect(
      await callFailure(as(chair).ballots.open(ballotSettings(setup.projectId, { quorumBp: 4_999 }, clock.now()))),
    ).toMatchObject({ reason: "QUORUM_TOO_LOW" });
    const soon = new Date(clock.now().getTime() + 3_600_000);
    expect(
      await callFailure(as(chair).ballots.open(ballotSettings(setup.projectId, { closesAt: soon }, clock.now()))),
    ).toMatchObject({ code: "BAD_REQUEST", reason: "VOTING_TOO_SHORT" });
    // Admins are held to the same terms.
    expect(
      await callFailure(as(admin).ballots.open(ballotSettings(setup.projectId, { quorumBp: 0 }, clock.now()))),
    ).toMatchObject({ reason: "QUORUM_TOO_LOW" });
    expect(await projectStatus(setup.projectId)).toBe("submitted");
    expect(await services.deps.db.select().from(ballots).where(eq(ballots.projectId, setup.projectId))).toEqual([]);
  });

  it("[EARLY] the finding replayed: the chair's lone vote cannot close the ballot before the partner region met quorum", async () => {
    const setup = await ballotProject(services.deps, { members: [1, 2] });
    const chair = setup.members[0]![0]!;
    const opened = await as(chair).ballots.open(
      ballotSettings(setup.projectId, { rule: "simple_majority" }, clock.now()),
    );
    await as(chair).ballots.castVote({ ballotId: opened.id, choices: approveAll(opened.planIds) });

    const refused = await callFailure(as(chair).ballots.close({ ballotId: opened.id }));
    expect(refused).toMatchObject({ code: "PRECONDITION_FAILED", reason: "EARLY_CLOSE_QUORUM_NOT_MET" });
    // The chair is told which region is short: the partner, not the lead whose one voter voted.
    expect(refused.error.cause?.message).toContain(`Test ${setup.regions[1]!.code}`);
    expect(refused.error.cause?.message).not.toContain(`Test ${setup.regions[0]!.code}`);
    expect(await callFailure(as(chair).ballots.close({ ballotId: opened.id, confirmEarlyClose: true }))).toMatchObject({
      code: "FORBIDDEN",
      reason: "EARLY_CLOSE_CONFIRM_ADMIN_ONLY",
    });
    expect(await projectStatus(setup.projectId)).toBe("voting");

    // One of the partner region's two voters is its quorum (half, rounded up): now the chair may close.
    await as(setup.members[1]![0]!).ballots.castVote({
      ballotId: opened.id,
      choices: opened.planIds.map((planId) => ({ planId, choice: "reject" as const })),
    });
    const closed = await as(chair).ballots.close({ ballotId: opened.id });
    expect(closed.closedNow).toBe(true);
    expect(closed.page.result?.outcome).toBe("no_agreement");
    expect(await auditsOf("ballot", opened.id)).toEqual(["ballot.open", "ballot.close"]);
  });

  it("[EARLY] an admin closes early only with the confirmation, which is audited with the regions overridden", async () => {
    const setup = await ballotProject(services.deps, { members: [1, 1] });
    const opened = await as(setup.members[0]![0]!).ballots.open(ballotSettings(setup.projectId, {}, clock.now()));
    expect(await callFailure(as(admin).ballots.close({ ballotId: opened.id }))).toMatchObject({
      reason: "EARLY_CLOSE_QUORUM_NOT_MET",
    });
    const closed = await as(admin).ballots.close({ ballotId: opened.id, confirmEarlyClose: true });
    expect(closed.closedNow).toBe(true);
    const audit = await services.deps.db
      .select()
      .from(auditEntries)
      .where(
        and(
          eq(auditEntries.targetType, "ballot"),
          eq(auditEntries.targetId, String(opened.id)),
          eq(auditEntries.action, "ballot.close_early_confirmed"),
        ),
      );
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorId: admin.account.id,
      after: { shortOfQuorum: setup.regions.map((r) => r.id) },
    });
  });

  it("[EARLY] at its time the ballot closes whatever the turnout: quorum then decides the result, not the close", async () => {
    const setup = await ballotProject(services.deps, { members: [1, 1] });
    const opened = await as(setup.members[0]![0]!).ballots.open(ballotSettings(setup.projectId, {}, clock.now()));
    expect((await closeBallot(services.deps, "scheduler", opened.id, { onlyIfDue: true })).closedNow).toBe(false);
    clock.advanceHours(minVotingMs / 3_600_000 + 2);
    const closed = await closeBallot(services.deps, "scheduler", opened.id, { onlyIfDue: true });
    expect(closed).toMatchObject({ closedNow: true, result: { outcome: "no_agreement" } });
    expect(closed.result!.plans[0]!.missedQuorum).toEqual(setup.regions.map((r) => r.id));
  });

  it("[CONSENT] simple majority on changed cost shares opens only after every region consented, and the ballot shows who", async () => {
    const setup = await ballotProject(services.deps, { members: [1, 1], plans: 0 });
    const [a, b] = setup.regions.map((r) => r.id) as [number, number];
    const chair = setup.members[0]![0]!;
    const partner = setup.members[1]![0]!;
    await as(setup.proposer).ballots.plans.propose({
      projectId: setup.projectId,
      shares: [
        { regionId: a, costBp: 3_000, benefitBp: 5_000 },
        { regionId: b, costBp: 7_000, benefitBp: 5_000 },
      ],
      rationale: "The partner pays more",
    });
    const simple = () => ballotSettings(setup.projectId, { rule: "simple_majority" }, clock.now());
    expect(await callFailure(as(chair).ballots.open(simple()))).toMatchObject({
      code: "PRECONDITION_FAILED",
      reason: "SIMPLE_MAJORITY_NEEDS_CONSENT",
    });

    // Only members of participating regions consent, each for their own region.
    const researcher = await createTestAccount(services.deps.db, {
      role: "researcher",
      regionCode: setup.regions[0]!.code,
    });
    expect(
      await callFailure(as(researcher).ballots.consent({ projectId: setup.projectId, consent: true })),
    ).toMatchObject({ code: "FORBIDDEN" });
    const outsider = await createTestAccount(services.deps.db, { role: "member", regionCode: "qingdao" });
    expect(
      await callFailure(as(outsider).ballots.consent({ projectId: setup.projectId, consent: true })),
    ).toMatchObject({ reason: "CONSENT_FORBIDDEN" });

    await as(chair).ballots.consent({ projectId: setup.projectId, consent: true });
    const failure = await callFailure(as(chair).ballots.open(simple()));
    expect(failure).toMatchObject({ reason: "SIMPLE_MAJORITY_NEEDS_CONSENT" });
    // Giving twice is one consent; withdrawing and giving again works.
    await as(partner).ballots.consent({ projectId: setup.projectId, consent: true });
    await as(partner).ballots.consent({ projectId: setup.projectId, consent: false });
    expect(
      (await callerFor(services.deps, null).ballots.opening({ projectId: setup.projectId })).consents.map(
        (c) => c.regionId,
      ),
    ).toEqual([a]);
    expect(await as(partner).ballots.opening({ projectId: setup.projectId })).toMatchObject({
      mayChair: false,
      consentRegionId: b,
    });
    expect(await as(chair).ballots.opening({ projectId: setup.projectId })).toMatchObject({
      mayChair: true,
      consentRegionId: a,
    });
    await as(partner).ballots.consent({ projectId: setup.projectId, consent: true });
    await as(partner).ballots.consent({ projectId: setup.projectId, consent: true });

    const opened = await as(chair).ballots.open(simple());
    const ballot = await callerFor(services.deps, null).ballots.get({ ballotId: opened.id });
    expect(ballot.consents.map((c) => [c.regionId, c.by.id])).toEqual([
      [a, chair.account.id],
      [b, partner.account.id],
    ]);
    // Taken by the ballot: none pending for a later round, and none can be given while voting.
    expect((await callerFor(services.deps, null).ballots.opening({ projectId: setup.projectId })).consents).toEqual([]);
    expect(
      await callFailure(as(partner).ballots.consent({ projectId: setup.projectId, consent: false })),
    ).toMatchObject({ reason: "CONSENT_CLOSED" });
  });

  it("[CONSENT] without changed cost shares simple majority needs no consent; other rules never do", async () => {
    const equal = await ballotProject(services.deps, { members: [1, 1] });
    await as(equal.members[0]![0]!).ballots.open(
      ballotSettings(equal.projectId, { rule: "simple_majority" }, clock.now()),
    );
    const changed = await ballotProject(services.deps, { members: [1, 1], plans: 0 });
    const [a, b] = changed.regions.map((r) => r.id) as [number, number];
    await as(changed.proposer).ballots.plans.propose({
      projectId: changed.projectId,
      shares: [
        { regionId: a, costBp: 9_000, benefitBp: 5_000 },
        { regionId: b, costBp: 1_000, benefitBp: 5_000 },
      ],
      rationale: "The lead pays",
    });
    const opened = await as(changed.members[0]![0]!).ballots.open(
      ballotSettings(changed.projectId, { rule: "double_majority" }, clock.now()),
    );
    expect(opened.round).toBe(1);
  });
});

import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { auditEntries, fundRevisions, fundSubmissions, notifications, projectCoauthors, projects } from "@/db/schema";
import {
  callerFor,
  createTestAccount,
  createTestServices,
  regionIdsByCode,
  type TestAccount,
  type TestServices,
} from "@/server/testing/fixtures";
import { callInSelection, fundBallotPeople } from "@/server/testing/fund";
import { callFailure, clientErrorShape } from "@/server/testing/trpc-errors";
import { ballotProject, ballotSettings, withBallotEvents } from "@/server/testing/ballots";
import { withDecidedRevision, withPayment, withProposedRevision } from "@/app/lib/live/fund-results";
import { getBallot } from "./ballot-results";
import { flushVoteNotices } from "./vote-notices";

let services: TestServices;
let admin: TestAccount;
let chair: TestAccount;
let region: (code: string) => number;
/** The coordination body of the project's regions (Shenzhen leads, Dongguan partners), and one elsewhere. */
let shenzhen: TestAccount[];
let dongguan: TestAccount;
let outsider: TestAccount;

const as = (who: TestAccount | null) => callerFor(services.deps, who?.user ?? null);
const day = 86_400_000;
const budget = 50_000_000;

beforeAll(async () => {
  services = await createTestServices();
  region = await regionIdsByCode(services.deps.db);
  ({ admin, chair, shenzhen, dongguan, outsider } = await fundBallotPeople(services.deps.db));
});
afterAll(async () => {
  await services?.close();
});

/** A call taken to the award with one funded project (60 % Shenzhen, 40 % Dongguan of the regions' part), with a milestone. */
async function fundedProject(tag: string) {
  const { callId, submissions } = await callInSelection(services.deps, region, { admin, chair }, [
    { title: `${tag} packaging line`, budgetYuan: budget, score: 5 },
  ]);
  await as(chair).fund.decide({ callId, method: "exact", reason: "The only proposal, within every contribution" });
  const { submissionId, projectId, proposer } = submissions[0]!;
  return { callId, submissionId, projectId, proposer };
}

const pay = (submissionId: number, code: string, amountYuan: number) =>
  as(chair).fund.disburse({ submissionId, regionId: region(code), amountYuan, paidOn: "2026-11-20", note: "" });

/** Dongguan pays nine tenths against its agreed 40 %, and `who` proposes the shares as paid (10 / 90). */
async function driftAndPropose(submissionId: number, who: TestAccount) {
  await pay(submissionId, "shenzhen", 1_000_000);
  await pay(submissionId, "dongguan", 9_000_000);
  return as(who).ballots.proposeRevision({
    submissionId,
    shares: [
      { regionId: region("shenzhen"), costBp: 1000 },
      { regionId: region("dongguan"), costBp: 9000 },
    ],
    reason: "Follow the payments",
    closesAt: new Date(services.deps.now().getTime() + 2 * day),
  });
}

const projectStatus = async (projectId: number) =>
  (await services.deps.db.select({ status: projects.status }).from(projects).where(eq(projects.id, projectId)))[0]!
    .status;

const results = async (callId: number, submissionId: number, viewer: TestAccount | null = null) =>
  (await as(viewer).fund.results({ callId }))!.projects.find((p) => p.id === submissionId)!;

describe(`revision ballots (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("[REVISION] funded → milestones → disbursement drift → revision refused below the threshold, balloted above it, shares updated", async () => {
    const { callId, submissionId, projectId, proposer } = await fundedProject("Drift");
    const proposerId = proposer.account.id;
    const { db } = services.deps;
    await as(proposer).fund.addMilestone({
      submissionId,
      title: "Pilot line running",
      deliverable: "First wafers packaged",
      dueOn: "2027-03-01",
    });

    const propose = (who: TestAccount, shares: Array<[string, number]>, reason = "Dongguan paid ahead") =>
      as(who).ballots.proposeRevision({
        submissionId,
        shares: shares.map(([code, costBp]) => ({ regionId: region(code), costBp })),
        reason,
        closesAt: new Date(services.deps.now().getTime() + 2 * day),
      });

    const followPayments: Array<[string, number]> = [
      ["shenzhen", 4500],
      ["dongguan", 5500],
    ];
    const refusal = async (who: TestAccount, shares: Array<[string, number]>) =>
      (await callFailure(propose(who, shares))).reason;

    // 62 / 38 against the agreed 60 / 40: two points, below the default five.
    await pay(submissionId, "shenzhen", 6_200_000);
    await pay(submissionId, "dongguan", 3_800_000);
    let funded = await results(callId, submissionId);
    expect(funded.drift.regions.map((r) => [r.regionId, r.plannedBp, r.actualBp, r.driftBp])).toEqual(
      [
        [region("shenzhen"), 6000, 6200, 200],
        [region("dongguan"), 4000, 3800, -200],
      ].sort((a, b) => a[0]! - b[0]!),
    );
    expect(funded.drift.revisionDue).toBe(false);
    expect(funded.mayProposeRevision).toBe(false);
    expect(await refusal(proposer, followPayments)).toBe("REVISION_NOT_DUE");

    // Dongguan pays five million more: 6.2 / 8.8 M is 41.33 % / 58.67 %, some 18.7 points off.
    await pay(submissionId, "dongguan", 5_000_000);
    funded = await results(callId, submissionId, proposer);
    expect(funded.drift).toMatchObject({ revisionDue: true, maxDriftBp: 1867 });
    expect(funded.mayProposeRevision).toBe(true);
    expect((await as(outsider).fund.results({ callId }))!.projects[0]!.mayProposeRevision).toBe(false);

    // Only an admin sets the call's threshold; at 20 points this drift is not enough.
    expect((await callFailure(as(chair).fund.setDriftThreshold({ callId, thresholdBp: 2000 }))).code).toBe("FORBIDDEN");
    await as(admin).fund.setDriftThreshold({ callId, thresholdBp: 2000 });
    expect(await refusal(proposer, followPayments)).toBe("REVISION_NOT_DUE");
    await as(admin).fund.setDriftThreshold({ callId, thresholdBp: 500 });

    // Who may propose, and what: the team or the fund's managers; shares of the project's regions summing to 100 %.
    const stranger = await createTestAccount(db, { role: "researcher", regionCode: "shenzhen" });
    expect(
      await refusal(stranger, [
        ["shenzhen", 4500],
        ["dongguan", 5500],
      ]),
    ).toBe("REVISION_FORBIDDEN");
    const badSum = await callFailure(
      propose(proposer, [
        ["shenzhen", 4500],
        ["dongguan", 5000],
      ]),
    );
    expect(badSum.code).toBe("BAD_REQUEST");
    // Shown at the shares field, in the catalogue's words (validation.custom.sharesSum).
    const badSumShape = clientErrorShape(badSum.error, "ballots.proposeRevision", "mutation", {});
    expect(badSumShape.data.fieldErrors).toEqual([
      expect.objectContaining({ field: "shares", params: expect.objectContaining({ key: "sharesSum" }) }),
    ]);
    expect(
      await refusal(proposer, [
        ["shenzhen", 6000],
        ["dongguan", 4000],
      ]),
    ).toBe("REVISION_UNCHANGED");
    expect(
      await refusal(proposer, [
        ["shenzhen", 4500],
        ["hangzhou", 5500],
      ]),
    ).toBe("INVALID_PLAN");

    const statusBefore = await projectStatus(projectId);
    const opened = await propose(proposer, [
      ["shenzhen", 4500],
      ["dongguan", 5500],
    ]);
    // One open revision per project.
    expect(
      await refusal(chair, [
        ["shenzhen", 4000],
        ["dongguan", 6000],
      ]),
    ).toBe("REVISION_PENDING");
    expect((await results(callId, submissionId, proposer)).mayProposeRevision).toBe(false);

    // A further round of the project's ballots, under regional consent, the agreed plan against the revision.
    const ballot = await as(null).ballots.get({ ballotId: opened.ballotId });
    expect(ballot.projectId).toBe(projectId);
    expect(ballot.rule).toBe("regional_consent");
    expect(ballot.round).toBe(opened.round);
    expect(ballot.plans.map((p) => p.id)).toEqual([opened.keptPlanId, opened.revisedPlanId]);
    const revisedPlan = ballot.plans.find((p) => p.id === opened.revisedPlanId)!;
    expect(revisedPlan.shares.map((s) => [s.regionId, s.costBp, s.benefitBp]).sort((a, b) => a[0]! - b[0]!)).toEqual(
      [
        [region("shenzhen"), 4500, 5000],
        [region("dongguan"), 5500, 5000],
      ].sort((a, b) => a[0]! - b[0]!),
    );
    expect(ballot.turnout.map((r) => [r.regionId, r.electorate]).sort((a, b) => a[0]! - b[0]!)).toEqual(
      [
        [region("shenzhen"), 2],
        [region("dongguan"), 1],
      ].sort((a, b) => a[0]! - b[0]!),
    );

    // The body's members and the project's other proposers hear of it; the proposer does not hear of their own act.
    const told = (
      await db
        .select({ recipientId: notifications.recipientId, link: notifications.link })
        .from(notifications)
        .where(eq(notifications.kind, "fund_revision_proposed"))
    ).filter((n) => n.link === `/fund/${callId}`);
    const coauthors = await db
      .select({ id: projectCoauthors.accountId })
      .from(projectCoauthors)
      .where(and(eq(projectCoauthors.projectId, projectId), eq(projectCoauthors.status, "accepted")));
    const recipients = told.map((n) => n.recipientId);
    for (const id of [...shenzhen, dongguan, outsider, chair].map((m) => m.account.id))
      expect(recipients).toContain(id);
    for (const c of coauthors) expect(recipients).toContain(c.id);
    expect(recipients).not.toContain(proposerId);

    // Members of both regions vote; outsiders cannot.
    expect(
      (
        await callFailure(
          as(outsider).ballots.castVote({
            ballotId: opened.ballotId,
            choices: [{ planId: opened.revisedPlanId, choice: "approve" }],
          }),
        )
      ).reason,
    ).toBe("NOT_IN_ELECTORATE");
    for (const voter of [...shenzhen, dongguan])
      await as(voter).ballots.castVote({
        ballotId: opened.ballotId,
        choices: [
          { planId: opened.keptPlanId, choice: "reject" },
          { planId: opened.revisedPlanId, choice: "approve" },
        ],
      });
    const closed = await as(chair).ballots.close({ ballotId: opened.ballotId });
    expect(closed.page.result).toMatchObject({ outcome: "agreement", winnerPlanId: opened.revisedPlanId });

    // The agreed shares are the revised ones; the planned money follows; the project's own status is untouched.
    const [submission] = await db.select().from(fundSubmissions).where(eq(fundSubmissions.id, submissionId));
    expect(submission!.planId).toBe(opened.revisedPlanId);
    funded = await results(callId, submissionId);
    const regional = budget * 0.8;
    expect(funded.money.find((m) => m.funderId === region("shenzhen"))!.plannedYuan).toBe(regional * 0.45);
    expect(funded.money.find((m) => m.funderId === region("dongguan"))!.plannedYuan).toBe(regional * 0.55);
    expect(funded.drift.regions.find((r) => r.regionId === region("shenzhen"))!.plannedBp).toBe(4500);
    expect(funded.revisions).toMatchObject([
      { ballotId: opened.ballotId, outcome: "revised", status: "closed", reason: "Dongguan paid ahead" },
    ]);
    expect(await projectStatus(projectId)).toBe(statusBefore);
    const audited = await db
      .select()
      .from(auditEntries)
      .where(and(eq(auditEntries.action, "fund.revision_adopted"), eq(auditEntries.targetId, String(submissionId))));
    expect(audited).toHaveLength(1);
  }, 180_000);

  it("[REVISION] keeps the agreed shares when a region withholds consent, and frees the project for another", async () => {
    const { callId, submissionId } = await fundedProject("Blocked");
    const opened = await driftAndPropose(submissionId, chair);
    for (const voter of shenzhen)
      await as(voter).ballots.castVote({
        ballotId: opened.ballotId,
        choices: [{ planId: opened.revisedPlanId, choice: "approve" }],
      });
    await as(dongguan).ballots.castVote({
      ballotId: opened.ballotId,
      choices: [{ planId: opened.revisedPlanId, choice: "reject" }],
    });
    const closed = await as(chair).ballots.close({ ballotId: opened.ballotId });
    expect(closed.page.result?.outcome).toBe("no_agreement");
    const [row] = await services.deps.db
      .select()
      .from(fundRevisions)
      .where(eq(fundRevisions.ballotId, opened.ballotId));
    expect(row!.outcome).toBe("no_agreement");
    const [submission] = await services.deps.db
      .select()
      .from(fundSubmissions)
      .where(eq(fundSubmissions.id, submissionId));
    expect(submission!.planId).not.toBe(opened.revisedPlanId);
    expect((await results(callId, submissionId, chair)).mayProposeRevision).toBe(true);
    // A closed revision round is no project round to follow up or conclude.
    expect((await callFailure(as(chair).ballots.concludeWithoutAgreement({ ballotId: opened.ballotId }))).reason).toBe(
      "NEW_ROUND_NOT_ALLOWED",
    );
  }, 180_000);

  it("[LIVE] each payment's answer, set into the results the manager held, gives their next read of them", async () => {
    const { callId, submissionId } = await fundedProject("Paid");
    let held = (await as(chair).fund.results({ callId }))!;
    const first = await pay(submissionId, "shenzhen", 1_000_000);
    held = withPayment(held, first.project);
    expect(held).toEqual(await as(chair).fund.results({ callId }));
    const second = await pay(submissionId, "dongguan", 9_000_000);
    held = withPayment(held, second.project);
    const next = (await as(chair).fund.results({ callId }))!;
    expect(held).toEqual(next);
    // Past the threshold now: the form is offered, as the read offers it.
    expect(next.projects.find((p) => p.id === submissionId)!.mayProposeRevision).toBe(true);
    // The first answer arriving late changes nothing.
    expect(withPayment(held, first.project)).toBe(held);
  }, 120_000);

  it("[LIVE] the proposal's answer, added to the results its proposer held, gives their next read of them", async () => {
    const { callId, submissionId, proposer } = await fundedProject("Answered");
    await pay(submissionId, "shenzhen", 1_000_000);
    await pay(submissionId, "dongguan", 9_000_000);
    for (const who of [proposer, chair]) {
      const held = (await as(who).fund.results({ callId }))!;
      expect(held.projects.find((p) => p.id === submissionId)!.mayProposeRevision).toBe(true);
      const answer = await as(who).ballots.proposeRevision({
        submissionId,
        shares: [
          { regionId: region("shenzhen"), costBp: 1000 },
          { regionId: region("dongguan"), costBp: 9000 },
        ],
        reason: `Follow the payments (${who.account.displayName})`,
        closesAt: new Date(services.deps.now().getTime() + 2 * day),
      });
      expect(withProposedRevision(held, answer.revision)).toEqual(await as(who).fund.results({ callId }));
      // The row is the same for every reader of the call: nothing in it is the proposer's own.
      expect((await results(callId, submissionId, outsider)).revisions[0]).toEqual(answer.revision);
      // One pending at a time: the chair's proposal follows the proposer's ballot's close.
      await as(admin).ballots.close({ ballotId: answer.ballotId, confirmEarlyClose: true });
    }
  }, 120_000);

  it("[READ] a closed ballot's page (getBallot, what ballots.get reads) looks up a revision's project only for a revision ballot", async () => {
    const ordinary = await ballotProject(services.deps, { members: [1, 1] });
    const opened = await as(ordinary.members[0]![0]!).ballots.open(
      ballotSettings(ordinary.projectId, { rule: "simple_majority" }, services.deps.now()),
    );
    await as(admin).ballots.close({ ballotId: opened.id, confirmEarlyClose: true });
    const page = await statementsDuring(() => getBallot(services.deps, null, opened.id));
    expect(page.result.status).toBe("closed");
    expect(page.result.revision).toBeNull();
    expect(page.statements.filter(readsRevision)).toEqual([]);

    const { submissionId } = await fundedProject("Looked up");
    const revision = await driftAndPropose(submissionId, chair);
    await as(admin).ballots.close({ ballotId: revision.ballotId, confirmEarlyClose: true });
    const revisionPage = await statementsDuring(() => getBallot(services.deps, null, revision.ballotId));
    expect(revisionPage.result.revision).toMatchObject({ submissionId, outcome: "no_agreement" });
    expect(revisionPage.statements.filter(readsRevision)).toHaveLength(1);
  }, 120_000);

  it("[LIVE] the call's results follow a revision ballot's close: its event, or the chair's answer, gives each reader's next read of the results", async () => {
    for (const [tag, dongguanVotes] of [
      ["Live revised", "approve"],
      ["Live refused", "reject"],
    ] as const) {
      const { callId, submissionId, proposer } = await fundedProject(tag);
      // The chair, a voter, the project's team, an outsider and a visitor: everyone who may follow the ballot.
      const readers = { chair, voter: dongguan, team: proposer, outsider, signedOut: null };
      const opened = await driftAndPropose(submissionId, proposer);
      const before = new Map<string, Awaited<ReturnType<typeof readPage>>>();
      for (const [name, who] of Object.entries(readers)) before.set(name, await readPage(who, callId, opened.ballotId));
      for (const voter of [...shenzhen, dongguan])
        await as(voter).ballots.castVote({
          ballotId: opened.ballotId,
          choices: [
            { planId: opened.keptPlanId, choice: "reject" },
            { planId: opened.revisedPlanId, choice: voter === dongguan ? dongguanVotes : "approve" },
          ],
        });
      await flushVoteNotices(services.deps.publisher);
      const closed = await as(chair).ballots.close({ ballotId: opened.ballotId });
      for (const [name, who] of Object.entries(readers)) {
        const held = before.get(name)!;
        const ballot = withBallotEvents(services.deps.publisher.published, opened.ballotId, held.ballot);
        const live = withDecidedRevision(held.results, ballot);
        expect(live.refetch).toBe(false);
        const next = await readPage(who, callId, opened.ballotId);
        expect({ tag, name, ballot, results: live.results }).toEqual({ tag, name, ...next });
        // The chair's page takes the close's answer before (or without) its event.
        if (who === chair) expect(withDecidedRevision(held.results, closed.page).results).toEqual(next.results);
      }
      const decided = (await as(null).fund.results({ callId }))!.projects.find((p) => p.id === submissionId)!;
      expect(decided.revisions[0]!.outcome).toBe(dongguanVotes === "approve" ? "revised" : "no_agreement");
    }
  }, 240_000);
});

/**
 * The statements `run` sends through the services' database client (pg's pool or PGlite's), and its
 * answer. Outside a transaction only: `ballots.get` reads in one (readAtStreamHead), so tests call the
 * read it runs, getBallot, directly.
 */
async function statementsDuring<T>(run: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  const { $client: client } = services.deps.db as unknown as { $client: { query: (...args: unknown[]) => unknown } };
  const sent = vi.spyOn(client, "query");
  try {
    const result = await run();
    const statements = sent.mock.calls.map(([query]) =>
      typeof query === "string" ? query : String((query as { text?: unknown }).text),
    );
    return { result, statements };
  } finally {
    sent.mockRestore();
  }
}

/** A read of a ballot's revision row itself (`decidedRevision`), not the ballot's own read joining it. */
const readsRevision = (statement: string) => /from "fund_revisions"/.test(statement);

/** What the call's page holds of a revision: the open revision's ballot page and the call's results. */
async function readPage(who: TestAccount | null, callId: number, ballotId: number) {
  return { ballot: await as(who).ballots.get({ ballotId }), results: (await as(who).fund.results({ callId }))! };
}

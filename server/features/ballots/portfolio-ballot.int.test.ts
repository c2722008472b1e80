import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fundAssignments, fundCalls, fundSubmissions, notifications } from "@/db/schema";
import { ballotsVisibleTo, streamVisibleTo } from "@/server/features/access";
import {
  callerFor,
  createTestServices,
  regionIdsByCode,
  type TestAccount,
  type TestServices,
} from "@/server/testing/fixtures";
import { storedBallot, withBallotEvents } from "@/server/testing/ballots";
import { callInSelection, fundBallotPeople, smallCallInput } from "@/server/testing/fund";
import { callFailure } from "@/server/testing/trpc-errors";
import { withBallotCall, withClosedCallBallot } from "@/app/lib/live/fund-call";
import { flushVoteNotices } from "./vote-notices";

let services: TestServices;
let admin: TestAccount;
let chair: TestAccount;
let region: (code: string) => number;
/** The coordination body of the call's funding regions, and a member of a region that funds nothing. */
let shenzhen: TestAccount[];
let dongguan: TestAccount;
let outsider: TestAccount;

const as = (who: TestAccount | null) => callerFor(services.deps, who?.user ?? null);
const day = 86_400_000;

beforeAll(async () => {
  services = await createTestServices();
  region = await regionIdsByCode(services.deps.db);
  ({ admin, chair, shenzhen, dongguan, outsider } = await fundBallotPeople(services.deps.db));
});
afterAll(async () => {
  await services?.close();
});

const twoProposals = (tag: string) =>
  callInSelection(services.deps, region, { admin, chair }, [
    { title: `${tag} pilot line`, budgetYuan: 50_000_000, score: 5 },
    { title: `${tag} test rig`, budgetYuan: 40_000_000, score: 4 },
  ]);

const openFor = (callId: number, who: TestAccount = chair) =>
  as(who).ballots.openPortfolio({
    callId,
    method: "exact",
    reason: "Both fit every funder's contribution",
    closesAt: new Date(services.deps.now().getTime() + 2 * day),
  });

async function voteAll(ballotId: number, planId: number, choices: { dongguan: "approve" | "reject" }) {
  for (const m of shenzhen) await as(m).ballots.castVote({ ballotId, choices: [{ planId, choice: "approve" }] });
  await as(dongguan).ballots.castVote({ ballotId, choices: [{ planId, choice: choices.dongguan }] });
}

const callRow = async (callId: number) =>
  (await services.deps.db.select().from(fundCalls).where(eq(fundCalls.id, callId)))[0]!;
const fundedIds = async (callId: number) =>
  (
    await services.deps.db
      .select({ id: fundSubmissions.id })
      .from(fundSubmissions)
      .where(and(eq(fundSubmissions.callId, callId), eq(fundSubmissions.funded, true)))
  )
    .map((r) => r.id)
    .sort((a, b) => a - b);

describe(`portfolio ballots (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("[PORTFOLIO] puts the chosen portfolio to the funding regions and awards exactly it on consent", async () => {
    const { callId, submissions } = await twoProposals("Awarded");
    expect((await callFailure(openFor(callId, outsider))).reason).toBe("FUND_MANAGER_REQUIRED");

    const opened = await openFor(callId);
    const expected = submissions.map((s) => s.submissionId).sort((a, b) => a - b);
    expect(opened.selected).toEqual(expected);
    // One undecided portfolio ballot per call, and nobody decides over the regions' heads meanwhile.
    expect((await callFailure(openFor(callId))).reason).toBe("PORTFOLIO_BALLOT_PENDING");
    expect(
      (await callFailure(as(admin).fund.decide({ callId, method: "exact", reason: "Over their heads" }))).reason,
    ).toBe("PORTFOLIO_BALLOT_PENDING");

    // Regional consent over the funding regions' coordination body; the centre's manager does not vote.
    const ballot = await as(null).ballots.get({ ballotId: opened.id });
    expect(ballot.rule).toBe("regional_consent");
    expect(ballot.projectId).toBeNull();
    expect(ballot.turnout.map((r) => [r.regionId, r.electorate])).toEqual(
      [
        [region("shenzhen"), 2],
        [region("dongguan"), 1],
      ].sort((a, b) => a[0]! - b[0]!),
    );
    expect(ballot.plans.map((p) => p.id)).toEqual([opened.planId]);
    expect(ballot.portfolio?.callId).toBe(callId);
    expect(ballot.portfolio?.proposals.map((p) => p.title).sort()).toEqual(["Awarded pilot line", "Awarded test rig"]);
    const shenzhenSpent = ballot.portfolio?.funders.find((f) => f.funderId === region("shenzhen"));
    expect(shenzhenSpent).toMatchObject({ capYuan: 90_000_000, spentYuan: (40_000_000 + 32_000_000) * 0.6 });

    // The electorate is told, linked to the call; nobody outside it.
    const told = await services.deps.db
      .select({ recipientId: notifications.recipientId, link: notifications.link })
      .from(notifications)
      .where(eq(notifications.kind, "ballot_opened"));
    expect(
      told
        .filter((n) => n.link === `/fund/${callId}`)
        .map((n) => n.recipientId)
        .sort((a, b) => a - b),
    ).toEqual([...shenzhen, dongguan].map((m) => m.account.id).sort((a, b) => a - b));

    expect(
      (
        await callFailure(
          as(outsider).ballots.castVote({
            ballotId: opened.id,
            choices: [{ planId: opened.planId, choice: "reject" }],
          }),
        )
      ).reason,
    ).toBe("NOT_IN_ELECTORATE");
    expect(
      (
        await callFailure(
          as(chair).ballots.castVote({ ballotId: opened.id, choices: [{ planId: opened.planId, choice: "reject" }] }),
        )
      ).reason,
    ).toBe("NOT_IN_ELECTORATE");
    // The workbench lists it for each voter, linked to the call; not for anyone outside the electorate.
    expect((await as(dongguan).workbench.myWork()).ballotsToVote).toEqual([
      expect.objectContaining({ ballotId: opened.id, callId, projectId: null }),
    ]);
    expect((await as(outsider).workbench.myWork()).ballotsToVote).toEqual([]);
    await voteAll(opened.id, opened.planId, { dongguan: "approve" });
    expect((await as(dongguan).workbench.myWork()).ballotsToVote).toEqual([]);
    const closed = await as(chair).ballots.close({ ballotId: opened.id });
    expect(closed.page.result?.outcome).toBe("agreement");
    expect((await storedBallot(services.deps.db, opened.id)).result?.outcome).toBe("agreement");

    const call = await callRow(callId);
    expect(call.status).toBe("awarded");
    expect(call.portfolioMethod).toBe("exact");
    expect(call.portfolioReason).toBe("Both fit every funder's contribution");
    expect(await fundedIds(callId)).toEqual(expected);
    expect(await as(null).ballots.forCall({ callId })).toMatchObject([
      { id: opened.id, round: 1, status: "closed", outcome: "awarded", method: "exact" },
    ]);
    expect((await as(null).ballots.get({ ballotId: opened.id })).portfolio?.outcome).toBe("awarded");
  }, 120_000);

  it("[PORTFOLIO] records a stale portfolio when a review changed after opening, and leaves the call in selection", async () => {
    const { callId, submissions } = await twoProposals("Stale");
    const opened = await openFor(callId);
    await services.deps.db
      .update(fundAssignments)
      .set({ weightedScore: 100 })
      .where(eq(fundAssignments.submissionId, submissions[0]!.submissionId));
    await voteAll(opened.id, opened.planId, { dongguan: "approve" });
    const closed = await as(chair).ballots.close({ ballotId: opened.id });
    // The regions agreed; the award refused what they agreed to, and the record says why.
    expect(closed.page.result?.outcome).toBe("agreement");
    expect((await callRow(callId)).status).toBe("selection");
    expect(await fundedIds(callId)).toEqual([]);
    expect((await as(null).ballots.forCall({ callId }))[0]).toMatchObject({ outcome: "stale" });
    // The call is free for a new portfolio ballot, frozen from the reviews as they now stand.
    const again = await openFor(callId);
    expect(again.id).not.toBe(opened.id);
    expect((await as(null).ballots.get({ ballotId: again.id })).round).toBe(2);
  }, 120_000);

  it("[PORTFOLIO] leaves the call in selection when one funding region withholds consent", async () => {
    const { callId } = await twoProposals("Blocked");
    const opened = await openFor(callId);
    await voteAll(opened.id, opened.planId, { dongguan: "reject" });
    const closed = await as(chair).ballots.close({ ballotId: opened.id });
    const stored = await storedBallot(services.deps.db, opened.id);
    expect(stored.result?.outcome).toBe("no_agreement");
    expect(stored.result?.plans[0]?.blockedBy).toEqual([region("dongguan")]);
    // Dongguan's one voter: the chair's answer, like the page, says a region blocked but not which.
    expect(closed).not.toHaveProperty("result");
    expect(closed.page.result?.outcome).toBe("no_agreement");
    expect(closed.page.result?.plans[0]).toMatchObject({ blockedBy: [], blockedByHidden: true, suppressed: true });
    expect(closed.page).toEqual(await as(chair).ballots.get({ ballotId: opened.id }));
    expect((await callRow(callId)).status).toBe("selection");
    expect(await fundedIds(callId)).toEqual([]);
    expect((await as(null).ballots.forCall({ callId }))[0]).toMatchObject({ outcome: "no_agreement" });
    // A round without agreement on a portfolio is no project round to follow up.
    expect((await callFailure(as(chair).ballots.concludeWithoutAgreement({ ballotId: opened.id }))).reason).toBe(
      "NEW_ROUND_NOT_ALLOWED",
    );
  }, 120_000);

  it("[PORTFOLIO] shows a portfolio ballot as its call's rule allows, and opens none outside selection", async () => {
    const { callId } = await twoProposals("Visible");
    const opened = await openFor(callId);
    // The call is public from open on: so is its portfolio ballot, page and live stream.
    expect((await as(null).ballots.get({ ballotId: opened.id })).id).toBe(opened.id);
    expect(await streamVisibleTo(services.deps.db, null, { kind: "ballot", id: opened.id })).toBe(true);
    // The list read (the decision register's) follows the same rule: seen while the call is, a managers'
    // secret when the call is not public (a draft, set here by hand as no procedure goes back).
    expect(await ballotsVisibleTo(services.deps.db, null, [opened.id])).toEqual([opened.id]);
    await services.deps.db.update(fundCalls).set({ status: "draft" }).where(eq(fundCalls.id, callId));
    expect(await ballotsVisibleTo(services.deps.db, null, [opened.id])).toEqual([]);
    expect(await ballotsVisibleTo(services.deps.db, outsider.user, [opened.id])).toEqual([]);
    expect(await ballotsVisibleTo(services.deps.db, chair.user, [opened.id])).toEqual([opened.id]);
    await services.deps.db.update(fundCalls).set({ status: "selection" }).where(eq(fundCalls.id, callId));
    // A draft call is nobody's but the managers': its ballots list is NOT_FOUND to others, and it has none to open.
    const { id: draftId } = await as(chair).fund.create(
      smallCallInput(region, [{ key: "merit", nameZh: "科学价值", nameEn: "Scientific merit", weight: 1 }]),
    );
    expect((await callFailure(as(null).ballots.forCall({ callId: draftId }))).code).toBe("NOT_FOUND");
    expect((await callFailure(as(outsider).ballots.forCall({ callId: draftId }))).code).toBe("NOT_FOUND");
    expect(await as(chair).ballots.forCall({ callId: draftId })).toEqual([]);
    expect((await callFailure(openFor(draftId))).reason).toBe("CALL_WRONG_STAGE");
    // Closed by the chair only.
    expect((await callFailure(as(shenzhen[0]!).ballots.close({ ballotId: opened.id }))).reason).toBe(
      "NOT_BALLOT_CHAIR",
    );
    expect(await fundedIds(callId)).toEqual([]);
  }, 120_000);

  it("[LIVE] the call's page follows its portfolio ballot: the close's event, or the chair's answer, gives each reader's next read of the call and its ballots", async () => {
    const readers = { chair, voter: dongguan, outsider, signedOut: null };
    for (const [tag, dongguanVotes] of [
      ["Live award", "approve"],
      ["Live block", "reject"],
    ] as const) {
      const { callId } = await twoProposals(tag);
      const opened = await openFor(callId);
      const before = new Map<string, Awaited<ReturnType<typeof readPage>>>();
      for (const [name, who] of Object.entries(readers)) before.set(name, await readPage(who, callId, opened.id));
      await voteAll(opened.id, opened.planId, { dongguan: dongguanVotes });
      await flushVoteNotices(services.deps.publisher);
      const closed = await as(chair).ballots.close({ ballotId: opened.id });
      for (const [name, who] of Object.entries(readers)) {
        const held = before.get(name)!;
        const ballot = withBallotEvents(services.deps.publisher.published, opened.id, held.ballot);
        const live = {
          ballot,
          call: withBallotCall(held.call, ballot),
          list: withClosedCallBallot(held.list, ballot),
        };
        const next = await readPage(who, callId, opened.id);
        expect({ tag, name, ...live }).toEqual({ tag, name, ...next });
        if (who === chair) {
          // The chair's page takes the close's answer before (or without) its event.
          expect(withBallotCall(held.call, closed.page)).toEqual(next.call);
          expect(withClosedCallBallot(held.list, closed.page)).toEqual(next.list);
        }
      }
      expect((await callRow(callId)).status).toBe(dongguanVotes === "approve" ? "awarded" : "selection");
    }
  }, 240_000);
});

/** What the call's page holds: the call, its ballots list, and its latest ballot's page. */
async function readPage(who: TestAccount | null, callId: number, ballotId: number) {
  return {
    ballot: await as(who).ballots.get({ ballotId }),
    call: await as(who).fund.get({ callId }),
    list: await as(who).ballots.forCall({ callId }),
  };
}

import { createHash, createHmac } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decide, tallyVotes, voteChoices, type CastVote, type VoteChoice } from "./rules/ballot-rules";
import { canonicalVoteSet, publicPlanOutcomes } from "./rules/ballot-secrecy";
import { ballotProject, ballotSettings, storedBallot } from "@/server/testing/ballots";
import { callerFor, createTestServices, type TestServices } from "@/server/testing/fixtures";
import { ballotRegionRows } from "./ballot-reads";
import { castVote } from "./cast-vote";
import { flushVoteNotices } from "./vote-notices";

let services: TestServices;

beforeAll(async () => {
  services = await createTestServices();
});
afterAll(async () => {
  await services?.close();
});

/** Every way to give each voter one choice. */
function* assignments(count: number): Generator<VoteChoice[]> {
  for (let n = 0; n < voteChoices.length ** count; n += 1) {
    yield Array.from(
      { length: count },
      (_, i) => voteChoices[Math.floor(n / voteChoices.length ** i) % voteChoices.length]!,
    );
  }
}

describe(`a secret ballot against a signed-out attacker (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("[SECRET] with the electorate, the published result, exports, digest, receipts and events, the attacker cannot tell the true votes from others", async () => {
    // A region of four and a region of one: the lone voter is the one a careless result gives away.
    const setup = await ballotProject(services.deps, { members: [4, 1], plans: 1 });
    const planId = setup.planIds[0]!;
    const chair = setup.members[0]![0]!;
    const ballotId = (
      await callerFor(services.deps, chair.user).ballots.open(
        ballotSettings(setup.projectId, { rule: "double_majority", visibility: "secret", showRunningTallies: true }),
      )
    ).id;
    const electorate = setup.members.flatMap((members, r) =>
      members.map((m) => ({ voterId: m.account.id, regionId: setup.regions[r]!.id, user: m.user })),
    );
    const truth: VoteChoice[] = ["approve", "reject", "approve", "abstain", "reject"];
    for (const [i, voter] of electorate.entries()) {
      await castVote(services.deps, voter.user, {
        ballotId,
        choices: [{ planId, choice: i === 0 ? "reject" : truth[i]! }],
      });
    }
    // A change of mind: the published receipts must be the final ones.
    await castVote(services.deps, electorate[0]!.user, { ballotId, choices: [{ planId, choice: truth[0]! }] });
    await flushVoteNotices(services.deps.publisher);
    await callerFor(services.deps, chair.user).ballots.close({ ballotId });

    // Everything a signed-out visitor can read.
    const anonymous = callerFor(services.deps, null);
    const page = await anonymous.ballots.get({ ballotId });
    const result = await anonymous.ballots.result({ ballotId });
    const csv = await anonymous.ballots.exportCsv({ ballotId });
    const json = await anonymous.ballots.exportJson({ ballotId });
    const events = services.deps.publisher.published.filter(
      (e) => e.stream === `ballot:${ballotId}` || e.stream === `project:${setup.projectId}`,
    );
    const published = JSON.stringify({ page, result, csv, json, events });

    // Nothing public names a voter or carries a per-vote choice.
    for (const voter of electorate) expect(published).not.toMatch(new RegExp(`"voterId":${voter.voterId}\\b`));
    expect(result.votes).toBeNull();
    expect(
      events
        .filter((e) => e.type === "vote:counted")
        .every((e) => !("tallies" in (e.payload as Record<string, unknown>))),
    ).toBe(true);
    expect(result.receipts).toHaveLength(electorate.length);
    // The lone voter's region shows no counts, in the result, on the page and in the export.
    const lone = result.plans[0]!.regions.find((r) => r.regionId === setup.regions[1]!.id)!;
    expect(lone).toMatchObject({ approve: null, reject: null, abstain: null, suppressed: true });
    expect(result.plans[0]).toMatchObject({ approve: null, reject: null, abstain: null, suppressed: true });
    expect(page.result!.plans[0]!.regions.map((r) => r.suppressed)).toEqual([true, true]);
    const loneCode = setup.regions[1]!.code;
    // Columns 8–10 are approve, reject, abstain: every plan row leaves them empty, the lone region's among them.
    const planRows = csv
      .split("\n")
      .map((line) => line.split(","))
      .filter((cols) => cols[0] === "plan");
    expect(planRows.map((cols) => cols[7])).toEqual(["all", setup.regions[0]!.code, loneCode]);
    expect(planRows.map((cols) => cols.slice(8, 11))).toEqual(planRows.map(() => ["", "", ""]));

    // The attack: every assignment of choices to the electorate, tested against all of it.
    const regions = await ballotRegionRows(services.deps.db, ballotId);
    const oldDigest = (votes: CastVote[]) => createHash("sha256").update(canonicalOld(ballotId, votes)).digest("hex");
    const consistent: VoteChoice[][] = [];
    for (const guess of assignments(electorate.length)) {
      const votes: CastVote[] = electorate.map((v, i) => ({
        planId,
        voterId: v.voterId,
        regionId: v.regionId,
        choice: guess[i]!,
      }));
      // The old digest (plain SHA-256 of plan, voter, choice) would single out the truth; the keyed one matches no guess.
      expect(oldDigest(votes)).not.toBe(result.digest);
      const byReceipt = result.receipts.map((receipt, i) => ({ planId, receipt, choice: guess[i]! }));
      expect(createHash("sha256").update(canonicalVoteSet(ballotId, byReceipt)).digest("hex")).not.toBe(result.digest);
      expect(createHmac("sha256", "").update(canonicalVoteSet(ballotId, byReceipt)).digest("hex")).not.toBe(
        result.digest,
      );
      const shown = publicPlanOutcomes(
        decide(result.rule, result.quorumBp, regions, [planId], tallyVotes(votes)).plans,
        true,
      );
      // Deep equality, not text: the stored result comes back from jsonb with its keys reordered.
      if (isDeepStrictEqual(shown, result.plans)) consistent.push(guess);
    }
    // The truth is among the consistent guesses, and so are others: it cannot be singled out.
    expect(consistent.map((g) => g.join())).toContain(truth.join());
    expect(consistent.length).toBeGreaterThan(1);
    // Not one voter's choice is pinned down, the lone voter's included.
    for (let i = 0; i < electorate.length; i += 1) expect(new Set(consistent.map((g) => g[i])).size).toBeGreaterThan(1);
  });
});

describe(`a secret ballot against the chair who closes it (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("[SECRET] a one-voter region blocks: the close's answer is the page, and neither names the region nor its count", async () => {
    const setup = await ballotProject(services.deps, { members: [3, 1], plans: 1 });
    const planId = setup.planIds[0]!;
    const lone = setup.regions[1]!.id;
    const chair = setup.members[0]![0]!;
    const asChair = callerFor(services.deps, chair.user);
    const { id: ballotId } = await asChair.ballots.open(
      ballotSettings(setup.projectId, { rule: "regional_consent", visibility: "secret" }),
    );
    for (const m of setup.members[0]!)
      await castVote(services.deps, m.user, { ballotId, choices: [{ planId, choice: "approve" }] });
    await castVote(services.deps, setup.members[1]![0]!.user, { ballotId, choices: [{ planId, choice: "reject" }] });
    await flushVoteNotices(services.deps.publisher);

    const closed = await asChair.ballots.close({ ballotId });
    // The decision is right: the lone region's rejection stopped the plan.
    const stored = await storedBallot(services.deps.db, ballotId);
    expect(stored.result).toMatchObject({ outcome: "no_agreement", winnerPlanId: null });
    expect(stored.result!.plans[0]!.blockedBy).toEqual([lone]);

    // The chair is told what everyone is: the page, the same as ballots.get reads it.
    expect(Object.keys(closed).sort()).toEqual(["ballotId", "closedNow", "page"]);
    expect(closed).toMatchObject({ ballotId, closedNow: true });
    expect(closed.page).toEqual(await asChair.ballots.get({ ballotId }));
    const plan = closed.page.result!.plans[0]!;
    expect(plan).toMatchObject({ passes: false, blockedBy: [], blockedByHidden: true, suppressed: true });
    expect(plan.regions.find((r) => r.regionId === lone)).toMatchObject({
      approve: null,
      reject: null,
      abstain: null,
      majority: null,
      approvalShareBp: null,
      suppressed: true,
    });
    expect(closed.page.tallies![0]!.byRegion.find((r) => r.regionId === lone)).toMatchObject({
      reject: null,
      suppressed: true,
    });
    // Nowhere in the answer: the blocking region named, a rejection counted, or a region without a majority.
    const answer = JSON.stringify(closed);
    expect(answer).not.toMatch(new RegExp(`"blockedBy":\\[[^\\]]*\\b${lone}\\b`));
    expect(answer).not.toMatch(/"reject":[1-9]/);
    expect(answer).not.toMatch(/"majority":false/);
  });
});

/** The digest text before issue #14: plan, voter id and choice in the clear. */
function canonicalOld(ballotId: number, votes: CastVote[]): string {
  const lines = [...votes]
    .sort((a, b) => a.planId - b.planId || a.voterId - b.voterId)
    .map((v) => `${v.planId},${v.voterId},${v.choice}`);
  return [`ballot ${ballotId}`, ...lines].join("\n") + "\n";
}

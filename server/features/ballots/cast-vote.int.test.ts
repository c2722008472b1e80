import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEntries, ballots, votes } from "@/db/schema";
import { decide, tallyVotes, type Tally, type VoteChoice } from "./rules/ballot-rules";
import { ballotProject, ballotSettings, type BallotProject } from "@/server/testing/ballots";
import { callerFor, createTestServices, type TestServices } from "@/server/testing/fixtures";
import { ballotCounts, ballotPlanIds, ballotRegionRows, slotTally, voteRows } from "./ballot-reads";
import { castVote } from "./cast-vote";
import { closeBallot } from "./close-ballot";
import { flushVoteNotices } from "./vote-notices";

let services: TestServices;
let setup: BallotProject;
let ballotId: number;

beforeAll(async () => {
  services = await createTestServices();
  setup = await ballotProject(services.deps, { members: [100, 100], plans: 3 });
  ballotId = (
    await callerFor(services.deps, setup.members[0]![0]!.user).ballots.open(
      ballotSettings(setup.projectId, { showRunningTallies: true, visibility: "roll_call" }),
    )
  ).id;
});
afterAll(async () => {
  await services?.close();
});

/** Tallies as sorted plain rows, so two can be compared with toEqual. */
const plain = (tally: Tally) =>
  [...tally]
    .flatMap(([planId, byRegion]) => [...byRegion].map(([regionId, c]) => ({ planId, regionId, ...c })))
    .filter((r) => r.approve + r.reject + r.abstain > 0)
    .sort((a, b) => a.planId - b.planId || a.regionId - b.regionId);

const choices: VoteChoice[] = ["approve", "reject", "abstain"];
/** A deterministic but scattered choice for voter i, round r, plan p. */
const pick = (i: number, r: number, p: number): VoteChoice => choices[(i * 7 + r * 5 + p * 3) % 3]!;

describe(`cast vote under concurrency (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("[VOTE] 200 voters vote, change their votes from several tabs at once and race opposite changes; counters always equal a recount", async () => {
    const voters = setup.members.flat();
    expect(voters).toHaveLength(200);
    const cast = (i: number, round: number) =>
      castVote(services.deps, voters[i]!.user, {
        ballotId,
        choices: setup.planIds.map((planId, p) => ({ planId, choice: pick(i, round, p) })),
      });

    // Everyone votes at once.
    await Promise.all(voters.map((_, i) => cast(i, 0)));
    // Then everyone changes their mind from three tabs at once, while opposite changes race: voters
    // sharing a counter slot flip approve↔reject on the first plan against each other.
    const racing: Array<Promise<unknown>> = [];
    voters.forEach((voter, i) => {
      for (let tab = 1; tab <= 3; tab += 1) racing.push(cast(i, tab));
      const flip: VoteChoice = i % 2 === 0 ? "approve" : "reject";
      racing.push(
        castVote(services.deps, voter.user, { ballotId, choices: [{ planId: setup.planIds[0]!, choice: flip }] }),
      );
    });
    const settled = await Promise.allSettled(racing);
    expect(settled.filter((s) => s.status === "rejected").map((s) => String(s.reason))).toEqual([]);

    const rows = await voteRows(services.deps.db, ballotId);
    expect(rows).toHaveLength(200 * 3);
    expect(plain(await slotTally(services.deps.db, ballotId))).toEqual(plain(tallyVotes(rows)));
    expect((await ballotCounts(services.deps.db, ballotId, false)).turnout.map((t) => t.voted)).toEqual([100, 100]);

    await flushVoteNotices(services.deps.publisher);
    // Every notice is a committed state, in commit order: turnout never goes down as seq goes up.
    const notices = services.deps.publisher.published
      .filter((e) => e.stream === `ballot:${ballotId}` && e.type === "vote:counted")
      .sort((a, b) => a.seq - b.seq);
    const voted = notices.map((e) =>
      (e.payload as { turnout: Array<{ voted: number }> }).turnout.reduce((s, t) => s + t.voted, 0),
    );
    expect(voted).toEqual([...voted].sort((a, b) => a - b));
    expect(voted.at(-1)).toBe(200);
  }, 120_000);

  it("[CLOSE] votes racing the close are either in the stored result or refused, never lost", async () => {
    const other = await ballotProject(services.deps, { members: [10, 10], plans: 2 });
    const chair = other.members[0]![0]!;
    const id = (await callerFor(services.deps, chair.user).ballots.open(ballotSettings(other.projectId))).id;
    const voters = other.members.flat();
    const attempts = voters.map((v, i) =>
      castVote(services.deps, v.user, {
        ballotId: id,
        choices: other.planIds.map((planId, p) => ({ planId, choice: pick(i, 9, p) })),
      }).then(
        () => "counted",
        (e: { reason?: string; message?: string }) => e.reason ?? e.message ?? "unknown",
      ),
    );
    // The scheduler's close (closing time reached): a chair's early close would depend on whether the
    // racing votes had brought every region to quorum yet, which is the race itself.
    const [closed, ...outcomes] = await Promise.all([closeBallot(services.deps, "scheduler", id), ...attempts]);
    expect(outcomes.every((o) => o === "counted" || o === "BALLOT_CLOSED")).toBe(true);
    const rows = await voteRows(services.deps.db, id);
    expect(rows).toHaveLength(outcomes.filter((o) => o === "counted").length * 2);
    const [stored] = await services.deps.db.select().from(ballots).where(eq(ballots.id, id));
    expect(stored!.result).toEqual(closed.result);
    expect(stored!.result).toEqual(
      decide(
        stored!.rule,
        stored!.quorumBp,
        await ballotRegionRows(services.deps.db, id),
        other.planIds,
        tallyVotes(rows),
      ),
    );
    expect(plain(await slotTally(services.deps.db, id))).toEqual(plain(tallyVotes(rows)));
  });

  it("[CLOSE] closing twice at once produces one result, equal to the counters and to a recount", async () => {
    const chair = setup.members[0]![0]!;
    const [a, b] = await Promise.all([
      closeBallot(services.deps, chair.user, ballotId),
      closeBallot(services.deps, "scheduler", ballotId),
    ]);
    expect([a.closedNow, b.closedNow].sort()).toEqual([false, true]);
    expect(a.digest).toBe(b.digest);

    const [stored] = await services.deps.db.select().from(ballots).where(eq(ballots.id, ballotId));
    const fromCounters = decide(
      stored!.rule,
      stored!.quorumBp,
      await ballotRegionRows(services.deps.db, ballotId),
      await ballotPlanIds(services.deps.db, ballotId),
      await slotTally(services.deps.db, ballotId),
    );
    expect(stored!.result).toEqual(fromCounters);
    expect(stored!.result).toEqual(a.result);
    const audits = await services.deps.db
      .select()
      .from(auditEntries)
      .where(and(eq(auditEntries.action, "ballot.close"), eq(auditEntries.targetId, String(ballotId))));
    expect(audits).toHaveLength(1);
    expect(
      services.deps.publisher.published.filter((e) => e.stream === `ballot:${ballotId}` && e.type === "ballot:closed"),
    ).toHaveLength(1);
    // After the close, nothing more is counted.
    const late = await castVote(services.deps, chair.user, {
      ballotId,
      choices: [{ planId: setup.planIds[0]!, choice: "abstain" }],
    }).catch((e: unknown) => e);
    expect(late).toMatchObject({ reason: "BALLOT_CLOSED" });
    expect(await services.deps.db.select().from(votes).where(eq(votes.ballotId, ballotId))).toHaveLength(600);
  });
});

import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ballotElectorate, votes } from "@/db/schema";
import { tallyVotes, type VoteChoice } from "@/server/features/ballots/rules/ballot-rules";
import { ballotProject, ballotSettings, plainTallyRows, type BallotProject } from "@/server/testing/ballots";
import { callerFor, createTestServices, type TestServices } from "@/server/testing/fixtures";
import { slotTally, voteRows } from "./ballot-reads";
import { castVote, castVoteAlone, voteCommitter } from "./cast-vote";
import { flushVoteNotices } from "./vote-notices";
import { inOneBatch as inBatch } from "@/server/testing/group-commit";

// Group commit (cast-vote.ts): votes on one ballot submitted together share one transaction, and
// must come out exactly as if each had been its own transaction, one after the other, in arrival order.

let services: TestServices;
let setup: BallotProject;
let other: BallotProject;
let ballotId: number;

beforeAll(async () => {
  services = await createTestServices();
  setup = await ballotProject(services.deps, { members: [12, 12], plans: 3 });
  other = await ballotProject(services.deps, { members: [2, 2], plans: 2 });
  ballotId = (
    await callerFor(services.deps, setup.members[0]![0]!.user).ballots.open(
      ballotSettings(setup.projectId, { showRunningTallies: true, visibility: "roll_call" }),
    )
  ).id;
});
afterAll(async () => {
  await services?.close();
});

const plain = plainTallyRows;

/** Votes submitted in one turn of the event loop join one batch; this proves they did. */
const inOneBatch = <T>(submit: () => Array<Promise<T>>) => inBatch(voteCommitter(services.deps.db).stats, submit);

const markOf = async (voterId: number, planId: number) =>
  (
    await services.deps.db
      .select({ choice: votes.choice, receipt: votes.receipt })
      .from(votes)
      .where(and(eq(votes.ballotId, ballotId), eq(votes.voterId, voterId), eq(votes.planId, planId)))
  )[0];

describe(`votes group commit (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("[VOTE] the same voter's tabs inside one batch apply in arrival order: each answer says what it changed, the last mark wins, counters equal a recount", async () => {
    const voter = setup.members[0]![1]!;
    const [p1, p2] = setup.planIds;
    const sequence: Array<{ planId: number; choice: VoteChoice }[]> = [
      [{ planId: p1!, choice: "approve" }],
      [{ planId: p1!, choice: "approve" }], // no change
      [
        { planId: p1!, choice: "reject" },
        { planId: p2!, choice: "abstain" },
      ],
      [{ planId: p2!, choice: "abstain" }], // no change
      [
        { planId: p1!, choice: "approve" },
        { planId: p2!, choice: "approve" },
      ],
      [{ planId: p1!, choice: "abstain" }],
    ];
    // Another voter sharing the batch (and, at 16 slots, possibly a slot) flips against the first.
    const neighbour = setup.members[1]![1]!;
    const settled = await inOneBatch(() => [
      ...sequence.map((choices) => castVote(services.deps, voter.user, { ballotId, choices })),
      castVote(services.deps, neighbour.user, { ballotId, choices: [{ planId: p1!, choice: "reject" }] }),
      castVote(services.deps, neighbour.user, { ballotId, choices: [{ planId: p1!, choice: "approve" }] }),
    ]);
    expect(settled.map((s) => (s.status === "fulfilled" ? s.value.changed : String(s.reason)))).toEqual([
      1, 0, 2, 0, 2, 1, 1, 1,
    ]);
    expect((await markOf(voter.account.id, p1!))?.choice).toBe("abstain");
    expect((await markOf(voter.account.id, p2!))?.choice).toBe("approve");
    expect((await markOf(neighbour.account.id, p1!))?.choice).toBe("approve");
    // One row per voter per plan, and counters that equal a recount of those rows.
    const rows = await voteRows(services.deps.db, ballotId);
    expect(rows.filter((r) => r.voterId === voter.account.id)).toHaveLength(2);
    expect(plain(await slotTally(services.deps.db, ballotId))).toEqual(plain(tallyVotes(rows)));
    // The voter's first vote was stamped once, and one notice counted them as a new voter each.
    const [stamped] = await services.deps.db
      .select({ firstVotedAt: ballotElectorate.firstVotedAt })
      .from(ballotElectorate)
      .where(and(eq(ballotElectorate.ballotId, ballotId), eq(ballotElectorate.accountId, voter.account.id)));
    expect(stamped?.firstVotedAt).toBeInstanceOf(Date);
    await flushVoteNotices(services.deps.publisher);
    const last = services.deps.publisher.published
      .filter((e) => e.stream === `ballot:${ballotId}` && e.type === "vote:counted")
      .sort((a, b) => a.seq - b.seq)
      .at(-1);
    const turnout = (last?.payload as { turnout: Array<{ voted: number }> }).turnout;
    expect(turnout.reduce((s, t) => s + t.voted, 0)).toBe(2);
  });

  it("[VOTE] a batch with invalid votes: each fails alone with its own reason, the rest commit", async () => {
    const voters = setup.members.flat().slice(2, 8);
    const outsider = other.members[0]![1]!;
    const settled = await inOneBatch(() => [
      castVote(services.deps, voters[0]!.user, {
        ballotId,
        choices: [{ planId: setup.planIds[0]!, choice: "reject" }],
      }),
      castVote(services.deps, outsider.user, { ballotId, choices: [{ planId: setup.planIds[0]!, choice: "reject" }] }),
      castVote(services.deps, voters[1]!.user, {
        ballotId,
        choices: [{ planId: setup.planIds[1]!, choice: "approve" }],
      }),
      // A plan of another ballot, beside a valid one: the whole vote is refused, nothing of it written.
      castVote(services.deps, voters[2]!.user, {
        ballotId,
        choices: [
          { planId: setup.planIds[0]!, choice: "approve" },
          { planId: other.planIds[0]!, choice: "approve" },
        ],
      }),
      ...voters
        .slice(3)
        .map((v) =>
          castVote(services.deps, v.user, { ballotId, choices: [{ planId: setup.planIds[2]!, choice: "abstain" }] }),
        ),
    ]);
    const outcome = settled.map((s) =>
      s.status === "fulfilled" ? s.value.changed : ((s.reason as { reason?: string }).reason ?? String(s.reason)),
    );
    expect(outcome).toEqual([1, "NOT_IN_ELECTORATE", 1, "PLAN_NOT_ON_BALLOT", 1, 1, 1]);
    expect(await markOf(outsider.account.id, setup.planIds[0]!)).toBeUndefined();
    expect(await markOf(voters[2]!.account.id, setup.planIds[0]!)).toBeUndefined();
    expect((await markOf(voters[0]!.account.id, setup.planIds[0]!))?.choice).toBe("reject");
    expect((await markOf(voters[5]!.account.id, setup.planIds[2]!))?.choice).toBe("abstain");
    const rows = await voteRows(services.deps.db, ballotId);
    expect(plain(await slotTally(services.deps.db, ballotId))).toEqual(plain(tallyVotes(rows)));
  });

  it("[VOTE] a storm of batched votes from every voter ends where the same votes one transaction each would", async () => {
    // Two fresh ballots, the same pseudo-random sequence: one group-committed, one vote per transaction.
    const runs = await Promise.all(
      [true, false].map(async (grouped) => {
        const project = await ballotProject(services.deps, { members: [8, 8], plans: 2 });
        const id = (
          await callerFor(services.deps, project.members[0]![0]!.user).ballots.open(
            ballotSettings(project.projectId, { showRunningTallies: true, visibility: "roll_call" }),
          )
        ).id;
        return { grouped, project, id };
      }),
    );
    const choices: VoteChoice[] = ["approve", "reject", "abstain"];
    let seed = 17;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648);
    const plan = Array.from({ length: 120 }, () => ({ voter: next() % 16, plan: next() % 2, choice: next() % 3 }));
    const finals = [];
    for (const run of runs) {
      const voters = run.project.members.flat();
      const cast = (step: (typeof plan)[number]) => {
        const input = {
          ballotId: run.id,
          choices: [{ planId: run.project.planIds[step.plan]!, choice: choices[step.choice]! }],
        };
        return run.grouped
          ? castVote(services.deps, voters[step.voter]!.user, input)
          : castVoteAlone(services.deps, voters[step.voter]!.user, input);
      };
      // Grouped: all at once (batches of up to 64, in order). Alone: one after the other.
      const changed = run.grouped
        ? (await Promise.all(plan.map(cast))).map((o) => o.changed)
        : await plan.reduce<Promise<number[]>>(
            async (acc, step) => [...(await acc), (await cast(step)).changed],
            Promise.resolve([]),
          );
      const rows = await voteRows(services.deps.db, run.id);
      expect(plain(await slotTally(services.deps.db, run.id))).toEqual(plain(tallyVotes(rows)));
      const byPosition = rows
        .map((r) => ({
          voter: voters.findIndex((v) => v.account.id === r.voterId),
          plan: run.project.planIds.indexOf(r.planId),
          choice: r.choice,
        }))
        .sort((a, b) => a.voter - b.voter || a.plan - b.plan);
      finals.push({ changed, byPosition });
    }
    expect(finals[0]).toEqual(finals[1]);
  });
});

import { randomBytes } from "node:crypto";
import path from "node:path";
import { sql } from "drizzle-orm";
import { openDatabase, type Db } from "@/db/client";
import { ballotTallySlots, votes } from "@/db/schema";
import { emptyCount, type Count, type VoteChoice } from "@/server/features/ballots/rules/ballot-rules";
import { slotOf } from "@/server/features/ballots/cast-vote";
import { root, type BenchDatabase } from "../support/comments-setup";
import { voteOf, type BenchBallot, type Voter } from "./ballot-setup";

/** The voters of bench/ballot/ballot.ts: a closed loop per voter, through the app or straight into SQL. */

export interface VoteRun {
  /** Per acknowledged vote: when its request started and when its answer arrived (Date.now()). */
  startedAt: number[];
  ackAt: number[];
  /** performance.now() based, sub-millisecond: answer − start. */
  ackMs: number[];
  errors: number;
  firstErrors: string[];
  seconds: number;
  /** Voter id → plan id → the last acknowledged choice. */
  expected: Map<number, Map<number, VoteChoice>>;
  /** Per voter (by index), the round its next vote would have been. */
  nextRound: number[];
}

/**
 * `voters.length` loops, each casting its next vote as soon as the previous one is answered, for
 * `seconds`. A failed vote is counted and the loop goes on with the next one (the failed vote may or
 * may not have been written, so the voter's remembered marks are forgotten for that plan).
 */
export async function runVoters(
  ballot: BenchBallot,
  seconds: number,
  cast: (voter: Voter, vote: { planId: number; choice: VoteChoice }, old: VoteChoice | undefined) => Promise<void>,
  /** A warm-up's run, to go on from where its voters stopped. */
  after?: VoteRun,
): Promise<VoteRun> {
  const run: VoteRun = {
    startedAt: [],
    ackAt: [],
    ackMs: [],
    errors: 0,
    firstErrors: [],
    seconds,
    expected: after?.expected ?? new Map<number, Map<number, VoteChoice>>(),
    nextRound: [],
  };
  const started = performance.now();
  const endAt = started + seconds * 1000;
  await Promise.all(
    ballot.voters.map(async (voter, index) => {
      const marks = run.expected.get(voter.id) ?? new Map<number, VoteChoice>();
      run.expected.set(voter.id, marks);
      let round = after?.nextRound[index] ?? 0;
      for (; performance.now() < endAt; round += 1) {
        const vote = voteOf(ballot, index, round);
        const startedAt = Date.now();
        const t0 = performance.now();
        try {
          await cast(voter, vote, marks.get(vote.planId));
          const ackMs = performance.now() - t0;
          run.ackAt.push(Date.now());
          run.startedAt.push(startedAt);
          run.ackMs.push(ackMs);
          marks.set(vote.planId, vote.choice);
        } catch (error) {
          run.errors += 1;
          marks.delete(vote.planId);
          if (run.firstErrors.length < 5) run.firstErrors.push(error instanceof Error ? error.message : String(error));
        }
      }
      run.nextRound[index] = round;
    }),
  );
  run.seconds = (performance.now() - started) / 1000;
  return run;
}

/** The two writes of a changed mark exactly as cast-vote.ts issues them, and nothing else. */
async function writeVote(
  db: Db,
  ballot: BenchBallot,
  voter: Voter,
  vote: { planId: number; choice: VoteChoice },
  old: VoteChoice | undefined,
  slot: number | null,
): Promise<void> {
  const delta: Count = emptyCount();
  delta[vote.choice] += 1;
  if (old) delta[old] -= 1;
  await db.transaction(async (tx) => {
    await tx
      .insert(votes)
      .values({
        ballotId: ballot.ballotId,
        planId: vote.planId,
        voterId: voter.id,
        regionId: voter.regionId,
        choice: vote.choice,
        receipt: randomBytes(16).toString("hex"),
        updatedAt: new Date(),
      })
      .onConflictDoUpdate({
        target: [votes.ballotId, votes.planId, votes.voterId],
        set: { choice: sql`excluded.choice`, receipt: sql`excluded.receipt`, updatedAt: sql`excluded.updated_at` },
      });
    if (slot === null) return;
    await tx
      .insert(ballotTallySlots)
      .values({ ballotId: ballot.ballotId, planId: vote.planId, regionId: voter.regionId, slot, ...delta })
      .onConflictDoUpdate({
        target: [ballotTallySlots.ballotId, ballotTallySlots.planId, ballotTallySlots.regionId, ballotTallySlots.slot],
        set: {
          approve: sql`${ballotTallySlots.approve} + excluded.approve`,
          reject: sql`${ballotTallySlots.reject} + excluded.reject`,
          abstain: sql`${ballotTallySlots.abstain} + excluded.abstain`,
        },
      });
  });
}

/**
 * How the raw baseline keeps its counters: `slotted` as the app does (16 slots per plan and region,
 * by voter), `one-row` a single counter row per plan and region (the hot row), `votes-only` no
 * counter at all (what a design that recounts the vote rows for each notice would write).
 */
export type CounterDesign = "slotted" | "one-row" | "votes-only";

export interface RawRun extends VoteRun {
  design: CounterDesign;
  poolSize: number | null;
}

/**
 * The raw database baseline: the same writes from the same number of closed-loop workers, straight
 * into SQL on a connection pool with one connection per worker (PostgreSQL), or on one PGlite
 * instance, which like the app's serves one transaction at a time (PGlite is single-connection).
 */
export async function runRaw(
  database: BenchDatabase,
  ballot: BenchBallot,
  design: CounterDesign,
  seconds: number,
): Promise<RawRun> {
  const poolSize = database.kind === "postgres" ? ballot.voters.length : null;
  const handle = await openDatabase({
    url: database.url,
    dataDir: database.dataDir,
    migrationsFolder: path.join(root, "db/migrations"),
    poolSize: poolSize ?? undefined,
  });
  try {
    // Warm the pool (connections are opened lazily) so that connecting is not measured.
    await Promise.all(ballot.voters.map(() => handle.db.execute(sql`select 1`)));
    const slot = (voter: Voter) => (design === "slotted" ? slotOf(voter.id) : design === "one-row" ? 0 : null);
    const run = await runVoters(ballot, seconds, (voter, vote, old) =>
      writeVote(handle.db, ballot, voter, vote, old, slot(voter)),
    );
    return { ...run, design, poolSize };
  } finally {
    await handle.close();
  }
}

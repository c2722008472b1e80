import { and, eq, gt } from "drizzle-orm";
import { ballots, votes } from "@/db/schema";
import { minQuorumBp } from "@/server/features/ballots/rules/ballot-governance";
import { quorumFor, type VoteChoice } from "@/server/features/ballots/rules/ballot-rules";
import { castVote } from "@/server/features/ballots/cast-vote";
import { closeBallot } from "@/server/features/ballots/close-ballot";
import type { ServiceDeps } from "@/server/infra/deps";
import type { TestAccount } from "./fixtures";

export interface StormOptions {
  ballotId: number;
  chair: TestAccount;
  voters: readonly TestAccount[];
  planIds: readonly number[];
  /** Concurrent vote loops; each owns every `workers`-th voter, so one voter's votes never race. */
  workers: number;
  /** How long the storm runs before the close is asked for; 0 for no storm at all (the baseline). */
  leadMs: number;
}

export interface StormOutcome {
  closeMs: number;
  /** Acknowledged votes over the whole storm. */
  acknowledged: number;
  refused: number;
  /** Counted vote rows changed after the stored closing time: must be none. */
  countedAfterClose: number;
  /** Votes acknowledged once the close had answered: must be none. */
  acknowledgedAfterAnswer: number;
  /** Each voter's last acknowledged marks, against the stored rows (acknowledged ⇒ durable). */
  lostAcknowledged: number;
  otherErrors: string[];
}

const choices: VoteChoice[] = ["approve", "reject", "abstain"];

/**
 * The chair may close before the time only once every region met quorum (ballot-governance.ts), so
 * the first voters of each region, as many as the minimum quorum asks, vote before the storm starts.
 */
async function reachQuorum(deps: ServiceDeps, options: StormOptions) {
  const byRegion = new Map<number, TestAccount[]>();
  for (const voter of options.voters)
    byRegion.set(voter.account.regionId, [...(byRegion.get(voter.account.regionId) ?? []), voter]);
  for (const voters of byRegion.values()) {
    for (const voter of voters.slice(0, quorumFor(voters.length, minQuorumBp))) {
      await castVote(deps, voter.user, {
        ballotId: options.ballotId,
        choices: options.planIds.map((planId) => ({ planId, choice: "approve" as const })),
      });
    }
  }
}

/**
 * Closes a ballot while voters keep voting as fast as they can, and reports how long the close took
 * and whether anything was counted after it took effect. Shared by the integration test and
 * bench/ballot/close.ts.
 */
export async function closeUnderStorm(deps: ServiceDeps, options: StormOptions): Promise<StormOutcome> {
  let stop = options.leadMs === 0;
  let answeredAt = Number.POSITIVE_INFINITY;
  let acknowledged = 0;
  let refused = 0;
  let acknowledgedAfterAnswer = 0;
  const otherErrors: string[] = [];
  const lastAck = new Map<number, Map<number, VoteChoice>>();

  async function worker(w: number) {
    const mine = options.voters.filter((_, i) => i % options.workers === w);
    for (let round = 0; !stop; round += 1) {
      const voter = mine[round % mine.length]!;
      const marks = options.planIds.map((planId, p) => ({ planId, choice: choices[(round + p + w) % 3]! }));
      try {
        await castVote(deps, voter.user, { ballotId: options.ballotId, choices: marks });
        acknowledged += 1;
        if (Date.now() > answeredAt) acknowledgedAfterAnswer += 1;
        const known = lastAck.get(voter.account.id) ?? new Map<number, VoteChoice>();
        for (const m of marks) known.set(m.planId, m.choice);
        lastAck.set(voter.account.id, known);
      } catch (error) {
        if ((error as { reason?: string }).reason === "BALLOT_CLOSED") refused += 1;
        else otherErrors.push(String(error));
      }
      // Closed or not, the loop keeps knocking until the storm ends, yielding to the event loop as a
      // request from the network would: PGlite answers in microtasks, which would starve the timers.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  await reachQuorum(deps, options);
  const storm = Array.from({ length: options.leadMs === 0 ? 0 : options.workers }, (_, w) => worker(w));
  await new Promise((resolve) => setTimeout(resolve, options.leadMs));
  const started = performance.now();
  await closeBallot(deps, options.chair.user, options.ballotId);
  const closeMs = performance.now() - started;
  answeredAt = Date.now();
  // The storm goes on a little after the answer: those votes must all be refused.
  await new Promise((resolve) => setTimeout(resolve, Math.min(options.leadMs, 200)));
  stop = true;
  await Promise.all(storm);

  const [stored] = await deps.db.select().from(ballots).where(eq(ballots.id, options.ballotId));
  if (!stored?.closedAt) throw new Error("The ballot was not closed");
  const late = await deps.db
    .select({ voterId: votes.voterId })
    .from(votes)
    .where(and(eq(votes.ballotId, options.ballotId), gt(votes.updatedAt, stored.closedAt)));
  const rows = await deps.db.select().from(votes).where(eq(votes.ballotId, options.ballotId));
  let lostAcknowledged = 0;
  for (const [voterId, marks] of lastAck) {
    for (const [planId, choice] of marks) {
      if (!rows.some((r) => r.voterId === voterId && r.planId === planId && r.choice === choice)) lostAcknowledged += 1;
    }
  }
  return {
    closeMs,
    acknowledged,
    refused,
    countedAfterClose: late.length,
    acknowledgedAfterAnswer,
    lostAcknowledged,
    otherErrors,
  };
}

/**
 * How a ballot on a project's benefit-sharing plans is decided. Pure: the close recounts the vote
 * rows, hands the counts here, and stores what comes back; tests check the rules without a database.
 */
import type { BallotRule, VoteChoice } from "@/shared/ballot-vocabulary";
import type { Count, Decision, PlanOutcome, RegionOutcome } from "@/shared/ballot-result";
export type { Count, Decision, PlanOutcome, RegionOutcome } from "@/shared/ballot-result";
export {
  ballotRules,
  ballotStatuses,
  ballotVisibilities,
  voteChoices,
  type BallotRule,
  type BallotStatus,
  type BallotVisibility,
  type VoteChoice,
} from "@/shared/ballot-vocabulary";

/** Half of each region's electorate, rounded up. */
export const defaultQuorumBp = 5_000;

export interface RegionElectorate {
  regionId: number;
  /** Voters snapshotted for this region when the ballot opened. */
  electorate: number;
  /** Voters of this region who must take part for it to count (see `quorumFor`). */
  quorum: number;
}

export interface CastVote {
  planId: number;
  voterId: number;
  /** The voter's region when the ballot opened. */
  regionId: number;
  choice: VoteChoice;
}

/** Counts by plan, then by region. */
export type Tally = Map<number, Map<number, Count>>;

export const emptyCount = (): Count => ({ approve: 0, reject: 0, abstain: 0 });
export const castOf = (c: Count) => c.approve + c.reject + c.abstain;

export function quorumFor(electorate: number, quorumBp: number): number {
  return Math.ceil((electorate * quorumBp) / 10_000);
}

/** Counts by plan and region; order of the votes never matters. */
export function tallyVotes(votes: readonly CastVote[]): Tally {
  const tally: Tally = new Map();
  for (const vote of votes) {
    let byRegion = tally.get(vote.planId);
    if (!byRegion) tally.set(vote.planId, (byRegion = new Map<number, Count>()));
    let count = byRegion.get(vote.regionId);
    if (!count) byRegion.set(vote.regionId, (count = emptyCount()));
    count[vote.choice] += 1;
  }
  return tally;
}

/** a/b against c/d without rounding; an empty denominator reads as a share of 0. */
function compareShares(a: Count, b: Count): number {
  const [an, ad, bn, bd] = [a.approve, castOf(a), b.approve, castOf(b)];
  const left = ad === 0 ? 0 : an * (bd === 0 ? 1 : bd);
  const right = bd === 0 ? 0 : bn * (ad === 0 ? 1 : ad);
  return left - right;
}

const shareBp = (c: Count) => (castOf(c) === 0 ? 0 : Math.floor((c.approve * 10_000) / castOf(c)));

function lowestRegion(regions: readonly RegionOutcome[]): Count {
  return (
    regions.reduce<Count | null>((low, r) => (low === null || compareShares(r, low) < 0 ? r : low), null) ??
    emptyCount()
  );
}

/**
 * Each plan's outcome under `rule`, and the winner: the passing plan with the highest overall
 * approval share; on a tie, the one whose lowest regional approval share is highest; then the
 * earliest (`planIds` lists plans earliest first).
 *
 * - regional consent: approvals outnumber rejections overall and in every region, and every region
 *   met quorum;
 * - double majority: approvals outnumber rejections overall and in a majority of the regions;
 * - simple majority: approvals outnumber rejections overall.
 */
export function decide(
  rule: BallotRule,
  quorumBp: number,
  regions: readonly RegionElectorate[],
  planIds: readonly number[],
  tally: Tally,
): Decision {
  const plans = planIds.map((planId): PlanOutcome => {
    const byRegion: Map<number, Count> = tally.get(planId) ?? new Map<number, Count>();
    const regionOutcomes = regions.map((region): RegionOutcome => {
      const count = byRegion.get(region.regionId) ?? emptyCount();
      return {
        regionId: region.regionId,
        ...count,
        electorate: region.electorate,
        quorum: region.quorum,
        metQuorum: castOf(count) >= region.quorum,
        majority: count.approve > count.reject,
        approvalShareBp: shareBp(count),
      };
    });
    const overall = regionOutcomes.reduce(
      (sum, r) => ({
        approve: sum.approve + r.approve,
        reject: sum.reject + r.reject,
        abstain: sum.abstain + r.abstain,
      }),
      emptyCount(),
    );
    const failedOverall = overall.approve <= overall.reject;
    const minorities = regionOutcomes.filter((r) => !r.majority).map((r) => r.regionId);
    let blockedBy: number[] = [];
    let missedQuorum: number[] = [];
    let passes = !failedOverall;
    if (rule === "regional_consent") {
      blockedBy = minorities;
      missedQuorum = regionOutcomes.filter((r) => !r.metQuorum).map((r) => r.regionId);
      passes &&= blockedBy.length === 0 && missedQuorum.length === 0;
    } else if (rule === "double_majority") {
      const regionalMajority = (regions.length - minorities.length) * 2 > regions.length;
      if (!regionalMajority) blockedBy = minorities;
      passes &&= regionalMajority;
    }
    return {
      planId,
      ...overall,
      approvalShareBp: shareBp(overall),
      lowestRegionalShareBp: shareBp(lowestRegion(regionOutcomes)),
      passes,
      failedOverall,
      blockedBy,
      missedQuorum,
      regions: regionOutcomes,
    };
  });
  const winner = pickWinner(plans);
  return {
    rule,
    quorumBp,
    outcome: winner ? "agreement" : "no_agreement",
    winnerPlanId: winner?.planId ?? null,
    plans,
  };
}

/** The tie-break order of the rule, over plans given earliest first. */
export function pickWinner(plans: readonly PlanOutcome[]): PlanOutcome | null {
  let best: PlanOutcome | null = null;
  for (const plan of plans) {
    if (!plan.passes) continue;
    if (!best) {
      best = plan;
      continue;
    }
    const byShare = compareShares(plan, best);
    const byLowest = compareShares(lowestRegion(plan.regions), lowestRegion(best.regions));
    if (byShare > 0 || (byShare === 0 && byLowest > 0)) best = plan;
  }
  return best;
}

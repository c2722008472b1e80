import { castOf, type CastVote, type Count, type PlanOutcome, type RegionOutcome } from "./ballot-rules";

/**
 * What a secret ballot may publish. Pure (hashing is arithmetic, not I/O): the services store and
 * read, these functions decide what leaves the server.
 */

/** Fewer voters than this in a (plan, region) cell of a secret ballot and its counts are not shown. */
export const minCellSize = 3;

/** A counted vote as the digest and the receipt list see it: no voter identity. */
export interface ReceiptedVote {
  planId: number;
  receipt: string;
  choice: CastVote["choice"];
}

/**
 * The canonical text of a vote set: one line per vote, sorted by plan then receipt, so the same votes
 * give the same text whatever order they were cast or read in. Receipts are random, so the text holds
 * nothing that can be traced to a person.
 */
export function canonicalVoteSet(ballotId: number, votes: readonly ReceiptedVote[]): string {
  const lines = [...votes]
    .sort((a, b) => a.planId - b.planId || (a.receipt < b.receipt ? -1 : a.receipt > b.receipt ? 1 : 0))
    .map((v) => `${v.planId},${v.receipt},${v.choice}`);
  return [`ballot ${ballotId}`, ...lines].join("\n") + "\n";
}

/** A receipt as people read it: groups of four, lower-case hex. */
export function formatReceipt(hex: string): string {
  return hex.match(/.{1,4}/g)?.join("-") ?? hex;
}

/** Receipts as typed back: spaces, dashes and case do not matter. */
export const normaliseReceipt = (text: string) => text.toLowerCase().replace(/[^0-9a-f]/g, "");

/** The published list: sorted, so its order says nothing about who voted when. */
export const receiptList = (votes: ReadonlyArray<Pick<ReceiptedVote, "receipt">>) => votes.map((v) => v.receipt).sort();

type Shown<T> = { [K in keyof T]: T[K] | null };
export type PublicCount = Shown<Count>;
export type PublicRegionOutcome = Omit<RegionOutcome, keyof Count | "approvalShareBp" | "majority"> &
  PublicCount & { approvalShareBp: number | null; majority: boolean | null; suppressed: boolean };
export type PublicPlanOutcome = Omit<
  PlanOutcome,
  keyof Count | "approvalShareBp" | "lowestRegionalShareBp" | "failedOverall" | "regions"
> &
  PublicCount & {
    approvalShareBp: number | null;
    lowestRegionalShareBp: number | null;
    failedOverall: boolean | null;
    suppressed: boolean;
    /** Some region that stopped the plan is left out of `blockedBy`: naming it would tell how its few voters voted. */
    blockedByHidden: boolean;
    regions: PublicRegionOutcome[];
  };

/**
 * Whether a plan's counts may be shown: only when no region has 1..k-1 voters. Otherwise every count
 * of the plan is hidden, not just the small cell: the overall minus the shown cells, or the shown
 * cells with the verdict flags (approvals did not outnumber rejections overall), would give a lone
 * voter's choice away.
 */
export function cellsToHide(
  voters: readonly number[],
  k: number = minCellSize,
): { hidden: boolean[]; overall: boolean } {
  const small = voters.some((n) => n > 0 && n < k);
  return { hidden: voters.map(() => small), overall: !small };
}

const blank: PublicCount = { approve: null, reject: null, abstain: null };

/**
 * A stored decision's plans as they may be published. Roll-call ballots show everything (their votes
 * are public anyway); secret ones hide small cells as `cellsToHide` says. The verdicts (passes,
 * quorum) stay: they are the decision itself. A region with 1..k-1 voters is not named among the
 * blocking ones, though: "blocked by" a one-voter region says that voter did not approve.
 */
export function publicPlanOutcomes(
  plans: readonly PlanOutcome[],
  secret: boolean,
  k: number = minCellSize,
): PublicPlanOutcome[] {
  return plans.map((plan) => {
    const { hidden, overall } = secret
      ? cellsToHide(plan.regions.map(castOf), k)
      : { hidden: plan.regions.map(() => false), overall: true };
    const regions = plan.regions.map((r, i): PublicRegionOutcome =>
      hidden[i]
        ? { ...r, ...blank, approvalShareBp: null, majority: null, suppressed: true }
        : { ...r, suppressed: false },
    );
    const counts = overall
      ? {
          approve: plan.approve,
          reject: plan.reject,
          abstain: plan.abstain,
          approvalShareBp: plan.approvalShareBp,
          failedOverall: plan.failedOverall,
        }
      : { ...blank, approvalShareBp: null, failedOverall: null };
    const small = new Set(
      secret ? plan.regions.filter((r) => castOf(r) > 0 && castOf(r) < k).map((r) => r.regionId) : [],
    );
    const blockedBy = plan.blockedBy.filter((id) => !small.has(id));
    return {
      ...plan,
      ...counts,
      lowestRegionalShareBp: hidden.some(Boolean) ? null : plan.lowestRegionalShareBp,
      suppressed: !overall,
      blockedBy,
      blockedByHidden: blockedBy.length < plan.blockedBy.length,
      regions,
    };
  });
}

export interface TallyRow extends Count {
  planId: number;
  byRegion: Array<Count & { regionId: number }>;
}
export interface PublicTallyRow extends PublicCount {
  planId: number;
  suppressed: boolean;
  byRegion: Array<PublicCount & { regionId: number; suppressed: boolean }>;
}

/** Live or final tally rows as they may be published, by the same rule as `publicPlanOutcomes`. */
export function publicTallyRows(rows: readonly TallyRow[], secret: boolean, k: number = minCellSize): PublicTallyRow[] {
  return rows.map((row) => {
    const { hidden, overall } = secret
      ? cellsToHide(row.byRegion.map(castOf), k)
      : { hidden: row.byRegion.map(() => false), overall: true };
    return {
      planId: row.planId,
      ...(overall ? { approve: row.approve, reject: row.reject, abstain: row.abstain } : blank),
      suppressed: !overall,
      byRegion: row.byRegion.map((r, i) =>
        hidden[i] ? { regionId: r.regionId, ...blank, suppressed: true } : { ...r, suppressed: false },
      ),
    };
  });
}

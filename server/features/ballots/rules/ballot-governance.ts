import type { Role } from "@/shared/vocabulary";
import type { BallotRule } from "./ballot-rules";
import { startingShares, type RegionShare } from "./benefit-shares";

/**
 * Who may run a ballot and on what terms, so that no one member can decide a joint project alone.
 * Pure: the services load the rows and ask here; the forms show the same limits.
 */

/** The least share of each region's electorate that a ballot may require to vote (half). */
export const minQuorumBp = 5_000;

/** The shortest voting window: a full day, so every region's members can take part. */
export const minVotingMs = 24 * 3_600_000;

/** The chair of the coordination body (a member an admin appointed) or an admin runs ballots. */
export function mayChairBallots(actor: { role: Role; chair: boolean }): boolean {
  return actor.role === "admin" || (actor.role === "member" && actor.chair);
}

export type OpeningViolation =
  | { reason: "QUORUM_TOO_LOW"; field: "quorumBp" }
  | { reason: "VOTING_TOO_SHORT"; field: "closesAt" }
  | { reason: "SIMPLE_MAJORITY_NEEDS_CONSENT"; field: "rule"; regionIds: number[] };

export interface OpeningTerms {
  now: Date;
  closesAt: Date;
  quorumBp: number;
  rule: BallotRule;
  /** The participating regions. */
  regionIds: readonly number[];
  /** Whether any plan on the ballot changes a region's cost share (see `changesCostShare`). */
  costSharesChange: boolean;
  /** Regions that consented to decide this project by simple majority. */
  consentingRegionIds: readonly number[];
}

/** Everything wrong with the terms a ballot is to open on; empty when it may open. */
export function openingViolations(terms: OpeningTerms): OpeningViolation[] {
  const violations: OpeningViolation[] = [];
  if (terms.quorumBp < minQuorumBp) violations.push({ reason: "QUORUM_TOO_LOW", field: "quorumBp" });
  if (terms.closesAt.getTime() - terms.now.getTime() < minVotingMs)
    violations.push({ reason: "VOTING_TOO_SHORT", field: "closesAt" });
  if (terms.rule === "simple_majority" && terms.costSharesChange) {
    const missing = terms.regionIds.filter((id) => !terms.consentingRegionIds.includes(id));
    if (missing.length > 0)
      violations.push({ reason: "SIMPLE_MAJORITY_NEEDS_CONSENT", field: "rule", regionIds: missing });
  }
  return violations;
}

/**
 * The cost shares a project starts from: an equal split (the generated starting plan without
 * contributions). A plan that moves any region away from it changes what that region pays.
 */
export function baselineCostShares(regionIds: readonly number[]): Map<number, number> {
  return new Map(startingShares(regionIds).map((s) => [s.regionId, s.costBp]));
}

/** Whether any plan gives any region a cost share other than `baseline`'s (a region it lacks counts as changed). */
export function changesCostShare(
  plans: ReadonlyArray<{ shares: ReadonlyArray<Pick<RegionShare, "regionId" | "costBp">> }>,
  baseline: ReadonlyMap<number, number>,
): boolean {
  return plans.some((plan) => plan.shares.some((s) => baseline.get(s.regionId) !== s.costBp));
}

export type EarlyClose =
  | { allowed: true; confirmed: boolean }
  | { allowed: false; reason: "EARLY_CLOSE_QUORUM_NOT_MET"; regionIds: number[] }
  | { allowed: false; reason: "EARLY_CLOSE_CONFIRM_ADMIN_ONLY" };

export interface RegionTurnout {
  regionId: number;
  /** Voters of the region who have cast anything. */
  voted: number;
  quorum: number;
}

/**
 * Whether a ballot may close before its time. On time it always may. Early, only when every region
 * met its quorum, or when an admin confirms explicitly (audited by the caller); a chair cannot
 * override, and only an admin may pass the confirmation at all.
 */
export function earlyCloseCheck(options: {
  now: Date;
  closesAt: Date;
  turnout: readonly RegionTurnout[];
  actorRole: Role;
  confirm: boolean;
}): EarlyClose {
  if (options.confirm && options.actorRole !== "admin")
    return { allowed: false, reason: "EARLY_CLOSE_CONFIRM_ADMIN_ONLY" };
  if (options.now.getTime() >= options.closesAt.getTime()) return { allowed: true, confirmed: false };
  const short = regionsShortOfQuorum(options.turnout);
  if (short.length === 0) return { allowed: true, confirmed: false };
  if (options.confirm) return { allowed: true, confirmed: true };
  return { allowed: false, reason: "EARLY_CLOSE_QUORUM_NOT_MET", regionIds: short };
}

export function regionsShortOfQuorum(turnout: readonly RegionTurnout[]): number[] {
  return turnout.filter((r) => r.voted < r.quorum).map((r) => r.regionId);
}

import { shareViolations, startingShares, totalBasisPoints } from "@/server/features/ballots/rules/benefit-shares";
import type { DealTermsStatus, NegotiationSide, RevenueShare } from "@/shared/achievement-vocabulary";

/**
 * Terms of a deal in a negotiation: one side proposes (mode, value, revenue shares per region party to
 * the deal), the other accepts or declines, either side may counter; the owners record the deal from
 * accepted terms. Revenue shares use the benefit-sharing rule of plans: integer basis points, every
 * region party once, summing to 10 000.
 */
export type { RevenueShare };

export interface ShareProblem {
  path: "shares";
  message: string;
}

/** The regions party to a deal: the owners' regions and the buyer's, each once, in ascending order. */
export function dealRegionIds(ownerRegionIds: readonly number[], buyerRegionId: number): number[] {
  return [...new Set([...ownerRegionIds, buyerRegionId])].sort((a, b) => a - b);
}

/** Everything wrong with revenue shares for these regions, in the plans' words; empty when valid. */
export function revenueShareViolations(regionIds: readonly number[], shares: readonly RevenueShare[]): ShareProblem[] {
  // The plan rule checks two columns; revenue is one, so it is checked as the benefit column with cost mirrored.
  const asPlan = shares.map((s) => ({ regionId: s.regionId, costBp: s.revenueBp, benefitBp: s.revenueBp }));
  return shareViolations(regionIds, asPlan)
    .filter((v) => !v.message.startsWith("Cost shares"))
    .map((v) => ({ path: "shares", message: v.message.replace("Benefit shares", "Revenue shares") }));
}

/** The form's starting point: an equal split (largest remainder), summing to exactly 10 000. */
export function equalRevenueShares(regionIds: readonly number[]): RevenueShare[] {
  return startingShares(regionIds).map((s) => ({ regionId: s.regionId, revenueBp: s.benefitBp }));
}

export { totalBasisPoints };

export interface NegotiationFacts {
  askerId: number;
  editorIds: readonly number[];
}

/** Which side a person speaks for; an admin who is neither is no side (they moderate, not negotiate). */
export function sideOf(facts: NegotiationFacts, accountId: number): NegotiationSide | null {
  if (facts.editorIds.includes(accountId)) return "owner";
  if (facts.askerId === accountId) return "asker";
  return null;
}

export type TermsAction = "accept" | "decline" | "record";

export type TermsRefusal = "NOT_A_PARTY" | "OWN_PROPOSAL" | "TERMS_NOT_OPEN" | "TERMS_NOT_ACCEPTED" | "OWNERS_RECORD";

/**
 * The terms state machine. `proposed → accepted | declined | superseded`, `accepted → recorded |
 * superseded`. Only the other side answers a proposal; only the owners' side records (an admin too,
 * as on every owner action). Returns the new status or why not.
 */
export function termsTransition(
  terms: { status: DealTermsStatus; side: NegotiationSide },
  action: TermsAction,
  actor: { side: NegotiationSide | null; isAdmin: boolean },
): { status: DealTermsStatus } | { refused: TermsRefusal } {
  if (action === "record") {
    if (actor.side !== "owner" && !actor.isAdmin) return { refused: "OWNERS_RECORD" };
    if (terms.status !== "accepted") return { refused: "TERMS_NOT_ACCEPTED" };
    return { status: "recorded" };
  }
  if (actor.side === null) return { refused: "NOT_A_PARTY" };
  if (terms.status !== "proposed") return { refused: "TERMS_NOT_OPEN" };
  if (actor.side === terms.side) return { refused: "OWN_PROPOSAL" };
  return { status: action === "accept" ? "accepted" : "declined" };
}

/** A new proposal (or counter-proposal) replaces the open and accepted ones that were not yet recorded. */
export function supersededBy(status: DealTermsStatus): boolean {
  return status === "proposed" || status === "accepted";
}

/** Each region's share of a value in whole yuan: floors, with the yuan left over going to the largest shares. */
export function revenueSplit(valueYuan: number, shares: readonly RevenueShare[]): { regionId: number; yuan: number }[] {
  const exact = shares.map((s) => (valueYuan * s.revenueBp) / totalBasisPoints);
  const floors = exact.map(Math.floor);
  let left = valueYuan - floors.reduce((a, b) => a + b, 0);
  const order = shares.map((_, i) => i).sort((a, b) => exact[b]! - floors[b]! - (exact[a]! - floors[a]!) || a - b);
  for (const i of order) {
    if (left <= 0) break;
    floors[i] = floors[i]! + 1;
    left -= 1;
  }
  return shares.map((s, i) => ({ regionId: s.regionId, yuan: floors[i]! }));
}

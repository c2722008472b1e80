import type { BallotRule } from "./ballot-vocabulary";

/** The shape of a closed ballot's stored result (ballots.result): decided in server/features/ballots/rules/ballot-rules.ts. */
export interface Count {
  approve: number;
  reject: number;
  abstain: number;
}

export interface RegionOutcome extends Count {
  regionId: number;
  electorate: number;
  quorum: number;
  metQuorum: boolean;
  /** Approvals outnumber rejections in this region. */
  majority: boolean;
  /** Approvals over all votes cast on the plan in this region (abstentions included), floored. */
  approvalShareBp: number;
}

export interface PlanOutcome extends Count {
  planId: number;
  approvalShareBp: number;
  lowestRegionalShareBp: number;
  passes: boolean;
  /** Approvals did not outnumber rejections overall. */
  failedOverall: boolean;
  /** Regions whose vote stopped the plan under the rule. */
  blockedBy: number[];
  /** Regions that missed quorum, when the rule requires it. */
  missedQuorum: number[];
  regions: RegionOutcome[];
}

export interface Decision {
  rule: BallotRule;
  quorumBp: number;
  outcome: "agreement" | "no_agreement";
  winnerPlanId: number | null;
  plans: PlanOutcome[];
}

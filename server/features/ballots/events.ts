import type { BallotRule, BallotStatus, BallotVisibility } from "@/shared/ballot-vocabulary";
import type { TallyRow } from "./rules/ballot-secrecy";

/** A region's turnout as a notice and the ballot page carry it. */
export interface TurnoutRow {
  regionId: number;
  electorate: number;
  quorum: number;
  voted: number;
}

export interface BallotStatusNotice {
  ballotId: number;
  /** Null for a portfolio ballot (a fund call's, with no project). */
  projectId: number | null;
}

/**
 * A ballot as `ballots.forProject` lists it, dates as ISO strings: its settings and, once closed, its
 * outcome and winning plan. Public to everyone who may see the ballot: no vote, voter or tally.
 */
export interface PublishedBallotRow {
  id: number;
  projectId: number | null;
  round: number;
  rule: BallotRule;
  quorumBp: number;
  visibility: BallotVisibility;
  showRunningTallies: boolean;
  status: BallotStatus;
  openedById: number;
  openedAt: string;
  closesAt: string;
  closedAt: string | null;
  outcome: "agreement" | "no_agreement" | null;
  winnerPlanId: number | null;
}

/** A benefit-sharing plan as `ballots.plans.list` lists it, `createdAt` as an ISO string. */
export interface PublishedPlan {
  id: number;
  ballotId: number | null;
  rationale: string;
  terms: string | null;
  createdAt: string;
  author: { id: number; displayName: string } | null;
  shares: Array<{
    regionId: number;
    costBp: number;
    benefitBp: number;
    region: { id: number; code: string; nameZh: string; nameEn: string };
  }>;
}

/** Live events of ballots, on `ballot:<id>` and (status) `project:<id>`. */
export interface BallotEvents {
  /**
   * The counters after the latest votes, written by `ballot_vote_notice` (migration 0009/0010):
   * turnout always, tallies only on a roll-call ballot that shows them.
   */
  "vote:counted": { ballotId: number; turnout: TurnoutRow[]; tallies?: TallyRow[] };
  /**
   * `ballot`: the new row of the project's ballots; `plans`: the plans the round put to the vote, now
   * attached to it. Absent from events written before they carried them: a page reads again.
   */
  "ballot:opened": BallotStatusNotice & {
    round: number;
    closesAt: string;
    ballot?: PublishedBallotRow;
    plans?: PublishedPlan[];
  };
  /** `ballot`: the closed row (outcome, winning plan); the per-plan verdicts stay with the ballot's read. */
  "ballot:closed": BallotStatusNotice & {
    outcome: string;
    winnerPlanId: number | null;
    digest: string;
    ballot?: PublishedBallotRow;
  };
  /** `plan`: the proposed plan as the project's plans list shows it. */
  "plan:proposed": { projectId: number; planId: number; plan?: PublishedPlan };
}

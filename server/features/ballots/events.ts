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

/** Live events of ballots, on `ballot:<id>` and (status) `project:<id>`. */
export interface BallotEvents {
  /**
   * The counters after the latest votes, written by `ballot_vote_notice` (migration 0009/0010):
   * turnout always, tallies only on a roll-call ballot that shows them.
   */
  "vote:counted": { ballotId: number; turnout: TurnoutRow[]; tallies?: TallyRow[] };
  "ballot:opened": BallotStatusNotice & { round: number; closesAt: string };
  "ballot:closed": BallotStatusNotice & { outcome: string; winnerPlanId: number | null; digest: string };
  "plan:proposed": { projectId: number; planId: number };
}

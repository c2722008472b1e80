import type { BallotRule, BallotStatus, BallotVisibility, VoteChoice } from "@/shared/ballot-vocabulary";
import type { Decision } from "@/shared/ballot-result";
import type { CallStatus, PortfolioBallotOutcome, PortfolioMethod, RevisionOutcome } from "@/shared/fund-vocabulary";
import type { CostDrift, RegionDrift } from "@/server/features/fund/rules/cost-drift";
import type { PublicPlanOutcome, PublicTallyRow, TallyRow } from "./rules/ballot-secrecy";

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

/** A closed ballot's stored decision as it may be published: a secret ballot's small cells hidden. */
export type PublicDecision = Omit<Decision, "plans"> & { plans: PublicPlanOutcome[] };

/** A roll-call ballot's vote as its page lists it once tallies are shown; a secret ballot has none. */
export interface RollCallVote<D = string> {
  planId: number;
  voterId: number;
  voterName: string;
  regionId: number;
  choice: VoteChoice;
  updatedAt: D;
}

/**
 * A portfolio ballot's fund call as `fund.get` shows it to everyone who may see the call: its stage and
 * the portfolio decision, dates as `D` (ISO strings on a stream). Public wherever the ballot is.
 */
export interface PortfolioCallState<D = string> {
  status: CallStatus;
  portfolio: { method: PortfolioMethod; decidedAt: D | null; reason: string | null } | null;
}

/** A region's or the centre's name beside its id, as the fund's results show it (null where no region has it). */
interface FunderNames {
  nameZh: string | null;
  nameEn: string | null;
}

/**
 * A decided revision ballot's funded project as `fund.results` shows it to everyone who may see the
 * call (public once the call is awarded, which a revision needs): the revision's outcome, and the money
 * per funder and the drift from the agreed shares, which the revision's win changes. Dates as `D`.
 */
export interface DecidedRevisionState<D = string> {
  submissionId: number;
  outcome: RevisionOutcome;
  decidedAt: D;
  money: Array<FunderNames & { funderId: number; plannedYuan: number; paidYuan: number }>;
  drift: Omit<CostDrift, "regions"> & { regions: Array<RegionDrift & FunderNames> };
}

/**
 * What the close changes on the ballot page (`ballots.get`), dates as ISO strings. The same for every
 * reader of `ballot:<id>`, who are those who may read the ballot: final turnout, tallies and decision
 * as published (a secret ballot's small cells hidden, no voter, no receipt), a roll-call's votes (public
 * to those readers after the close), a portfolio ballot's settled outcome and its call as the close left
 * it (awarded or not), a revision ballot's outcome and its project's money and drift (public wherever
 * the project is: its call is awarded). The reader's own part (`viewer`) only loses the vote form, which the page knows
 * from the status.
 */
export interface ClosedBallotState {
  closedAt: string;
  turnout: TurnoutRow[];
  tallies: PublicTallyRow[];
  votes: RollCallVote[] | null;
  result: PublicDecision;
  portfolioOutcome: PortfolioBallotOutcome | null;
  /** Null for a project's ballot; absent from closes written before it: a page reads again. */
  call?: PortfolioCallState | null;
  /** A revision ballot's project as the call's results show it after the close; null for any other ballot, absent from closes written before it. */
  revision?: DecidedRevisionState | null;
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

/** A region's consent to simple majority as the opening panel lists it, `givenAt` as an ISO string. */
export interface PublishedConsent {
  regionId: number;
  givenAt: string;
  by: { id: number; displayName: string };
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
  /**
   * `ballot`: the closed row (outcome, winning plan). `closed`, on `ballot:<id>` only: what the ballot
   * page shows after the close; absent from the project's stream and from events written before it.
   */
  "ballot:closed": BallotStatusNotice & {
    outcome: string;
    winnerPlanId: number | null;
    digest: string;
    ballot?: PublishedBallotRow;
    closed?: ClosedBallotState;
  };
  /**
   * A region gave or withdrew its consent to simple majority: the project's pending consents after it,
   * on `project:<id>` (those who may read `ballots.opening`, which shows them to everyone who sees the project).
   */
  "consent:changed": { projectId: number; consents: PublishedConsent[] };
  /** `plan`: the proposed plan as the project's plans list shows it. */
  "plan:proposed": { projectId: number; planId: number; plan?: PublishedPlan };
}

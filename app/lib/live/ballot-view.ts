import { publicTallyRows, type PublicTallyRow } from "@/server/features/ballots/rules/ballot-secrecy";
import type { LiveEvent } from "@/server/events/contract";
import type {
  DecidedRevisionState,
  PortfolioCallState,
  PublicDecision,
  RollCallVote,
  TurnoutRow,
} from "@/server/features/ballots/events";
import type { PortfolioBallotOutcome } from "@/shared/fund-vocabulary";

/** What of `ballots.get` a live event can change; the page's cache and the benchmark's watchers hold it. */
export interface LiveBallotView {
  status: string;
  closesAt: Date;
  turnout: TurnoutRow[];
  tallies: PublicTallyRow[] | null;
  /** The ballot stream's seq the data stands at: events at or below it are already in it. */
  headSeq: number;
}

export interface Applied<T> {
  view: T;
  /** The event says something the payload does not carry (a close written before it carried its state): read it again. */
  refetch: boolean;
}

/** The ballot page's view (`ballots.get`) as far as the close changes it. */
export interface LiveBallotPage extends LiveBallotView {
  closedAt: Date | null;
  votes: Array<RollCallVote<Date>> | null;
  result: PublicDecision | null;
  digest: string | null;
  /** A portfolio ballot's settled outcome and its call, which the call's page takes from here. */
  portfolio: { outcome: PortfolioBallotOutcome | null; call: PortfolioCallState<Date> } | null;
  /** A decided revision ballot's project as the call's results show it, which the call's page takes from here. */
  revision: DecidedRevisionState<Date> | null;
  viewer: { eligible: boolean };
}

/**
 * Applies one event of `ballot:<id>` to the ballot as the page holds it. Pure, so the page and
 * bench/ballot/ballot.ts apply payloads the same way. An event the data already contains (seq at or below
 * its head) changes nothing, so one applied twice, or once before and once after a refetch, is harmless.
 */
export function applyBallotEvent<T extends LiveBallotView>(view: T, event: LiveEvent): Applied<T> {
  if (event.seq <= view.headSeq) return { view, refetch: false };
  const headSeq = event.seq;
  switch (event.type) {
    case "vote:counted":
      return {
        view: {
          ...view,
          headSeq,
          turnout: event.payload.turnout,
          // Only roll-call ballots that show running tallies send them; nothing in them is hidden.
          tallies: event.payload.tallies ? publicTallyRows(event.payload.tallies, false) : view.tallies,
        },
        refetch: false,
      };
    case "ballot:opened":
      return { view: { ...view, headSeq, closesAt: new Date(event.payload.closesAt) }, refetch: false };
    case "ballot:closed": {
      const closed = event.payload.closed;
      // Written before the close carried the page's state: read it once.
      if (!closed) return { view: { ...view, headSeq }, refetch: true };
      return {
        view: { ...view, headSeq, status: "closed", turnout: closed.turnout, tallies: closed.tallies },
        refetch: false,
      };
    }
    default:
      return { view: { ...view, headSeq }, refetch: false };
  }
}

/**
 * applyBallotEvent for the ballot page, which also shows the close's decision, roll call and digest:
 * everything the close changes is in its event (ClosedBallotState), the same for every reader of the
 * stream; the reader's own part only loses the vote form.
 */
export function applyBallotPageEvent<T extends LiveBallotPage>(view: T, event: LiveEvent): Applied<T> {
  const applied = applyBallotEvent(view, event);
  if (applied.view === view || event.type !== "ballot:closed" || !event.payload.closed) return applied;
  const closed = event.payload.closed;
  // A portfolio ballot's close written before it carried its call: read the page (and so the call) once.
  if (view.portfolio && closed.call === undefined) return { ...applied, refetch: true };
  return {
    view: {
      ...applied.view,
      closedAt: new Date(closed.closedAt),
      votes: closed.votes?.map((v) => ({ ...v, updatedAt: new Date(v.updatedAt) })) ?? null,
      result: closed.result,
      digest: event.payload.digest,
      portfolio:
        view.portfolio && closed.call
          ? { ...view.portfolio, outcome: closed.portfolioOutcome, call: callWithDates(closed.call) }
          : view.portfolio,
      // Absent from a close written before it carried it: the call's page reads its results once.
      revision: closed.revision
        ? { ...closed.revision, decidedAt: new Date(closed.revision.decidedAt) }
        : view.revision,
      viewer: { ...view.viewer, eligible: false },
    },
    refetch: false,
  };
}

function callWithDates(call: PortfolioCallState): PortfolioCallState<Date> {
  const decidedAt = call.portfolio?.decidedAt;
  return {
    ...call,
    portfolio: call.portfolio && { ...call.portfolio, decidedAt: decidedAt ? new Date(decidedAt) : null },
  };
}

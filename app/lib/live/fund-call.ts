import type { PortfolioCallState } from "@/server/features/ballots/events";
import { nextCallAction, type CallAction } from "@/server/features/fund/rules/call-lifecycle";
import { callStatuses, type PortfolioBallotOutcome } from "@/shared/fund-vocabulary";

/** The call page's call (`fund.get`) as far as a portfolio ballot's close changes it. */
export interface LiveFundCall extends PortfolioCallState<Date> {
  viewer: { manager: boolean; nextAction: CallAction | null };
}

/** A row of `ballots.forCall` as far as its close changes it. */
export interface LiveCallBallot {
  id: number;
  status: string;
  outcome: PortfolioBallotOutcome | null;
}

/** The call's latest portfolio ballot as its page holds it (`ballots.get`: read, its events applied, or the close's answer). */
export interface SettledCallBallot {
  id: number;
  status: string;
  portfolio: { outcome: PortfolioBallotOutcome | null; call: PortfolioCallState<Date> } | null;
}

const stage = (status: PortfolioCallState["status"]) => callStatuses.indexOf(status);

/**
 * The call as its portfolio ballot's page last saw it. A call only moves forward, so the ballot's copy
 * replaces the held one only when it is further along (the close awarded it); an older copy (a ballot
 * page read before the call moved on) changes nothing. The manager's next step follows the stage.
 */
export function withBallotCall<T extends LiveFundCall>(call: T, ballot: SettledCallBallot): T {
  const seen = ballot.portfolio?.call;
  if (!seen || stage(seen.status) <= stage(call.status)) return call;
  return {
    ...call,
    status: seen.status,
    portfolio: seen.portfolio,
    viewer: { ...call.viewer, nextAction: call.viewer.manager ? nextCallAction(seen.status) : null },
  };
}

/** The call's ballots with the closed one's row as `ballots.forCall` lists it: closed, with what its close did. */
export function withClosedCallBallot<T extends LiveCallBallot>(rows: T[], ballot: SettledCallBallot): T[] {
  const outcome = ballot.portfolio?.outcome ?? null;
  const row = rows.find((r) => r.id === ballot.id);
  if (!row || ballot.status !== "closed" || outcome === null || (row.status === "closed" && row.outcome === outcome))
    return rows;
  return rows.map((r) => (r.id === ballot.id ? { ...r, status: "closed", outcome } : r));
}

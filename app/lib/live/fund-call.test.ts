import { describe, expect, it } from "vitest";
import type { PortfolioCallState } from "@/server/features/ballots/events";
import type { PortfolioBallotOutcome } from "@/shared/fund-vocabulary";
import { withBallotCall, withClosedCallBallot, type LiveFundCall, type SettledCallBallot } from "./fund-call";

const decidedAt = new Date("2026-03-04T05:06:07.000Z");
const awarded: PortfolioCallState<Date> = {
  status: "awarded",
  portfolio: { method: "greedy", decidedAt, reason: "Fits every funder" },
};
const selection: PortfolioCallState<Date> = { status: "selection", portfolio: null };
const call = (manager: boolean, over: Partial<LiveFundCall> = {}): LiveFundCall & { id: number } => ({
  id: 3,
  status: "selection",
  portfolio: null,
  viewer: { manager, nextAction: manager ? "award" : null },
  ...over,
});
const ballot = (
  status: string,
  outcome: PortfolioBallotOutcome | null,
  seen: PortfolioCallState<Date>,
): SettledCallBallot => ({ id: 8, status, portfolio: { outcome, call: seen } });

describe("withBallotCall", () => {
  it("takes the award the close made: stage, decision, and the manager's next step", () => {
    expect(withBallotCall(call(true), ballot("closed", "awarded", awarded))).toEqual({
      id: 3,
      ...awarded,
      viewer: { manager: true, nextAction: "close" },
    });
    expect(withBallotCall(call(false), ballot("closed", "awarded", awarded)).viewer).toEqual({
      manager: false,
      nextAction: null,
    });
  });

  it("keeps the held call when the ballot's copy is not further along", () => {
    const held = call(true);
    // No agreement: the call stays in selection.
    expect(withBallotCall(held, ballot("closed", "no_agreement", selection))).toBe(held);
    // A ballot page read before the call moved on (awarded, then closed by hand).
    const closed = call(true, {
      status: "closed",
      portfolio: awarded.portfolio,
      viewer: { manager: true, nextAction: null },
    });
    expect(withBallotCall(closed, ballot("closed", "awarded", awarded))).toBe(closed);
    // A project's ballot carries no call.
    expect(withBallotCall(held, { id: 8, status: "closed", portfolio: null })).toBe(held);
  });
});

describe("withClosedCallBallot", () => {
  const rows = [
    { id: 8, round: 2, status: "open", outcome: null, method: "greedy" },
    { id: 5, round: 1, status: "closed", outcome: "stale" as const, method: "exact" },
  ];

  it("closes the ballot's row with what its close did, leaving the others", () => {
    expect(withClosedCallBallot(rows, ballot("closed", "awarded", awarded))).toEqual([
      { id: 8, round: 2, status: "closed", outcome: "awarded", method: "greedy" },
      rows[1],
    ]);
  });

  it("changes nothing for an open ballot, one not listed, or a row already closed the same way", () => {
    expect(withClosedCallBallot(rows, ballot("open", null, selection))).toBe(rows);
    expect(withClosedCallBallot(rows, { ...ballot("closed", "awarded", awarded), id: 99 })).toBe(rows);
    const closed = withClosedCallBallot(rows, ballot("closed", "no_agreement", selection));
    expect(withClosedCallBallot(closed, ballot("closed", "no_agreement", selection))).toBe(closed);
  });
});

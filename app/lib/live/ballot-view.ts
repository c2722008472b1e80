import { publicTallyRows, type PublicTallyRow } from "@/server/features/ballots/rules/ballot-secrecy";
import type { LiveEvent } from "@/server/events/contract";
import type { TurnoutRow } from "@/server/features/ballots/events";

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
  /** The event says something the payload does not carry (the close's full result): read it again. */
  refetch: boolean;
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
    case "ballot:closed":
      // The notice does not carry the stored result (per-plan verdicts, receipts): read it once.
      return { view: { ...view, headSeq }, refetch: true };
    default:
      return { view: { ...view, headSeq }, refetch: false };
  }
}

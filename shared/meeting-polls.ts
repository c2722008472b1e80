import type { BallotRule } from "./ballot-vocabulary";

/**
 * Quick in-meeting polls (#18.4): their vocabularies and the shape of a tally, stored with a closed
 * poll (meeting_polls.result) and carried live. Decided in server/features/meetings/polls/poll-rules.ts.
 */
export const pollKinds = ["yes_no", "score", "ranked", "dots"] as const;
export type PollKind = (typeof pollKinds)[number];

export const pollStatuses = ["open", "closed"] as const;
export type PollStatus = (typeof pollStatuses)[number];

export const yesNoChoices = ["yes", "no", "abstain"] as const;
export type YesNoChoice = (typeof yesNoChoices)[number];

/** Bounds the form and the server share. */
export const pollLimits = { minOptions: 2, maxOptions: 10, maxDots: 10, maxScore: 5 } as const;

export interface PollOption {
  zh: string;
  en: string;
}

/** One person's answer, tagged with the poll's kind: a ranking lists option indexes best first. */
export type PollAnswer =
  | { kind: "yes_no"; choice: YesNoChoice }
  | { kind: "score"; score: number }
  | { kind: "ranked"; order: number[] }
  | { kind: "dots"; dots: number[] };

/**
 * Figures of one region (or overall), by kind: yes/no/abstain counts; [mean score]; Borda points per
 * option; dots per option.
 */
export interface PollFigures {
  voters: number;
  values: number[];
}

export interface PollVerdict {
  /** The question carries (yes/no) or the ranking's winner stands (ranked) under the poll's rule. */
  passes: boolean;
  /** Regions that stopped it under the rule: no yes majority there, or the winner not their top choice. */
  blockedBy: number[];
  /** The winning option's index (ranked; null on a tie at the top), else null. */
  winner: number | null;
}

export interface PollTally {
  rule: BallotRule;
  overall: PollFigures;
  /** Every region of the meeting's registrants, in id order, with figures of zero where nobody voted. */
  regions: Array<PollFigures & { regionId: number }>;
  /** Yes/no and ranked polls only. */
  verdict: PollVerdict | null;
}

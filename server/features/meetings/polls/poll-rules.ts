import type { BallotRule } from "@/shared/ballot-vocabulary";
import {
  pollLimits,
  type PollAnswer,
  type PollFigures,
  type PollKind,
  type PollTally,
  type PollVerdict,
} from "@/shared/meeting-polls";
import { decide, tallyVotes, type CastVote } from "../../ballots/rules/ballot-rules";

/**
 * The rules of quick in-meeting polls, pure: what a valid answer is, and the tally per region and
 * overall with the verdict under the poll's ballot rule. The use-cases (polls.ts) load the votes and
 * the registrants' regions and ask here.
 */

export interface PollShape {
  kind: PollKind;
  rule: BallotRule;
  /** Ranked and dot polls: how many options there are. */
  optionCount: number;
  dotsPerVoter: number | null;
}

export interface RegionVote {
  regionId: number;
  answer: PollAnswer;
}

export type AnswerProblem = "WRONG_KIND" | "SCORE_RANGE" | "NOT_A_RANKING" | "DOTS_SHAPE" | "TOO_MANY_DOTS";

const isCount = (n: number) => Number.isInteger(n) && n >= 0;

/** What is wrong with `answer` to `poll`, or null when it is a valid vote. */
export function answerProblem(poll: PollShape, answer: PollAnswer): AnswerProblem | null {
  if (answer.kind !== poll.kind) return "WRONG_KIND";
  switch (answer.kind) {
    case "yes_no":
      return null;
    case "score":
      return isCount(answer.score) && answer.score <= pollLimits.maxScore ? null : "SCORE_RANGE";
    case "ranked": {
      const seen = new Set(answer.order);
      const permutation =
        answer.order.length === poll.optionCount &&
        seen.size === poll.optionCount &&
        answer.order.every((i) => isCount(i) && i < poll.optionCount);
      return permutation ? null : "NOT_A_RANKING";
    }
    case "dots": {
      if (answer.dots.length !== poll.optionCount || !answer.dots.every(isCount)) return "DOTS_SHAPE";
      const spent = answer.dots.reduce((a, b) => a + b, 0);
      return spent <= (poll.dotsPerVoter ?? 0) ? null : "TOO_MANY_DOTS";
    }
  }
}

/** How many figures each tally row has: yes/no/abstain, one mean, or one per option. */
export const figureCount = (poll: PollShape) =>
  poll.kind === "yes_no" ? 3 : poll.kind === "score" ? 1 : poll.optionCount;

/** The figures one answer adds: a yes/no/abstain mark, a score, Borda points (n−1 for the first … 0 for the last), dots. */
function contribution(poll: PollShape, answer: PollAnswer): number[] {
  switch (answer.kind) {
    case "yes_no":
      return [answer.choice === "yes" ? 1 : 0, answer.choice === "no" ? 1 : 0, answer.choice === "abstain" ? 1 : 0];
    case "score":
      return [answer.score];
    case "ranked": {
      const points = Array.from({ length: poll.optionCount }, () => 0);
      answer.order.forEach((option, place) => (points[option] = poll.optionCount - 1 - place));
      return points;
    }
    case "dots":
      return [...answer.dots];
  }
}

function figuresOf(poll: PollShape, votes: readonly RegionVote[]): PollFigures {
  const sums = Array.from({ length: figureCount(poll) }, () => 0);
  for (const vote of votes) contribution(poll, vote.answer).forEach((v, i) => (sums[i] = (sums[i] ?? 0) + v));
  // A mean of integer scores: the sum is exact whatever the order, so the mean is too.
  const values = poll.kind === "score" ? [votes.length === 0 ? 0 : (sums[0] ?? 0) / votes.length] : sums;
  return { voters: votes.length, values };
}

/**
 * The tally of `votes` over `regionIds` (the regions of the meeting's registrants; a voter's region
 * is added if missing). Order of the votes never matters. Yes/no is decided by the ballots' own
 * `decide` on one plan, every region needing at least one vote: simple majority (yes outnumbers no),
 * double majority (and so in a majority of the regions), regional consent (and so in every region,
 * each region voting). Ranked: the Borda winner overall (none on a tie), standing under double
 * majority if it is also a top choice of a majority of regions, under consent of every region.
 */
export function tallyPoll(poll: PollShape, regionIds: readonly number[], votes: readonly RegionVote[]): PollTally {
  const ids = [...new Set([...regionIds, ...votes.map((v) => v.regionId)])].sort((a, b) => a - b);
  const regions = ids.map((regionId) => ({
    regionId,
    ...figuresOf(
      poll,
      votes.filter((v) => v.regionId === regionId),
    ),
  }));
  const overall = figuresOf(poll, votes);
  const verdict =
    poll.kind === "yes_no"
      ? yesNoVerdict(poll.rule, ids, votes)
      : poll.kind === "ranked"
        ? rankedVerdict(poll.rule, overall, regions)
        : null;
  return { rule: poll.rule, overall, regions, verdict };
}

const choiceToBallot = { yes: "approve", no: "reject", abstain: "abstain" } as const;

function yesNoVerdict(rule: BallotRule, regionIds: readonly number[], votes: readonly RegionVote[]): PollVerdict {
  const cast: CastVote[] = votes.flatMap((v, voterId) =>
    v.answer.kind === "yes_no"
      ? [{ planId: 0, voterId, regionId: v.regionId, choice: choiceToBallot[v.answer.choice] }]
      : [],
  );
  const electorate = regionIds.map((regionId) => ({ regionId, electorate: 1, quorum: 1 }));
  const [plan] = decide(rule, 0, electorate, [0], tallyVotes(cast)).plans;
  const blockedBy = [...new Set([...(plan?.blockedBy ?? []), ...(plan?.missedQuorum ?? [])])].sort((a, b) => a - b);
  return { passes: plan?.passes ?? false, blockedBy, winner: null };
}

/** The options with the most points (several on a tie). */
export function topOptions(values: readonly number[]): number[] {
  const best = Math.max(...values);
  return values.flatMap((v, i) => (v === best ? [i] : []));
}

function rankedVerdict(
  rule: BallotRule,
  overall: PollFigures,
  regions: ReadonlyArray<PollFigures & { regionId: number }>,
): PollVerdict {
  const top = overall.voters === 0 ? [] : topOptions(overall.values);
  const winner = top.length === 1 ? top[0]! : null;
  if (winner === null) return { passes: false, blockedBy: [], winner };
  const notTop = regions.filter((r) => r.voters === 0 || !topOptions(r.values).includes(winner)).map((r) => r.regionId);
  const backing = regions.length - notTop.length;
  const passes =
    rule === "simple_majority" || (rule === "double_majority" ? backing * 2 > regions.length : notTop.length === 0);
  return { passes, blockedBy: passes ? [] : notTop, winner };
}

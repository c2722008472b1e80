/**
 * Expert review: the rubric, who may review what (conflict of interest), and the aggregate of
 * submitted reviews. Pure, so the workbench and the server refuse the same things.
 */

export interface Criterion {
  key: string;
  nameZh: string;
  nameEn: string;
  /** A positive whole number; a criterion's weight over the sum of weights is its part of the score. */
  weight: number;
}

export interface CriterionScore {
  key: string;
  /** 1–5 */
  score: number;
  comment: string;
}

export const minScore = 1;
export const maxScore = 5;
/** Reviewers whose totals differ by more than this many points flag the proposal for discussion. */
export const disagreementPoints = 2;

/** Everything wrong with a rubric; empty when valid. */
export function rubricProblems(criteria: readonly Criterion[]): string[] {
  const problems: string[] = [];
  if (criteria.length === 0) problems.push("A rubric needs at least one criterion");
  const keys = new Set(criteria.map((c) => c.key));
  if (keys.size !== criteria.length) problems.push("Each criterion needs its own key");
  if (criteria.some((c) => !Number.isInteger(c.weight) || c.weight < 1 || c.weight > 100))
    problems.push("Weights are whole numbers from 1 to 100");
  return problems;
}

/** Everything wrong with one reviewer's scores against the call's rubric; empty when valid. */
export function scoreProblems(criteria: readonly Criterion[], scores: readonly CriterionScore[]): string[] {
  const problems: string[] = [];
  const given = new Map(scores.map((s) => [s.key, s]));
  if (given.size !== scores.length) problems.push("Each criterion may be scored once");
  for (const criterion of criteria) if (!given.has(criterion.key)) problems.push(`"${criterion.nameEn}" has no score`);
  for (const score of scores) {
    if (!criteria.some((c) => c.key === score.key)) problems.push(`"${score.key}" is not a criterion of this call`);
    if (!Number.isInteger(score.score) || score.score < minScore || score.score > maxScore)
      problems.push(`Scores are whole numbers from ${minScore} to ${maxScore}`);
    if (score.comment.trim().length === 0) problems.push("Every score needs a comment");
  }
  return [...new Set(problems)];
}

/**
 * One review's weighted score, in hundredths of a point (100–500), rounded half up: integers, so the
 * same reviews give the same portfolio on every machine.
 */
export function weightedScore(criteria: readonly Criterion[], scores: readonly CriterionScore[]): number {
  const byKey = new Map(scores.map((s) => [s.key, s.score]));
  const totalWeight = criteria.reduce((sum, c) => sum + c.weight, 0);
  const weighted = criteria.reduce((sum, c) => sum + c.weight * (byKey.get(c.key) ?? 0), 0);
  return Math.floor((weighted * 100 * 2 + totalWeight) / (totalWeight * 2));
}

export interface Aggregate {
  /** Submitted reviews counted. */
  reviews: number;
  /** Mean of the reviews' weighted scores, hundredths of a point; null with no review. */
  mean: number | null;
  /** Highest minus lowest weighted score, hundredths of a point. */
  spread: number;
  /** Reviewers disagree by more than `disagreementPoints`. */
  disagreement: boolean;
}

export function aggregate(reviewScores: readonly number[]): Aggregate {
  if (reviewScores.length === 0) return { reviews: 0, mean: null, spread: 0, disagreement: false };
  const sum = reviewScores.reduce((a, b) => a + b, 0);
  const n = reviewScores.length;
  const spread = Math.max(...reviewScores) - Math.min(...reviewScores);
  return {
    reviews: n,
    mean: Math.floor((sum * 2 + n) / (n * 2)),
    spread,
    disagreement: spread > disagreementPoints * 100,
  };
}

export interface ConflictInput {
  reviewer: { accountId: number; organisation: string; regionId: number };
  proposal: { organisations: readonly string[]; regionIds: readonly number[]; authorIds: readonly number[] };
  /** The call's option: no reviewer from a region taking part in the proposal. */
  excludeProposalRegions: boolean;
}

export type Conflict = "AUTHOR" | "SAME_ORGANISATION" | "SAME_REGION";

/** Organisations compare by their normalised text: "Fudan University " and "fudan university" are one. */
export const normaliseOrganisation = (name: string) => name.normalize("NFKC").trim().toLowerCase().replace(/\s+/g, " ");

/** Why the reviewer may not review the proposal, or null. */
export function conflictOfInterest(input: ConflictInput): Conflict | null {
  const { reviewer, proposal } = input;
  if (proposal.authorIds.includes(reviewer.accountId)) return "AUTHOR";
  const own = normaliseOrganisation(reviewer.organisation);
  if (own !== "" && proposal.organisations.some((o) => normaliseOrganisation(o) === own)) return "SAME_ORGANISATION";
  if (input.excludeProposalRegions && proposal.regionIds.includes(reviewer.regionId)) return "SAME_REGION";
  return null;
}

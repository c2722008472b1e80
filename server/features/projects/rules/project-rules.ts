/**
 * What makes a joint-project proposal well formed. Pure, so the zod contracts (for field-level
 * messages in forms) and the services (for the merged result of a partial edit) apply one rule.
 */

export const projectLimits = {
  titleMax: 200,
  summaryMax: 1_000,
  bodyMax: 50_000,
  outcomesMax: 5_000,
  /** ¥1 trillion: far above any real request, far below 2^53, so a JS number holds it exactly. */
  budgetMaxYuan: 1_000_000_000_000,
  durationMinMonths: 1,
  durationMaxMonths: 120,
  recommendationsMin: 1,
  recommendationsMax: 5,
  /** The seed paper's recommendations are numbered 1–5 (sections 4.1–4.5). */
  recommendationNumberMax: 5,
  partnersMax: 12,
  tagsMax: 10,
  tagMax: 40,
  pageSize: 20,
} as const;

import type { CoauthorStatus } from "@/shared/project-vocabulary";
export {
  coauthorStatuses,
  projectRegionRoles,
  type CoauthorStatus,
  type ProjectRegionRole,
} from "@/shared/project-vocabulary";

/** One broken rule, with the input field it concerns (for forms) and a sentence for people. */
export interface Violation {
  path: string;
  message: string;
}

const yuan = new Intl.NumberFormat("en", { maximumFractionDigits: 0 });

export function regionViolations(leadRegionId: number, partnerRegionIds: readonly number[]): Violation[] {
  const violations: Violation[] = [];
  if (partnerRegionIds.length === 0) {
    violations.push({
      path: "partnerRegionIds",
      message:
        "A joint project needs at least two distinct regions: choose a lead region and at least one partner region",
    });
  }
  if (partnerRegionIds.includes(leadRegionId)) {
    violations.push({
      path: "partnerRegionIds",
      message: "The lead region cannot also be a partner region: a joint project needs at least two distinct regions",
    });
  }
  if (new Set(partnerRegionIds).size !== partnerRegionIds.length) {
    violations.push({ path: "partnerRegionIds", message: "Each partner region can be named only once" });
  }
  if (partnerRegionIds.length > projectLimits.partnersMax) {
    violations.push({
      path: "partnerRegionIds",
      message: `A project can have at most ${projectLimits.partnersMax} partner regions`,
    });
  }
  return violations;
}

export function recommendationViolations(numbers: readonly number[]): Violation[] {
  const violations: Violation[] = [];
  const { recommendationsMin, recommendationsMax, recommendationNumberMax } = projectLimits;
  if (numbers.length < recommendationsMin) {
    violations.push({
      path: "recommendations",
      message: "Name at least one recommendation (1–5) that the project advances",
    });
  }
  if (numbers.length > recommendationsMax) {
    violations.push({
      path: "recommendations",
      message: `A project can advance at most ${recommendationsMax} recommendations`,
    });
  }
  if (numbers.some((n) => !Number.isInteger(n) || n < 1 || n > recommendationNumberMax)) {
    violations.push({
      path: "recommendations",
      message: `Recommendations are numbered 1 to ${recommendationNumberMax}`,
    });
  }
  if (new Set(numbers).size !== numbers.length) {
    violations.push({ path: "recommendations", message: "Each recommendation can be named only once" });
  }
  return violations;
}

export function budgetViolations(budgetYuan: number): Violation[] {
  if (!Number.isSafeInteger(budgetYuan) || budgetYuan <= 0) {
    return [{ path: "budgetYuan", message: "The budget must be a positive whole number of yuan" }];
  }
  if (budgetYuan > projectLimits.budgetMaxYuan) {
    return [{ path: "budgetYuan", message: `The budget can be at most ¥${yuan.format(projectLimits.budgetMaxYuan)}` }];
  }
  return [];
}

export function durationViolations(months: number): Violation[] {
  const { durationMinMonths, durationMaxMonths } = projectLimits;
  if (!Number.isInteger(months) || months < durationMinMonths || months > durationMaxMonths) {
    return [
      {
        path: "durationMonths",
        message: `The duration must be a whole number of months from ${durationMinMonths} to ${durationMaxMonths}`,
      },
    ];
  }
  return [];
}

/**
 * One spelling per tag: Unicode-compatibility folding (so full-width "ＡＩ" typed with a Chinese
 * input method is "ai"), whitespace collapsed, Latin lower-cased (Chinese has no case).
 */
export function normaliseTag(tag: string): string {
  return tag.normalize("NFKC").trim().replace(/\s+/g, " ").toLowerCase();
}

/** Normalised, empty ones dropped, duplicates removed keeping the first. */
export function normaliseTags(tags: readonly string[]): string[] {
  return [...new Set(tags.map(normaliseTag).filter((tag) => tag.length > 0))];
}

/** Checks tags already passed through `normaliseTags`. */
export function tagViolations(tags: readonly string[]): Violation[] {
  const violations: Violation[] = [];
  if (tags.length > projectLimits.tagsMax) {
    violations.push({ path: "tags", message: `A project can have at most ${projectLimits.tagsMax} tags` });
  }
  const long = tags.find((tag) => Array.from(tag).length > projectLimits.tagMax);
  if (long !== undefined) {
    violations.push({
      path: "tags",
      message: `A tag can be at most ${projectLimits.tagMax} characters ("${Array.from(long).slice(0, 12).join("")}…" is longer)`,
    });
  }
  return violations;
}

export interface ProposalShape {
  leadRegionId: number;
  partnerRegionIds: readonly number[];
  recommendations: readonly number[];
  budgetYuan: number;
  durationMonths: number;
  tags: readonly string[];
}

/** Every rule a whole proposal must meet; empty when it is well formed. */
export function proposalViolations(proposal: ProposalShape): Violation[] {
  return [
    ...regionViolations(proposal.leadRegionId, proposal.partnerRegionIds),
    ...recommendationViolations(proposal.recommendations),
    ...budgetViolations(proposal.budgetYuan),
    ...durationViolations(proposal.durationMonths),
    ...tagViolations(proposal.tags),
  ];
}

export interface CoauthorStanding {
  regionId: number;
  status: CoauthorStatus;
}

/**
 * The partner regions, in the order given, that have no accepted co-proposer yet. A proposal can be
 * submitted only when this is empty: every partner region has agreed to take part.
 */
export function missingPartnerRegions(
  partnerRegionIds: readonly number[],
  coauthors: readonly CoauthorStanding[],
): number[] {
  const covered = new Set(coauthors.filter((c) => c.status === "accepted").map((c) => c.regionId));
  return partnerRegionIds.filter((regionId) => !covered.has(regionId));
}

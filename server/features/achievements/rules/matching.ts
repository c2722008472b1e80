import type { RegionStrength } from "@/shared/achievement-vocabulary";
import { readablePhrases, terms } from "./text";
import { trlFit } from "./trl";

/**
 * Matching achievements and technology needs. Pure: the caller gathers the rows, this ranks them.
 * Score = 50 % text similarity (TF-IDF cosine over the terms of ./text) + 20 % shared sector tags +
 * 15 % TRL fit + 15 % region complementarity. A candidate needs shared text or a shared sector:
 * readiness and geography alone never make a match.
 */
export const matchWeights = { text: 0.5, sector: 0.2, trl: 0.15, region: 0.15 } as const;

export interface AchievementDoc {
  id: number;
  text: string;
  sectors: readonly string[];
  trl: number;
  ownerRegionIds: readonly number[];
}

export interface NeedDoc {
  id: number;
  text: string;
  sectors: readonly string[];
  minTrl: number;
  regionId: number;
}

/** Why two regions fit: R&D-strong with manufacturing-strong is the pairing the paper asks for. */
export type RegionRule = "complementary" | "balanced_partner" | "cross_region" | "same_region";

export interface MatchExplanation {
  /** Shared terms that carried the text score, strongest first. */
  terms: string[];
  sectors: string[];
  trl: { achievement: number; wanted: number; fit: number };
  region: {
    rule: RegionRule;
    ownerRegionId: number | null;
    needRegionId: number;
    ownerStrength: RegionStrength | null;
    needStrength: RegionStrength | null;
  };
  /** Each part's value in [0, 1] before weighting. */
  parts: { text: number; sector: number; trl: number; region: number };
}

export interface Match {
  achievementId: number;
  needId: number;
  /** 0–100. */
  score: number;
  explanation: MatchExplanation;
}

const regionValue: Record<RegionRule, number> = {
  complementary: 1,
  balanced_partner: 0.5,
  cross_region: 0.25,
  same_region: 0,
};

/** The best region rule between any owner region and the need's region. */
export function regionRule(
  ownerRegionIds: readonly number[],
  needRegionId: number,
  strengths: ReadonlyMap<number, RegionStrength>,
): MatchExplanation["region"] {
  const needStrength = strengths.get(needRegionId) ?? null;
  let best: MatchExplanation["region"] = {
    rule: "same_region",
    ownerRegionId: ownerRegionIds[0] ?? null,
    needRegionId,
    ownerStrength: ownerRegionIds[0] === undefined ? null : (strengths.get(ownerRegionIds[0]) ?? null),
    needStrength,
  };
  for (const ownerRegionId of ownerRegionIds) {
    const ownerStrength = strengths.get(ownerRegionId) ?? null;
    let rule: RegionRule;
    if (ownerRegionId === needRegionId) rule = "same_region";
    else if (
      (ownerStrength === "rnd" && needStrength === "manufacturing") ||
      (ownerStrength === "manufacturing" && needStrength === "rnd")
    )
      rule = "complementary";
    else if (
      ownerStrength !== null &&
      needStrength !== null &&
      ownerStrength !== needStrength &&
      (ownerStrength === "balanced" || needStrength === "balanced")
    )
      rule = "balanced_partner";
    else rule = "cross_region";
    if (regionValue[rule] > regionValue[best.rule])
      best = { rule, ownerRegionId, needRegionId, ownerStrength, needStrength };
  }
  return best;
}

/** A TF-IDF index over one side's documents: unit-length vectors and postings for fast candidate lookup (talent suggestions reuse it). */
export class TermIndex {
  readonly idf = new Map<string, number>();
  readonly vectors: Map<string, number>[] = [];
  private readonly postings = new Map<string, { doc: number; weight: number }[]>();

  constructor(texts: readonly string[]) {
    const counts = texts.map((text) => {
      const tf = new Map<string, number>();
      for (const term of terms(text)) tf.set(term, (tf.get(term) ?? 0) + 1);
      return tf;
    });
    const df = new Map<string, number>();
    for (const tf of counts) for (const term of tf.keys()) df.set(term, (df.get(term) ?? 0) + 1);
    const n = texts.length;
    for (const [term, d] of df) this.idf.set(term, Math.log(1 + n / d));
    counts.forEach((tf, doc) => {
      const vector = this.weigh(tf);
      this.vectors.push(vector);
      for (const [term, weight] of vector) {
        let list = this.postings.get(term);
        if (!list) this.postings.set(term, (list = []));
        list.push({ doc, weight });
      }
    });
  }

  /** Log-scaled term frequency × IDF, normalised to unit length; terms unknown to the corpus drop out. */
  weigh(tf: ReadonlyMap<string, number>): Map<string, number> {
    const vector = new Map<string, number>();
    let norm = 0;
    for (const [term, count] of tf) {
      const idf = this.idf.get(term);
      if (!idf) continue;
      const w = (1 + Math.log(count)) * idf;
      vector.set(term, w);
      norm += w * w;
    }
    norm = Math.sqrt(norm);
    if (norm > 0) for (const [term, w] of vector) vector.set(term, w / norm);
    return vector;
  }

  query(text: string): { vector: Map<string, number>; scores: Map<number, number> } {
    const tf = new Map<string, number>();
    for (const term of terms(text)) tf.set(term, (tf.get(term) ?? 0) + 1);
    const vector = this.weigh(tf);
    const scores = new Map<number, number>();
    for (const [term, w] of vector) {
      for (const { doc, weight } of this.postings.get(term) ?? []) scores.set(doc, (scores.get(doc) ?? 0) + w * weight);
    }
    return { vector, scores };
  }
}

/** The terms both sides share, as readable phrases of the query text, at most `limit`. */
function sharedTerms(
  queryText: string,
  a: ReadonlyMap<string, number>,
  b: ReadonlyMap<string, number>,
  limit = 8,
): string[] {
  const shared = new Set<string>();
  for (const term of a.keys()) if (b.has(term)) shared.add(term);
  return readablePhrases(queryText, shared).slice(0, limit);
}

function sectorsIndex(docs: readonly { sectors: readonly string[] }[]) {
  const index = new Map<string, number[]>();
  docs.forEach((doc, i) => {
    for (const sector of doc.sectors) {
      let list = index.get(sector);
      if (!list) index.set(sector, (list = []));
      list.push(i);
    }
  });
  return index;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

function combine(
  achievement: AchievementDoc,
  need: NeedDoc,
  text: number,
  sharedTermList: string[],
  strengths: ReadonlyMap<number, RegionStrength>,
): Match {
  const needSectors = new Set(need.sectors);
  const sectors = achievement.sectors.filter((s) => needSectors.has(s));
  const sector = need.sectors.length === 0 ? 0 : sectors.length / need.sectors.length;
  const trl = trlFit(achievement.trl, need.minTrl);
  const region = regionRule(achievement.ownerRegionIds, need.regionId, strengths);
  const parts = {
    text: round(Math.min(1, text)),
    sector: round(sector),
    trl: round(trl),
    region: regionValue[region.rule],
  };
  const score =
    matchWeights.text * parts.text +
    matchWeights.sector * parts.sector +
    matchWeights.trl * parts.trl +
    matchWeights.region * parts.region;
  return {
    achievementId: achievement.id,
    needId: need.id,
    score: Math.round(score * 100),
    explanation: {
      terms: sharedTermList,
      sectors,
      trl: { achievement: achievement.trl, wanted: need.minTrl, fit: parts.trl },
      region,
      parts,
    },
  };
}

/** Candidates sharing a term or a sector with the query, scored by `score` and cut to the best `limit`. */
function rank(
  queryText: string,
  sectors: readonly string[],
  termIndex: TermIndex,
  sectorIndex: ReadonlyMap<string, number[]>,
  limit: number,
  score: (doc: number, text: number, shared: string[]) => Match,
): Match[] {
  const { vector, scores } = termIndex.query(queryText);
  for (const sector of sectors)
    for (const doc of sectorIndex.get(sector) ?? []) if (!scores.has(doc)) scores.set(doc, 0);
  // Score every candidate first; only the few kept get their shared terms worked out (the costly part).
  const scored: { match: Match; doc: number; text: number }[] = [];
  for (const [doc, text] of scores) scored.push({ match: score(doc, text, []), doc, text });
  return scored
    .sort((a, b) => byScore(a.match, b.match))
    .slice(0, limit)
    .map(({ match, doc, text }) => {
      if (text > 0) match.explanation.terms = sharedTerms(queryText, vector, termIndex.vectors[doc]!);
      return match;
    });
}

const byScore = (a: Match, b: Match) => b.score - a.score || a.achievementId - b.achievementId || a.needId - b.needId;

/**
 * Both directions over one set of achievements and needs, built once. Ranking one need touches only
 * the achievements sharing a term or a sector with it (postings), not the whole registry.
 */
export class MatchIndex {
  private readonly achievementTerms: TermIndex;
  private readonly needTerms: TermIndex;
  private readonly achievementSectors: Map<string, number[]>;
  private readonly needSectors: Map<string, number[]>;

  constructor(
    readonly achievements: readonly AchievementDoc[],
    readonly needs: readonly NeedDoc[],
    readonly strengths: ReadonlyMap<number, RegionStrength>,
  ) {
    this.achievementTerms = new TermIndex(achievements.map((a) => a.text));
    this.needTerms = new TermIndex(needs.map((n) => n.text));
    this.achievementSectors = sectorsIndex(achievements);
    this.needSectors = sectorsIndex(needs);
  }

  /** The achievements that fit a need, best first. The need may be outside the index (a draft being typed). */
  forNeed(need: NeedDoc, limit = 10): Match[] {
    return rank(need.text, need.sectors, this.achievementTerms, this.achievementSectors, limit, (doc, text, shared) =>
      combine(this.achievements[doc]!, need, text, shared, this.strengths),
    );
  }

  /** The needs an achievement could serve, best first. */
  forAchievement(achievement: AchievementDoc, limit = 10): Match[] {
    return rank(achievement.text, achievement.sectors, this.needTerms, this.needSectors, limit, (doc, text, shared) =>
      combine(achievement, this.needs[doc]!, text, shared, this.strengths),
    );
  }
}

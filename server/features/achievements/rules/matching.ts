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

/** A match at or above this score is announced to the need's poster (once per need and achievement). */
export const matchNoticeThreshold = 60;

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

function ruleBetween(
  ownerRegionId: number,
  needRegionId: number,
  ownerStrength: RegionStrength | null,
  needStrength: RegionStrength | null,
): RegionRule {
  if (ownerRegionId === needRegionId) return "same_region";
  if (
    (ownerStrength === "rnd" && needStrength === "manufacturing") ||
    (ownerStrength === "manufacturing" && needStrength === "rnd")
  )
    return "complementary";
  if (
    ownerStrength !== null &&
    needStrength !== null &&
    ownerStrength !== needStrength &&
    (ownerStrength === "balanced" || needStrength === "balanced")
  )
    return "balanced_partner";
  return "cross_region";
}

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
    const rule = ruleBetween(ownerRegionId, needRegionId, ownerStrength, needStrength);
    if (regionValue[rule] > regionValue[best.rule])
      best = { rule, ownerRegionId, needRegionId, ownerStrength, needStrength };
  }
  return best;
}

/** A TF-IDF index over one side's documents: unit-length vectors and postings for fast candidate lookup (talent suggestions reuse it). */
export class TermIndex {
  readonly idf = new Map<string, number>();
  readonly vectors: Map<string, number>[] = [];
  /** Per term: the documents holding it (ascending) and its weight in each, as typed arrays. */
  private readonly postings = new Map<string, { docs: Int32Array; weights: Float64Array }>();
  /** Scratch for one query at a time: accumulated scores and which documents were touched. */
  private readonly scratch: Float64Array;
  private readonly touched: Uint8Array;

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
    const lists = new Map<string, { docs: number[]; weights: number[] }>();
    counts.forEach((tf, doc) => {
      const vector = this.weigh(tf);
      this.vectors.push(vector);
      for (const [term, weight] of vector) {
        let list = lists.get(term);
        if (!list) lists.set(term, (list = { docs: [], weights: [] }));
        list.docs.push(doc);
        list.weights.push(weight);
      }
    });
    for (const [term, list] of lists)
      this.postings.set(term, { docs: Int32Array.from(list.docs), weights: Float64Array.from(list.weights) });
    this.scratch = new Float64Array(n);
    this.touched = new Uint8Array(n);
  }

  get size(): number {
    return this.scratch.length;
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

  /**
   * The query's vector and its cosine with every document sharing a term, as (documents, scores) in
   * first-touched order. Synchronous, so the scratch arrays are never shared between two queries.
   */
  query(text: string): { vector: Map<string, number>; docs: number[]; scores: Float64Array } {
    const tf = new Map<string, number>();
    for (const term of terms(text)) tf.set(term, (tf.get(term) ?? 0) + 1);
    const vector = this.weigh(tf);
    const { scratch, touched } = this;
    const docs: number[] = [];
    for (const [term, w] of vector) {
      const list = this.postings.get(term);
      if (!list) continue;
      const { docs: postingDocs, weights } = list;
      for (let p = 0; p < postingDocs.length; p += 1) {
        const doc = postingDocs[p] as number;
        if (touched[doc] === 0) {
          touched[doc] = 1;
          scratch[doc] = 0;
          docs.push(doc);
        }
        scratch[doc] = (scratch[doc] as number) + w * (weights[p] as number);
      }
    }
    const scores = new Float64Array(docs.length);
    docs.forEach((doc, i) => {
      scores[i] = scratch[doc] as number;
      touched[doc] = 0;
    });
    return { vector, docs, scores };
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

/** The weighted score (0–100) from the parts, each already rounded as the explanation shows it. */
function weighted(text: number, sector: number, trl: number, region: number): number {
  const score =
    matchWeights.text * text + matchWeights.sector * sector + matchWeights.trl * trl + matchWeights.region * region;
  return Math.round(score * 100);
}

/** Shared sectors over the need's sectors, as `combine` counts them. */
function sectorShare(achievementSectors: readonly string[], needSectors: readonly string[]): number {
  if (needSectors.length === 0) return 0;
  let shared = 0;
  for (const s of achievementSectors) if (needSectors.includes(s)) shared += 1;
  return shared / needSectors.length;
}

/** What ranking needs of each side, resolved once: sectors as numbers, owners' strengths looked up. */
interface AchievementFacts {
  sectors: readonly number[];
  trl: number;
  owners: readonly number[];
  ownerStrengths: readonly (RegionStrength | null)[];
}
interface NeedFacts {
  sectors: readonly number[];
  minTrl: number;
  regionId: number;
  strength: RegionStrength | null;
}

/** Just the score of a candidate, with no explanation built: `combine(…).score` exactly. */
function quickScore(achievement: AchievementFacts, need: NeedFacts, text: number): number {
  let shared = 0;
  for (const s of achievement.sectors) if (need.sectors.includes(s)) shared += 1;
  let region = 0;
  for (let o = 0; o < achievement.owners.length; o += 1) {
    const rule = ruleBetween(achievement.owners[o]!, need.regionId, achievement.ownerStrengths[o]!, need.strength);
    region = Math.max(region, regionValue[rule]);
  }
  return weighted(
    round(Math.min(1, text)),
    round(need.sectors.length === 0 ? 0 : shared / need.sectors.length),
    round(trlFit(achievement.trl, need.minTrl)),
    region,
  );
}

function combine(
  achievement: AchievementDoc,
  need: NeedDoc,
  text: number,
  sharedTermList: string[],
  strengths: ReadonlyMap<number, RegionStrength>,
): Match {
  const needSectors = new Set(need.sectors);
  const sectors = achievement.sectors.filter((s) => needSectors.has(s));
  const trl = trlFit(achievement.trl, need.minTrl);
  const region = regionRule(achievement.ownerRegionIds, need.regionId, strengths);
  const parts = {
    text: round(Math.min(1, text)),
    sector: round(sectorShare(achievement.sectors, need.sectors)),
    trl: round(trl),
    region: regionValue[region.rule],
  };
  return {
    achievementId: achievement.id,
    needId: need.id,
    score: weighted(parts.text, parts.sector, parts.trl, parts.region),
    explanation: {
      terms: sharedTermList,
      sectors,
      trl: { achievement: achievement.trl, wanted: need.minTrl, fit: parts.trl },
      region,
      parts,
    },
  };
}

/**
 * Candidates sharing a term or a sector with the query, cut to the best `limit`. Every candidate gets
 * only its number (`quick`) and goes through a small sorted list of the best so far; the few kept are
 * then explained in full (`full`, and their shared terms, the costly part).
 */
/**
 * quickScore for one need over every achievement, with what depends only on the need worked out once:
 * the TRL part per level, the region part per owner region, the sectors as a bit mask. Same arithmetic
 * in the same order, so the same numbers; profiling showed scoring, not finding candidates, was the cost
 * (the synthetic corpus makes nearly every achievement a candidate of every need).
 */
class NeedScorer {
  private readonly trlPart = new Map<number, number>();
  private readonly regionPart = new Map<number, number>();
  private readonly needMask: number;
  private readonly needLength: number;

  constructor(
    private readonly table: AchievementTable,
    private readonly need: NeedFacts,
  ) {
    let mask = 0;
    for (const s of need.sectors) if (s >= 0 && s < 31) mask |= 1 << s;
    this.needMask = mask;
    this.needLength = need.sectors.length;
  }

  score(doc: number, text: number): number {
    const { table, need } = this;
    let shared = 0;
    for (let bits = table.sectorMasks[doc]! & this.needMask; bits !== 0; bits &= bits - 1) shared += 1;
    const trl = table.trl[doc]!;
    let trlPart = this.trlPart.get(trl);
    if (trlPart === undefined) this.trlPart.set(trl, (trlPart = round(trlFit(trl, need.minTrl))));
    let region = 0;
    for (let o = table.ownerStart[doc]!; o < table.ownerStart[doc + 1]!; o += 1) {
      const owner = table.owners[o]!;
      let value = this.regionPart.get(owner);
      if (value === undefined)
        this.regionPart.set(
          owner,
          (value = regionValue[ruleBetween(owner, need.regionId, table.strengthOf(owner), need.strength)]),
        );
      region = Math.max(region, value);
    }
    return weighted(
      round(Math.min(1, text)),
      round(this.needLength === 0 ? 0 : shared / this.needLength),
      trlPart,
      region,
    );
  }
}

/**
 * The achievements' facts as flat arrays for NeedScorer, or null when a bit mask cannot stand for their
 * sectors (more than 31 sector tags, or a tag repeated on one achievement): then quickScore is used.
 */
class AchievementTable {
  private constructor(
    readonly trl: Int32Array,
    readonly sectorMasks: Int32Array,
    readonly ownerStart: Int32Array,
    readonly owners: Int32Array,
    readonly strengthOf: (regionId: number) => RegionStrength | null,
  ) {}

  static of(facts: readonly AchievementFacts[], strengths: ReadonlyMap<number, RegionStrength>) {
    const masks = new Int32Array(facts.length);
    const ownerStart = new Int32Array(facts.length + 1);
    const owners: number[] = [];
    for (let doc = 0; doc < facts.length; doc += 1) {
      const f = facts[doc]!;
      let mask = 0;
      for (const s of f.sectors) {
        if (s < 0 || s >= 31 || (mask & (1 << s)) !== 0) return null;
        mask |= 1 << s;
      }
      masks[doc] = mask;
      owners.push(...f.owners);
      ownerStart[doc + 1] = owners.length;
    }
    return new AchievementTable(
      Int32Array.from(facts.map((f) => f.trl)),
      masks,
      ownerStart,
      Int32Array.from(owners),
      (regionId) => strengths.get(regionId) ?? null,
    );
  }
}

function rank(
  queryText: string,
  sectors: readonly string[],
  termIndex: TermIndex,
  sectorIndex: ReadonlyMap<string, number[]>,
  limit: number,
  sectorBound: number,
  idOf: (doc: number) => number,
  quick: (doc: number, text: number) => number,
  full: (doc: number, text: number) => Match,
): Match[] {
  const { vector, docs, scores } = termIndex.query(queryText);
  const seen = new Uint8Array(termIndex.size);
  // Best first: score descending, then the other side's id ascending (as byScore orders them).
  const best: { doc: number; score: number; id: number; text: number }[] = [];
  const consider = (doc: number, text: number) => {
    if (limit <= 0) return;
    const score = quick(doc, text);
    const id = idOf(doc);
    const last = best[best.length - 1];
    if (best.length >= limit && last && (score < last.score || (score === last.score && id > last.id))) return;
    let at = best.length;
    while (at > 0) {
      const before = best[at - 1]!;
      if (before.score > score || (before.score === score && before.id < id)) break;
      at -= 1;
    }
    best.splice(at, 0, { doc, score, id, text });
    if (best.length > limit) best.pop();
  };
  // The most a candidate with this text score could get: every other part at its maximum (the same
  // arithmetic as quickScore, and each step only grows with its inputs). Once the list is full, a
  // candidate whose bound is below the last kept score cannot enter, so it is not scored at all; a
  // bound equal to it still is (a lower id wins the tie). Same result as scoring everyone.
  const bound = (text: number) => weighted(round(Math.min(1, text)), sectorBound, 1, 1);
  const cannotEnter = (text: number) => best.length >= limit && bound(text) < best[best.length - 1]!.score;
  for (let i = 0; i < docs.length; i += 1) {
    const doc = docs[i]!;
    seen[doc] = 1;
    const text = scores[i]!;
    if (!cannotEnter(text)) consider(doc, text);
  }
  // Sector-only candidates have no text: one bound for all of them.
  if (!cannotEnter(0))
    for (const sector of sectors)
      for (const doc of sectorIndex.get(sector) ?? [])
        if (seen[doc] === 0) {
          seen[doc] = 1;
          consider(doc, 0);
        }
  return best.map(({ doc, text }) => {
    const match = full(doc, text);
    if (text > 0) match.explanation.terms = sharedTerms(queryText, vector, termIndex.vectors[doc]!);
    return match;
  });
}

/**
 * Both directions over one set of achievements and needs, built once. Ranking one need touches only
 * the achievements sharing a term or a sector with it (postings), not the whole registry.
 */
export class MatchIndex {
  private readonly achievementTerms: TermIndex;
  private readonly needTerms: TermIndex;
  private readonly achievementSectors: Map<string, number[]>;
  private readonly needSectors: Map<string, number[]>;
  private readonly sectorIds = new Map<string, number>();
  private readonly achievementFacts: AchievementFacts[];
  private readonly needFacts: NeedFacts[];
  private readonly maxAchievementSectors: number;
  private readonly achievementTable: AchievementTable | null;

  constructor(
    readonly achievements: readonly AchievementDoc[],
    readonly needs: readonly NeedDoc[],
    readonly strengths: ReadonlyMap<number, RegionStrength>,
    /** `flat: false` keeps every need on quickScore; the tests compare both ways. */
    options: { flat?: boolean } = {},
  ) {
    this.achievementTerms = new TermIndex(achievements.map((a) => a.text));
    this.needTerms = new TermIndex(needs.map((n) => n.text));
    this.achievementSectors = sectorsIndex(achievements);
    this.needSectors = sectorsIndex(needs);
    this.achievementFacts = achievements.map((a) => this.factsOfAchievement(a, true));
    this.needFacts = needs.map((n) => this.factsOfNeed(n, true));
    this.maxAchievementSectors = achievements.reduce((most, a) => Math.max(most, a.sectors.length), 0);
    this.achievementTable = options.flat === false ? null : AchievementTable.of(this.achievementFacts, strengths);
  }

  /** A sector's number; while building each new sector gets one, a query's unknown sector is −1 (it matches nothing). */
  private sectorId(sector: string, building: boolean): number {
    let id = this.sectorIds.get(sector);
    if (id === undefined && building) this.sectorIds.set(sector, (id = this.sectorIds.size));
    return id ?? -1;
  }

  private factsOfAchievement(a: AchievementDoc, building = false): AchievementFacts {
    return {
      sectors: a.sectors.map((s) => this.sectorId(s, building)),
      trl: a.trl,
      owners: a.ownerRegionIds,
      ownerStrengths: a.ownerRegionIds.map((r) => this.strengths.get(r) ?? null),
    };
  }

  private factsOfNeed(n: NeedDoc, building = false): NeedFacts {
    return {
      sectors: n.sectors.map((s) => this.sectorId(s, building)),
      minTrl: n.minTrl,
      regionId: n.regionId,
      strength: this.strengths.get(n.regionId) ?? null,
    };
  }

  /** The achievements that fit a need, best first. The need may be outside the index (a draft being typed). */
  forNeed(need: NeedDoc, limit = 10): Match[] {
    const facts = this.factsOfNeed(need);
    const scorer = this.achievementTable ? new NeedScorer(this.achievementTable, facts) : null;
    return rank(
      need.text,
      need.sectors,
      this.achievementTerms,
      this.achievementSectors,
      limit,
      // Shared sectors over the need's: at most 1 for tag sets, more only if an achievement repeated a tag.
      need.sectors.length === 0 ? 0 : Math.max(1, round(this.maxAchievementSectors / need.sectors.length)),
      (doc) => this.achievements[doc]!.id,
      scorer
        ? (doc, text) => scorer.score(doc, text)
        : (doc, text) => quickScore(this.achievementFacts[doc]!, facts, text),
      (doc, text) => combine(this.achievements[doc]!, need, text, [], this.strengths),
    );
  }

  /** The needs an achievement could serve, best first. */
  forAchievement(achievement: AchievementDoc, limit = 10): Match[] {
    const facts = this.factsOfAchievement(achievement);
    return rank(
      achievement.text,
      achievement.sectors,
      this.needTerms,
      this.needSectors,
      limit,
      Math.max(1, achievement.sectors.length),
      (doc) => this.needs[doc]!.id,
      (doc, text) => quickScore(facts, this.needFacts[doc]!, text),
      (doc, text) => combine(achievement, this.needs[doc]!, text, [], this.strengths),
    );
  }
}

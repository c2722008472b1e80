import { TermIndex } from "@/server/features/achievements/rules/matching";
import { readablePhrases } from "@/server/features/achievements/rules/text";

/**
 * Co-proposer suggestions for a draft joint project: people in the chosen partner regions whose
 * expertise fits the draft. Pure: the caller gathers the opted-in profiles, this ranks them.
 * Score = 60 % text similarity (the achievements feature's Chinese + English TF-IDF cosine between the
 * draft and the profile) + 40 % named keywords or fields the draft mentions. A person needs one of
 * the two: a region alone never makes a suggestion.
 */
export const suggestionWeights = { text: 0.6, keywords: 0.4 } as const;

export interface ExpertDoc {
  accountId: number;
  organisation: string;
  regionId: number;
  fields: readonly string[];
  keywords: readonly string[];
  /** Fields, keywords and the titles of publications or patents, as one text. */
  text: string;
}

export interface DraftDoc {
  text: string;
  tags: readonly string[];
  partnerRegionIds: readonly number[];
  /** The proposer and people already invited are not suggested again. */
  excludeAccountIds: readonly number[];
}

export interface Suggestion {
  accountId: number;
  organisation: string;
  regionId: number;
  /** 0–100. */
  score: number;
  /** Why: the draft's phrases the profile shares, and the profile's keywords and fields the draft names. */
  reasons: { terms: string[]; keywords: string[]; fields: string[] };
}

export interface OrganisationSuggestion {
  organisation: string;
  regionId: number;
  score: number;
  accountIds: number[];
  keywords: string[];
}

const normal = (s: string) => s.normalize("NFKC").toLowerCase().trim();

/** The profile's entries the draft names, in the text or as a tag. */
function named(entries: readonly string[], draftText: string, tags: ReadonlySet<string>): string[] {
  return entries.filter((entry) => {
    const e = normal(entry);
    return e.length > 0 && (tags.has(e) || draftText.includes(e));
  });
}

const byScore = (a: Suggestion, b: Suggestion) => b.score - a.score || a.accountId - b.accountId;

export function rankCoproposers(draft: DraftDoc, experts: readonly ExpertDoc[], limit = 8): Suggestion[] {
  const partners = new Set(draft.partnerRegionIds);
  const excluded = new Set(draft.excludeAccountIds);
  const pool = experts.filter((e) => partners.has(e.regionId) && !excluded.has(e.accountId));
  if (pool.length === 0 || !draft.text.trim()) return [];
  const index = new TermIndex(pool.map((e) => e.text));
  const { vector, docs, scores } = index.query(draft.text);
  const scoreOf = new Map(docs.map((doc, i) => [doc, scores[i]!]));
  const draftText = normal(draft.text);
  const tags = new Set(draft.tags.map(normal));
  const found: Suggestion[] = [];
  pool.forEach((expert, doc) => {
    const text = Math.min(1, scoreOf.get(doc) ?? 0);
    const keywords = named(expert.keywords, draftText, tags);
    const fields = named(expert.fields, draftText, tags);
    const keywordPart = Math.min(1, (keywords.length + fields.length) / 2);
    if (text <= 0 && keywordPart === 0) return;
    const shared = new Set<string>();
    for (const term of vector.keys()) if (index.vectors[doc]!.has(term)) shared.add(term);
    found.push({
      accountId: expert.accountId,
      organisation: expert.organisation,
      regionId: expert.regionId,
      score: Math.round((suggestionWeights.text * text + suggestionWeights.keywords * keywordPart) * 100),
      reasons: { terms: readablePhrases(draft.text, shared).slice(0, 6), keywords, fields },
    });
  });
  return found.sort(byScore).slice(0, limit);
}

/** The organisations behind the suggested people: one line per organisation and region, its best score. */
export function organisationsOf(suggestions: readonly Suggestion[]): OrganisationSuggestion[] {
  const byOrganisation = new Map<string, OrganisationSuggestion>();
  for (const s of suggestions) {
    if (!s.organisation.trim()) continue;
    const key = `${s.regionId}\n${normal(s.organisation)}`;
    const entry = byOrganisation.get(key);
    if (!entry)
      byOrganisation.set(key, {
        organisation: s.organisation,
        regionId: s.regionId,
        score: s.score,
        accountIds: [s.accountId],
        keywords: [...s.reasons.keywords],
      });
    else {
      entry.score = Math.max(entry.score, s.score);
      entry.accountIds.push(s.accountId);
      for (const k of s.reasons.keywords) if (!entry.keywords.includes(k)) entry.keywords.push(k);
    }
  }
  return [...byOrganisation.values()].sort(
    (a, b) => b.score - a.score || a.organisation.localeCompare(b.organisation) || a.regionId - b.regionId,
  );
}

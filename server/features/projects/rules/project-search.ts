/**
 * Project search that behaves the same for Chinese and English on PostgreSQL and on the embedded
 * PGlite. PostgreSQL full-text search has no Chinese tokenizer (海洋科学 is one "word" to it) and
 * pg_trgm is not available on PGlite, so each project keeps one normalised `search_text` and a
 * query matches when every whitespace-separated term occurs in it as a substring. That is a
 * sequential scan, which is fine for the few thousand proposals this platform will ever hold; a
 * trigram or n-gram index is the next step if it is not.
 *
 * Both sides are normalised here, in one place, with the same function, so matching does not depend
 * on the database's locale or collation (a C-locale ILIKE folds only ASCII).
 */

export const searchLimits = { queryMax: 200, termsMax: 8 } as const;

/** NFKC (full-width letters and digits become ASCII) and lower case. */
export function normaliseForSearch(text: string): string {
  return text.normalize("NFKC").toLowerCase();
}

export interface SearchableProject {
  title: string;
  summary: string;
  body: string;
  expectedOutcomes: string;
  tags: readonly string[];
}

export function buildSearchText(project: SearchableProject): string {
  return normaliseForSearch(
    [project.title, project.summary, project.body, project.expectedOutcomes, project.tags.join(" ")].join("\n"),
  );
}

/** The distinct terms of a query, normalised; none for a blank query. */
export function parseSearchTerms(query: string): string[] {
  const terms = normaliseForSearch(query)
    .split(/[\s\u3000]+/u)
    .filter((term) => term.length > 0);
  return [...new Set(terms)].slice(0, searchLimits.termsMax);
}

/** A LIKE pattern that finds `term` anywhere, with LIKE's wildcards in the term taken literally. */
export function containsPattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

/**
 * The showcase's search index: every pair of neighbouring characters of the lower-cased search text,
 * plus each Chinese character alone (a one-character Chinese query is common; a one-letter Latin one
 * is not worth indexing). Pairs with a space or line break drop out. Any substring of a text gives a
 * subset of the text's grams, so `grams @> gramsOf(q)` never loses a match; the substring test then
 * decides. Chinese has no spaces, so words would not work: pairs cover both languages alike.
 */
const gap = new Set([" ", "\n", "\t", "\r"]);
const han = /\p{Script=Han}/u;

export function searchGrams(text: string): string[] {
  const chars = [...text.normalize("NFKC").toLowerCase()];
  const out = new Set<string>();
  for (let i = 0; i < chars.length; i += 1) {
    const c = chars[i]!;
    if (gap.has(c)) continue;
    if (han.test(c)) out.add(c);
    const next = chars[i + 1];
    if (next !== undefined && !gap.has(next)) out.add(c + next);
  }
  return [...out];
}

/**
 * The grams a query must find, at most `max`: any subset still finds every match (the substring test
 * decides), and past a few grams the index narrows little while each costs a posting-list read.
 * Spread over the query so a long one is not judged by its first characters alone.
 */
export function queryGrams(q: string, max = 8): string[] {
  const all = searchGrams(q);
  if (all.length <= max) return all;
  return Array.from({ length: max }, (_, i) => all[Math.floor((i * all.length) / max)]!);
}

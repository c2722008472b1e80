/**
 * Terms for matching texts written in Chinese, English or both. Chinese has no spaces, so a run of
 * Han characters gives its character bigrams (a lone character gives itself); Latin text gives its
 * words, lower-cased and lightly stemmed. No dictionary, no hosted model: the same text always gives
 * the same terms.
 */
const stopwords = new Set(
  "a an and are as at be by for from has have in into is it its of on or that the their this to was we were will with our can which using use used based new".split(
    " ",
  ),
);
const hanStop = new Set(["的", "和", "与", "及", "在", "了", "是", "对", "等", "为"]);

const han = /\p{Script=Han}/u;
const word = /[\p{L}\p{N}]/u;

function stem(w: string): string {
  if (w.length > 4 && w.endsWith("ies")) return `${w.slice(0, -3)}y`;
  if (w.length > 3 && w.endsWith("s") && !w.endsWith("ss")) return w.slice(0, -1);
  return w;
}

function hanTerms(run: string, out: string[]) {
  // A particle such as 的 ends a run: "器件的封装" must not give the bigram 件封.
  for (const piece of [...run].reduce<string[][]>(
    (pieces, c) => {
      if (hanStop.has(c)) pieces.push([]);
      else pieces[pieces.length - 1]!.push(c);
      return pieces;
    },
    [[]],
  )) {
    if (piece.length === 1) out.push(piece[0]!);
    for (let i = 0; i + 1 < piece.length; i += 1) out.push(piece[i]! + piece[i + 1]!);
  }
}

/** Every term of a text, repeated as often as it occurs (term frequency is counted from this). */
export function terms(text: string): string[] {
  const out: string[] = [];
  const normal = text.normalize("NFKC").toLowerCase();
  let hanRun = "";
  let wordRun = "";
  const flushWord = () => {
    if (wordRun.length >= 2 && !stopwords.has(wordRun)) out.push(stem(wordRun));
    wordRun = "";
  };
  const flushHan = () => {
    if (hanRun) hanTerms(hanRun, out);
    hanRun = "";
  };
  for (const ch of normal) {
    if (han.test(ch)) {
      flushWord();
      hanRun += ch;
    } else if (word.test(ch)) {
      flushHan();
      wordRun += ch;
    } else {
      flushWord();
      flushHan();
    }
  }
  flushWord();
  flushHan();
  return out;
}

/**
 * The shared terms as a person reads them: consecutive shared Chinese bigrams joined back into the
 * phrase they came from (碳化 + 化硅 → 碳化硅), English words as they are. In order of first use.
 */
export function readablePhrases(text: string, shared: ReadonlySet<string>): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (phrase: string) => {
    if (phrase && !seen.has(phrase)) {
      seen.add(phrase);
      out.push(phrase);
    }
  };
  const chars = [...text.normalize("NFKC").toLowerCase()];
  let phrase = "";
  for (let i = 0; i < chars.length; i += 1) {
    const c = chars[i]!;
    const next = chars[i + 1];
    if (han.test(c) && next !== undefined && shared.has(c + next)) {
      phrase = phrase ? phrase + next : c + next;
      continue;
    }
    if (han.test(c) && !phrase && shared.has(c)) add(c);
    add(phrase);
    phrase = "";
  }
  add(phrase);
  for (const term of terms(text)) if (!han.test(term) && shared.has(term)) add(term);
  return out;
}

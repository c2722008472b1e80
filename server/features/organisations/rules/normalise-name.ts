/**
 * The organisation-name normaliser: two spellings of one organisation give one key, so free text on
 * profiles can be matched to organisation entities. Pure; the same function fills `match_keys`.
 */

/** Chinese legal-form suffixes, longest first: 股份有限公司, 有限责任公司 and 有限公司 all name a company. */
const chineseSuffixes = ["股份有限公司", "有限责任公司", "有限公司", "公司"];

/** English legal-form words dropped from the end: "Co., Ltd.", "Company Limited", "Inc.", … */
const englishSuffixWords = new Set([
  "co",
  "company",
  "ltd",
  "limited",
  "inc",
  "incorporated",
  "corp",
  "corporation",
  "llc",
  "plc",
]);

/**
 * Full-width to half-width (NFKC), lower case, no punctuation or spaces, and no legal-form suffix.
 * "深圳市华芯微电子股份有限公司" and "深圳市华芯微电子有限责任公司" give one key, as do
 * "Huaxin Microelectronics Co., Ltd." and "HUAXIN MICROELECTRONICS COMPANY LIMITED".
 */
export function normaliseOrganisationName(name: string): string {
  const words = name
    .normalize("NFKC")
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[\p{P}\p{S}]+/gu, " ")
    .split(/\s+/)
    .filter(Boolean);
  while (words.length > 1 && englishSuffixWords.has(words[words.length - 1]!)) words.pop();
  let key = words.join("");
  if (words.length > 0 && words[0] === "the" && words.length > 1) key = words.slice(1).join("");
  for (const suffix of chineseSuffixes) {
    if (!key.endsWith(suffix)) continue;
    // The longest suffix decides; a name that is nothing but a legal form stays as it is.
    if (key.length > suffix.length) key = key.slice(0, -suffix.length);
    break;
  }
  return key;
}

/** Every key an organisation answers to: its two names and its aliases, normalised, without repeats or blanks. */
export function matchKeysOf(org: { nameZh: string; nameEn: string; aliases: readonly string[] }): string[] {
  return [...new Set([org.nameZh, org.nameEn, ...org.aliases].map(normaliseOrganisationName).filter(Boolean))];
}

const han = /\p{Script=Han}/u;

/**
 * Whether `short` reads as a Chinese short name of `full`: 上海交大 of 上海交通大学, 北航 of 北京航空航天大学.
 * Its characters appear in `full` in order, it starts with `full`'s first character and is shorter.
 * Too loose to link on its own, so it only suggests a match to the admin reviewing the rest.
 */
export function isChineseShortName(short: string, full: string): boolean {
  const s = [...normaliseOrganisationName(short)];
  const f = [...normaliseOrganisationName(full)];
  if (s.length < 2 || s.length >= f.length || !s.every((c) => han.test(c)) || s[0] !== f[0]) return false;
  let i = 0;
  for (const c of f) if (i < s.length && c === s[i]) i += 1;
  return i === s.length;
}

export type NameMatch = "exact" | "normalised";

/**
 * How free text names an organisation: `exact` when it is one of its names or aliases as written
 * (after trimming), `normalised` when only the keys agree, null otherwise.
 */
export function matchOrganisationName(
  text: string,
  org: { nameZh: string; nameEn: string; aliases: readonly string[] },
): NameMatch | null {
  const written = text.trim();
  if (!written) return null;
  if ([org.nameZh, org.nameEn, ...org.aliases].some((n) => n.trim() === written)) return "exact";
  const key = normaliseOrganisationName(written);
  return key && matchKeysOf(org).includes(key) ? "normalised" : null;
}

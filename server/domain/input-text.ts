/**
 * Text PostgreSQL cannot store fails deep in the database as an internal error: U+0000, and lone
 * UTF-16 surrogates (half of a character, which no encoding of text can hold). Inputs are checked
 * for both once, at the door, so the caller hears why.
 */
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function containsUnstorableText(value: unknown, depth = 0): boolean {
  if (typeof value === "string") return value.includes("\u0000") || loneSurrogate.test(value);
  if (depth > 32 || value === null || typeof value !== "object") return false;
  if (Array.isArray(value)) return value.some((item) => containsUnstorableText(item, depth + 1));
  return Object.entries(value).some(
    ([key, item]) => containsUnstorableText(key) || containsUnstorableText(item, depth + 1),
  );
}

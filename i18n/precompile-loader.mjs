import compile from "icu-minify/compile";

/**
 * Turbopack loader for messages/*.json: every message compiled ahead of time by next-intl's own ICU
 * compiler (icu-minify), so the browser ships next-intl's small formatter instead of the ICU parser.
 * next-intl's catalogue loader does the same but refuses a key named like an Object.prototype member,
 * and achievements.kinds.prototype names a stored kind. Only Next's bundle sees this form, and it
 * formats with the matching formatter (next.config.js); tests and the tsx server read the JSON as is.
 */
export default function precompileCatalogue(source) {
  const compileTree = (node) =>
    typeof node === "string"
      ? compile(node)
      : Object.fromEntries(Object.entries(node).map(([key, value]) => [key, compileTree(value)]));
  // Parsing a JSON string literal is faster than evaluating an object literal of the same size.
  return `export default JSON.parse(${JSON.stringify(JSON.stringify(compileTree(JSON.parse(source))))});`;
}

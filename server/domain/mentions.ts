/**
 * Mentions in comment bodies. The comment editor inserts `@[display name](person:ID)` when the writer
 * picks someone from the suggestions. The Markdown renderer reads each token as a token of its own and
 * writes a link to that person's profile with the display name read from the database (never the
 * writer's label), before the output is sanitised (server/domain/markdown.ts).
 */
const mentionToken = /@\[([^\]\n]{1,80})\]\(person:([1-9][0-9]{0,9})\)/g;

/** The ids mentioned in a body, each once, in order of first mention. */
export function mentionedIds(body: string): number[] {
  return [...new Set([...body.matchAll(mentionToken)].map((m) => Number(m[2])))];
}

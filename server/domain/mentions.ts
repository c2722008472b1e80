/**
 * Mentions in comment bodies. The comment editor inserts `@[display name](person:ID)` when the writer
 * picks someone from the suggestions; on render each token becomes a link to that person's profile.
 * The Markdown policy allows absolute links only, so tokens are swapped for opaque placeholders
 * before rendering and the links are put back into the sanitised HTML, built here from the account
 * id and the display name read from the database (never from the writer's text).
 */
const mentionToken = /@\[([^\]\n]{1,80})\]\(person:([1-9][0-9]{0,9})\)/g;

export interface MentionToken {
  placeholder: string;
  accountId: number;
  label: string;
}

/** The ids mentioned in a body, each once, in order of first mention. */
export function mentionedIds(body: string): number[] {
  return [...new Set([...body.matchAll(mentionToken)].map((m) => Number(m[2])))];
}

/** Replaces each token with a placeholder that Markdown leaves alone; `nonce` keeps users from forging one. */
export function protectMentions(body: string, nonce: string): { text: string; tokens: MentionToken[] } {
  const tokens: MentionToken[] = [];
  const text = body.replace(mentionToken, (_match, label: string, id: string) => {
    const placeholder = `xtmention${nonce}n${tokens.length}x`;
    tokens.push({ placeholder, accountId: Number(id), label });
    return placeholder;
  });
  return { text, tokens };
}

const escapes: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => escapes[ch] ?? ch);

/** Puts mentions back into rendered HTML: a profile link for a real account, the plain text otherwise. */
export function restoreMentions(html: string, tokens: MentionToken[], names: ReadonlyMap<number, string>): string {
  let out = html;
  for (const token of tokens) {
    const name = names.get(token.accountId);
    const replacement = name === undefined ? escapeHtml(`@${token.label}`) : `<a href="/people/${token.accountId}" class="mention">@${escapeHtml(name)}</a>`;
    out = out.split(token.placeholder).join(replacement);
  }
  return out;
}

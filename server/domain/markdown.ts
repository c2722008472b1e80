import { Marked } from "marked";
import sanitizeHtml from "sanitize-html";

/**
 * The one Markdown policy for comment, topic and project bodies. Bodies are written by any member
 * and shown to everyone, so the output must be safe to inject as HTML no matter what the source is.
 *
 * Two independent layers: marked is configured never to emit HTML it did not write itself (raw HTML
 * stays text, links are checked here), and its output then passes through sanitize-html with a
 * strict allow-list. Either layer alone should be enough; both exist so a bug or an upgrade in one
 * does not become an XSS.
 */

const ALLOWED_PROTOCOLS = new Set(["http:", "https:", "mailto:"]);

/** User content is untrusted and opens elsewhere: no SEO credit, no window.opener, no referrer leak. */
const LINK_REL = "nofollow ugc noopener noreferrer";

/** Not an allowed tag, so sanitize-html drops the element and keeps its text. */
const UNWRAP = "x-unwrap";

const MENTION_HREF = /^\/people\/[1-9][0-9]*$/;

/** `@[label](person:ID)`, as the comment editor inserts it (see server/domain/mentions.ts). */
const MENTION = /^@\[([^\]\n]{1,80})\]\(person:([1-9][0-9]{0,9})\)/;

const ALIGN = { name: "align", multiple: false, values: ["left", "center", "right"] };

const SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    "p",
    "br",
    "strong",
    "em",
    "del",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
  ],
  allowedAttributes: {
    a: ["href", "title", "rel", "target", "class"],
    ol: ["start"],
    th: [ALIGN],
    td: [ALIGN],
  },
  allowedSchemes: ["http", "https", "mailto"],
  allowedClasses: { a: ["mention"] },
  allowedSchemesByTag: {},
  allowedSchemesAppliedToAttributes: ["href"],
  allowProtocolRelative: false,
  disallowedTagsMode: "discard",
  transformTags: {
    // Re-checks what marked wrote with the same rule, and is the single place that adds rel/target,
    // so no anchor reaches the page without them.
    a: (_tagName, attribs) => {
      // The one relative link: a mention of a person, written by the mention renderer below.
      if (attribs.class === "mention" && attribs.href !== undefined && MENTION_HREF.test(attribs.href)) {
        return { tagName: "a", attribs: { href: attribs.href, class: "mention" } };
      }
      const href = attribs.href === undefined ? null : allowedHref(attribs.href);
      if (href === null) return { tagName: UNWRAP, attribs: {} };
      const kept: sanitizeHtml.Attributes = { href, rel: LINK_REL, target: "_blank" };
      if (attribs.title) kept.title = attribs.title;
      return { tagName: "a", attribs: kept };
    },
  },
};

/**
 * The canonical form of `raw` if it is an absolute http(s)/mailto URL, else null. The WHATWG parser
 * is the one browsers use, so tabs, newlines and leading control characters are stripped here
 * exactly as a browser would strip them ("java\tscript:" is "javascript:"), and relative,
 * protocol-relative and percent-encoded-scheme URLs fail to parse and are refused.
 */
function allowedHref(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  return ALLOWED_PROTOCOLS.has(url.protocol) ? url.href : null;
}

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] ?? ch);
}

const NAMED_REFERENCES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/**
 * CommonMark resolves character references in link destinations and titles, marked leaves that to
 * the browser. We resolve them before checking the URL so the value checked is the value emitted
 * (fully escaped). Only numeric and XML references are known; any other stays literal, which is
 * merely cosmetic because the result is escaped either way.
 */
function decodeReferences(text: string): string {
  return text.replace(
    /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z]+));/g,
    (match, dec?: string, hex?: string, name?: string) => {
      if (name !== undefined) return NAMED_REFERENCES[name] ?? match;
      const code = dec !== undefined ? Number.parseInt(dec, 10) : Number.parseInt(hex ?? "", 16);
      const valid = code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff);
      return valid ? String.fromCodePoint(code) : "\uFFFD";
    },
  );
}

function anchor(href: string, title: string | null | undefined, inner: string): string {
  const titleAttr = title ? ` title="${escapeHtml(title)}"` : "";
  return `<a href="${escapeHtml(href)}"${titleAttr} rel="${LINK_REL}" target="_blank">${inner}</a>`;
}

/**
 * Display names of the people the body being rendered mentions. Set around one synchronous parse,
 * so a render never sees another's names.
 */
let mentionNames: ReadonlyMap<number, string> = new Map();

interface MentionTokenShape {
  type: "mention";
  raw: string;
  label: string;
  accountId: number;
}

const markdown = new Marked({
  async: false,
  gfm: true,
  // Chinese writers end lines with a single newline and expect it to show.
  breaks: true,
  // A mention is a token of its own, so Markdown decides where it stands: inside a code span or a
  // link destination it is plain text, never markup spliced into the output afterwards.
  extensions: [
    {
      name: "mention",
      level: "inline",
      start: (src: string) => {
        const at = src.indexOf("@[");
        return at < 0 ? undefined : at;
      },
      tokenizer(src: string): MentionTokenShape | undefined {
        const match = MENTION.exec(src);
        if (!match) return undefined;
        return { type: "mention", raw: match[0], label: match[1]!, accountId: Number(match[2]) };
      },
      renderer(token) {
        const { accountId, label } = token as unknown as MentionTokenShape;
        const name = mentionNames.get(accountId);
        // The name is read from the account, never taken from the writer's label.
        if (name === undefined) return escapeHtml(`@${label}`);
        return `<a href="/people/${accountId}" class="mention">@${escapeHtml(name)}</a>`;
      },
    },
  ],
  tokenizer: {
    // Without HTML tokens, markup the user typed is ordinary text and is escaped like any text. Escaping
    // html tokens in the renderer is not enough: an inline <pre> or <script> tag switches marked into
    // a raw-text state where the following text tokens are emitted unescaped.
    html: () => undefined,
    tag: () => undefined,
  },
  renderer: {
    // Unreachable while the tokenizers above return nothing; kept so a marked change fails safe.
    html: ({ text }) => escapeHtml(text),
    // Page titles use h1/h2; user headings start two levels down so they never outrank them.
    heading({ tokens, depth }) {
      const level = Math.min(depth + 2, 6);
      return `<h${level}>${this.parser.parseInline(tokens)}</h${level}>\n`;
    },
    link({ href, title, text, tokens, autolink }) {
      // An autolink's text and URL are literal: character references in them are not resolved.
      const inner = autolink ? escapeHtml(text) : this.parser.parseInline(tokens);
      const safe = allowedHref(autolink ? href : decodeReferences(href));
      if (safe === null) return inner;
      return anchor(safe, title ? decodeReferences(title) : null, inner);
    },
    // No images at all: they load without a click, so they are tracking pixels and a route for
    // data: URLs. An image becomes a link to it (or just its alt text when the URL is not allowed).
    image({ href, title, tokens }) {
      const safe = allowedHref(decodeReferences(href));
      const alt = this.parser.parseInline(tokens);
      if (safe === null) return alt;
      return anchor(safe, title ? decodeReferences(title) : null, alt || escapeHtml(safe));
    },
    // Task-list checkboxes would need <input>; a ballot-box character says the same without forms.
    checkbox: ({ checked }) => (checked ? "☑ " : "☐ "),
  },
});

/**
 * Safe HTML for a Markdown body. Ordinary 20,000-character bodies take a few milliseconds, but
 * crafted ones (thousands of unmatched `_` or `~` delimiters) take hundreds, because marked's
 * delimiter matching is superlinear: render when a body is saved and store the HTML, not per read.
 */
export function renderMarkdown(source: string, mentions: ReadonlyMap<number, string> = new Map()): string {
  let html: string;
  mentionNames = mentions;
  try {
    html = markdown.parse(source, { async: false });
  } catch {
    // marked recurses once per nesting level, so a few thousand nested quotes, list markers or
    // emphasis delimiters exhaust the stack. A stored body must still display, so it shows as text.
    html = escapedParagraphs(source);
  } finally {
    mentionNames = new Map();
  }
  return sanitizeHtml(html, SANITIZE_OPTIONS);
}

function escapedParagraphs(source: string): string {
  return source
    .split(/\r?\n(?:[ \t]*\r?\n)+/)
    .filter((block) => block.trim() !== "")
    .map((block) => `<p>${escapeHtml(block.trim()).replace(/\r?\n/g, "<br>")}</p>\n`)
    .join("");
}

const BLOCK_BOUNDARY = /<\/?(?:p|br|hr|h[3-6]|li|ul|ol|blockquote|pre|table|thead|tbody|tr|th|td)\b[^>]*>/g;
const TEXT_ESCAPES: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"' };

/**
 * Plain text for excerpts and notifications: what a reader would see, without markup, on one line,
 * cut to `maxLength` characters (code points) including the ellipsis. It is derived from the
 * sanitized HTML so that it never shows more than the rendered body does (no dropped link targets,
 * no image URLs).
 */
export function markdownToPlainText(source: string, maxLength = 200): string {
  return htmlToPlainText(renderMarkdown(source), maxLength);
}

/** `markdownToPlainText` for a body already rendered by `renderMarkdown` (as stored). */
export function htmlToPlainText(html: string, maxLength = 200): string {
  if (!Number.isInteger(maxLength) || maxLength < 1) {
    throw new RangeError(`maxLength must be a positive integer, got ${maxLength}`);
  }
  // sanitize-html escapes every <, > and & outside markup, so its output can be split on tags by a
  // regex, and these four escapes are the only references left in it. One pass so "&amp;lt;" stays "&lt;".
  const text = html
    .replace(BLOCK_BOUNDARY, " ")
    .replace(/<[^>]*>/g, "")
    .replace(/&(?:amp|lt|gt|quot);/g, (ref) => TEXT_ESCAPES[ref] ?? ref)
    .replace(/\s+/g, " ")
    .trim();
  return truncate(text, maxLength);
}

function truncate(text: string, maxLength: number): string {
  const chars = Array.from(text);
  if (chars.length <= maxLength) return text;
  let cut = chars.slice(0, maxLength - 1).join("");
  // Prefer ending on a word boundary for spaced scripts; Chinese has no spaces and is cut anywhere.
  const lastSpace = cut.lastIndexOf(" ");
  if (lastSpace >= cut.length * 0.6) cut = cut.slice(0, lastSpace);
  return `${cut.trimEnd()}…`;
}

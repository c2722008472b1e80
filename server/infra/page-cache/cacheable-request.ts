import { localeCookie, negotiateLocale } from "@/i18n/locale";
import { parseCookieHeader } from "../auth/session";

/**
 * Which page requests the signed-out page cache may answer, and under which key. A page qualifies when
 * what it shows a signed-out visitor depends only on the database, its URL, the locale and the time:
 * the public reading pages. A request qualifies when it is a whole-document GET with no session and no
 * cookie the rule does not know (an unknown cookie might change the page, so it is rendered).
 */
const cacheablePaths: readonly RegExp[] = [
  /^\/$/,
  /^\/(projects|forums|fund|decisions|meetings|achievements|alliances|talent|open-data)$/,
  /^\/(topics|projects|fund|meetings|achievements|alliances|talent|organisations|people|opinions)\/\d+$/,
  /^\/(forums|regions|clusters)\/[A-Za-z0-9_-]+$/,
  /^\/alliances\/clusters\/[A-Za-z0-9_-]+$/,
];

// The locale switcher's cookie and next-auth's sign-in bookkeeping: none changes what a page shows.
const harmlessCookies = new Set([
  localeCookie,
  "next-auth.csrf-token",
  "__Host-next-auth.csrf-token",
  "next-auth.callback-url",
  "__Secure-next-auth.callback-url",
]);

// Client-side navigations and prefetches ask for the page's RSC payload, which varies with these.
const rscHeaders = [
  "rsc",
  "next-router-state-tree",
  "next-router-prefetch",
  "next-router-segment-prefetch",
  "next-action",
];

export interface PageRequest {
  method?: string;
  url?: string;
  headers: Record<string, string | string[] | undefined>;
}

/** The cache key (locale and URL) when the cache may answer this request, else null. */
export function cacheablePageKey(request: PageRequest): string | null {
  if (request.method !== "GET" || !request.url) return null;
  const queryAt = request.url.indexOf("?");
  const pathname = queryAt === -1 ? request.url : request.url.slice(0, queryAt);
  if (!cacheablePaths.some((path) => path.test(pathname))) return null;
  if (queryAt !== -1 && new URLSearchParams(request.url.slice(queryAt + 1)).has("_rsc")) return null;
  if (rscHeaders.some((name) => request.headers[name] !== undefined)) return null;
  // The same reading of the header as the session's and the locale's, so no cookie they see escapes the rule.
  const cookies = parseCookieHeader(typeof request.headers.cookie === "string" ? request.headers.cookie : null);
  if (![...cookies.keys()].every((name) => harmlessCookies.has(name))) return null;
  const acceptLanguage = request.headers["accept-language"];
  const locale = negotiateLocale(cookies.get(localeCookie), typeof acceptLanguage === "string" ? acceptLanguage : null);
  return `${locale} ${request.url}`;
}

/** Whether the client takes a gzip body: gzip's own entry decides, else `*`'s; a q of 0 refuses. */
export function acceptsGzip(header: string | string[] | undefined): boolean {
  if (typeof header !== "string") return false;
  const codings = new Map(
    header.split(",").map((part) => {
      const [coding = "", ...params] = part.trim().toLowerCase().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      return [coding.trim(), q === undefined ? 1 : Number(q.slice(2))] as const;
    }),
  );
  const q = codings.get("gzip") ?? codings.get("*");
  return q !== undefined && q > 0;
}

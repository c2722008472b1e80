/**
 * The one place a user-given redirect target (a callbackUrl, a "back to" link) becomes a location we
 * send the browser to. Only a path on our own origin comes out; anything else becomes the home page.
 *
 * Browsers forgive a lot: they drop tabs and newlines inside URLs, read "\" as "/", and treat "//host"
 * as another site. Targets carrying control characters or backslashes are refused outright rather
 * than cleaned, and the result is re-checked after URL parsing, so no spelling reaches another origin.
 */
const fallback = "/";
// C0 controls, DEL, C1 controls, and the backslash browsers read as a slash.
const refused = /[\u0000-\u001f\u007f-\u009f\\]/;

export function safeRedirectPath(target: unknown, baseUrl: string): string {
  if (typeof target !== "string" || target.length === 0 || refused.test(target)) return fallback;
  let base: URL;
  let resolved: URL;
  try {
    base = new URL(baseUrl);
    resolved = new URL(target, base);
  } catch {
    return fallback;
  }
  if (resolved.origin !== base.origin || resolved.username || resolved.password) return fallback;
  const path = `${resolved.pathname}${resolved.search}${resolved.hash}`;
  // "//evil.example" (from "/.//evil.example") would be another host when used as a relative location.
  if (!path.startsWith("/") || path.startsWith("//")) return fallback;
  return path;
}

/** The same rule as an absolute URL, for callers (next-auth) that want one. */
export function safeRedirectUrl(target: unknown, baseUrl: string): string {
  return new URL(safeRedirectPath(target, baseUrl), baseUrl).toString();
}

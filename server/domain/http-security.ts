/**
 * HTTP hardening rules as pure functions: the response headers every page carries, and whether a
 * state-changing request may have come from another site.
 */
export function contentSecurityPolicy(nonce: string, development: boolean): string {
  return [
    "default-src 'self'",
    // 'strict-dynamic' lets Next's nonce'd loader bring in its chunks; nothing else runs.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    // Bars in charts set their width inline; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    // The service worker (public/sw.js); 'strict-dynamic' above would otherwise refuse it.
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export function securityHeaders(options: {
  nonce: string;
  production: boolean;
  development: boolean;
}): Record<string, string> {
  return {
    "Content-Security-Policy": contentSecurityPolicy(options.nonce, options.development),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    ...(options.production ? { "Strict-Transport-Security": "max-age=31536000; includeSubDomains" } : {}),
  };
}

export interface MutationRequest {
  method: string;
  host: string | undefined;
  origin: string | undefined;
  secFetchSite: string | undefined;
  contentType: string | undefined;
}

export type RequestVerdict = { ok: true } | { ok: false; status: 403 | 415; message: string };

/**
 * Cookie-authenticated API writes must come from our own pages: the Origin (when the browser
 * sends one) must be this host, a browser that says "cross-site" is refused, and bodies must be
 * JSON, which a cross-site HTML form cannot send.
 */
export function checkApiMutation(request: MutationRequest): RequestVerdict {
  if (request.method === "GET" || request.method === "HEAD" || request.method === "OPTIONS") return { ok: true };
  const site = checkSameSite(request);
  if (!site.ok) return site;
  if (!request.contentType?.toLowerCase().startsWith("application/json")) {
    return { ok: false, status: 415, message: "API requests must send application/json" };
  }
  return { ok: true };
}

/** A cookie-authenticated write must come from a page of this site (the Origin, else Sec-Fetch-Site). */
export function checkSameSite(request: Omit<MutationRequest, "contentType" | "method">): RequestVerdict {
  if (request.origin && request.origin !== "null") {
    let originHost: string;
    try {
      originHost = new URL(request.origin).host;
    } catch {
      return { ok: false, status: 403, message: "Malformed Origin header" };
    }
    if (originHost !== request.host) return { ok: false, status: 403, message: "Cross-site request refused" };
  } else if (request.origin === "null" || request.secFetchSite === "cross-site") {
    return { ok: false, status: 403, message: "Cross-site request refused" };
  }
  return { ok: true };
}

/**
 * The path a request names, the way the most forgiving router would read it: percent-escapes decoded
 * (repeatedly), "\\" read as "/", empty and "." segments dropped, ".." applied, lower case. Decisions
 * keyed on a path use this form, so "/api/./trpc", "//api/trpc" or "/api/%74rpc" are not another route.
 */
export function normalisedPath(requestTarget: string): string {
  let path = requestTarget;
  // An absolute-form target ("http://host/api/trpc") names its path after the authority.
  if (!path.startsWith("/")) {
    try {
      path = new URL(path).pathname;
    } catch {
      path = `/${path}`;
    }
  }
  path = path.split(/[?#]/, 1)[0] ?? "";
  for (let round = 0; round < 4; round++) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      break;
    }
    if (decoded === path) break;
    path = decoded;
  }
  const segments: string[] = [];
  for (const segment of path.replace(/\\/g, "/").split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") segments.pop();
    else segments.push(segment);
  }
  return `/${segments.join("/")}`.toLowerCase();
}

/** Routes that change state with the session cookie alone; the cross-site check covers every spelling of them. */
export function isCookieMutationRoute(requestTarget: string): boolean {
  // A prefix, not a route match: refusing a cross-site write to a path no route serves costs nothing.
  return normalisedPath(requestTarget).startsWith("/api/trpc");
}

/** The one route that takes a file as its body (POST /api/attachments), so a larger bound applies to it. */
export function isUploadRoute(requestTarget: string): boolean {
  return normalisedPath(requestTarget.split("?", 1)[0] ?? "") === "/api/attachments";
}

/**
 * Attachment downloads (GET /api/attachments/<id>) carry their own, stricter CSP (no script at all,
 * sandboxed); the pages' policy must not replace it.
 */
export function isServedFileRoute(requestTarget: string): boolean {
  return /^\/api\/attachments\/[^/]+$/.test(normalisedPath(requestTarget.split("?", 1)[0] ?? ""));
}

/** JSON bodies are small; anything larger is refused before a byte of it is parsed. */
export const maxRequestBodyBytes = 1024 * 1024;

export type BodyVerdict = { ok: true } | { ok: false; status: 411 | 413; message: string };

/**
 * Node frames a body by its Content-Length, so a declared length is a true bound. A body sent without
 * one (chunked) could be any size and is refused: browsers, the tRPC client and mail clients all
 * send a length.
 */
export function checkRequestBody(
  request: { contentLength: string | undefined; transferEncoding: string | undefined },
  limit = maxRequestBodyBytes,
): BodyVerdict {
  if (request.transferEncoding !== undefined)
    return { ok: false, status: 411, message: "Send the request body with a Content-Length" };
  const length = request.contentLength === undefined ? 0 : Number(request.contentLength);
  if (!Number.isFinite(length) || length > limit) {
    return { ok: false, status: 413, message: `Request body too large: the limit is ${Math.floor(limit / 1024)} KB` };
  }
  return { ok: true };
}

export type MetricsVerdict = { ok: true } | { ok: false; status: 401 | 403 };

/**
 * /api/metrics shows traffic by procedure and the process's state. With METRICS_TOKEN set, a scraper
 * sends it as a bearer token (from anywhere); without one, only this machine may read them.
 */
export function checkMetricsAccess(
  request: { authorization: string | null; address: string | null },
  token: string | undefined,
  equal: (a: string, b: string) => boolean,
): MetricsVerdict {
  if (token) {
    const presented = /^Bearer\s+(\S+)\s*$/i.exec(request.authorization ?? "")?.[1];
    return presented !== undefined && equal(presented, token) ? { ok: true } : { ok: false, status: 401 };
  }
  return isLoopback(request.address) ? { ok: true } : { ok: false, status: 403 };
}

export function isLoopback(address: string | null): boolean {
  if (!address) return false;
  const v4 = address.startsWith("::ffff:") ? address.slice("::ffff:".length) : address;
  return address === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

/** A socket handshake from a browser must come from our own origin. */
export function socketOriginAllowed(origin: string | undefined, host: string | undefined): boolean {
  if (!origin) return true;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

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
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export function securityHeaders(options: { nonce: string; production: boolean; development: boolean }): Record<string, string> {
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
  if (!request.contentType?.toLowerCase().startsWith("application/json")) {
    return { ok: false, status: 415, message: "API requests must send application/json" };
  }
  return { ok: true };
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

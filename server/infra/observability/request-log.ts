import { processSlot } from "../process-slots";
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";

/** A caller's own id (a proxy's, say) is kept when it is short and plain; otherwise we make one. */
export function requestIdFrom(given: string | string[] | null | undefined): string {
  return typeof given === "string" && /^[A-Za-z0-9._-]{8,64}$/.test(given) ? given : randomUUID();
}

const assigned = new WeakSet<IncomingMessage>();

/**
 * The request's id, chosen once per request: written back onto the request (so Next's pages and
 * route handlers read the same one from `headers()`) and onto the response when one is given.
 */
export function assignRequestId(req: IncomingMessage, res?: ServerResponse): string {
  if (!assigned.has(req)) {
    req.headers["x-request-id"] = requestIdFrom(req.headers["x-request-id"]);
    assigned.add(req);
  }
  const id = req.headers["x-request-id"] as string;
  if (res && !res.headersSent) res.setHeader("x-request-id", id);
  return id;
}

export interface CauseLink {
  name: string;
  message: string;
  code?: string;
  stack?: string;
}

/** Credentials inside connection strings (postgres://user:pass@host) and query parameters never reach the log. */
const scrub = (text: string) =>
  text
    .replace(/([a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi, "$1[redacted]@")
    // drizzle puts a failed query's parameters (people's text, hashes) in its message.
    // Parameters may span lines (a comment's body): up to the stack frames, or the end.
    .replace(/\nparams: [\s\S]*?(?=\n\s+at |$)/g, "\nparams: [redacted]");

/**
 * The error and every cause under it, outermost first, with names, codes (SQLSTATE and the like),
 * messages and the innermost stack; never the request's input, headers or cookies.
 */
export function causeChain(error: unknown, maxDepth = 8): CauseLink[] {
  const chain: CauseLink[] = [];
  const seen = new Set<unknown>();
  for (
    let e: unknown = error;
    e !== undefined && e !== null && chain.length < maxDepth && !seen.has(e);
    e = (e as { cause?: unknown }).cause
  ) {
    seen.add(e);
    if (typeof e !== "object") {
      // eslint-disable-next-line @typescript-eslint/no-base-to-string -- not an object here: a thrown primitive
      chain.push({ name: typeof e, message: scrub(String(e)) });
      break;
    }
    const link: CauseLink = { name: (e as Error).name ?? "Error", message: scrub(String((e as Error).message ?? "")) };
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" || typeof code === "number") link.code = String(code);
    chain.push(link);
  }
  const innermost = [...seen].reverse().find((e): e is Error => e instanceof Error);
  if (innermost?.stack && chain.length > 0) chain[chain.length - 1]!.stack = scrub(innermost.stack);
  return chain;
}

/** One line per failed request (5xx), with what is needed to find it again from a user's report. */
export function logServerFailure(
  logger: Logger,
  fields: {
    requestId: string;
    procedure: string | undefined;
    type?: string;
    userId?: number | null;
    error: unknown;
    digest?: string;
  },
): void {
  logger.error(
    {
      requestId: fields.requestId,
      procedure: fields.procedure ?? null,
      type: fields.type,
      userId: fields.userId ?? null,
      digest: fields.digest,
      causes: causeChain(fields.error),
    },
    "request failed",
  );
}

/**
 * Request ids whose failure has been logged with its error; in a process slot because Next's
 * instrumentation runs in its own module graph inside this process.
 */
export function loggedRequestIds(): Set<string> {
  return processSlot("loggedRequestIds", () => new Set<string>());
}

/**
 * A path segment that is a secret rather than a name: 32 or more URL-safe characters, as the tokens of
 * invitation links and calendar feeds (/api/calendar/<token>.ics) are. Ids and slugs are far shorter.
 */
const secretSegment = /(?<=\/)[A-Za-z0-9_-]{32,}(?=\.[a-z]+$|\/|$)/g;

/** Called as each response finishes: a 5xx that no handler logged with its error is logged here, once, without a stack. */
export function logUnloggedFailure(logger: Logger, fields: { requestId: string; route: string; status: number }): void {
  const logged = loggedRequestIds().delete(fields.requestId);
  if (logged || fields.status < 500) return;
  logger.error(
    {
      requestId: fields.requestId,
      route: fields.route.split("?", 1)[0]!.replace(secretSegment, "[secret]"),
      status: fields.status,
    },
    "request failed",
  );
}

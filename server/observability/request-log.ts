import { randomUUID } from "node:crypto";
import type { Logger } from "pino";

/** A caller's own id (a proxy's, say) is kept when it is short and plain; otherwise we make one. */
export function requestIdFrom(headers: Headers): string {
  const given = headers.get("x-request-id");
  return given && /^[A-Za-z0-9._-]{8,64}$/.test(given) ? given : randomUUID();
}

export interface CauseLink {
  name: string;
  message: string;
  code?: string;
  stack?: string;
}

/** Credentials inside connection strings (postgres://user:pass@host) never reach the log. */
const scrub = (text: string) => text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi, "$1[redacted]@");

/**
 * The error and every cause under it, outermost first, with names, codes (SQLSTATE and the like),
 * messages and the innermost stack; never the request's input, headers or cookies.
 */
export function causeChain(error: unknown, maxDepth = 8): CauseLink[] {
  const chain: CauseLink[] = [];
  const seen = new Set<unknown>();
  for (let e: unknown = error; e !== undefined && e !== null && chain.length < maxDepth && !seen.has(e); e = (e as { cause?: unknown }).cause) {
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
  fields: { requestId: string; procedure: string | undefined; type?: string; userId?: number | null; error: unknown },
): void {
  logger.error(
    { requestId: fields.requestId, procedure: fields.procedure ?? null, type: fields.type, userId: fields.userId ?? null, causes: causeChain(fields.error) },
    "request failed",
  );
}

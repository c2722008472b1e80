import { readSessionClaims } from "../auth/session";
import type { Logger } from "pino";
import { loggedRequestIds, logServerFailure } from "./request-log";

/** A page's or route handler's failure, as instrumentation.ts hands it over. */
export function logRouteFailure(
  runtime: { logger: Logger; authSecret: string },
  error: unknown,
  headers: NodeJS.Dict<string | string[]>,
  context: { routePath: string; routeType: string },
): void {
  const requestId = typeof headers["x-request-id"] === "string" ? headers["x-request-id"] : "unassigned";
  const cookie = typeof headers.cookie === "string" ? headers.cookie : null;
  // The token's subject names the person; whether the session still stands does not matter here.
  const claims = readSessionClaims(cookie, runtime.authSecret);
  const digest = (error as { digest?: unknown } | null)?.digest;
  logServerFailure(runtime.logger, {
    requestId,
    procedure: context.routePath,
    type: context.routeType,
    userId: claims ? Number(claims.sub) : null,
    error,
    digest: typeof digest === "string" ? digest : undefined,
  });
  loggedRequestIds().add(requestId);
}

import { readSessionClaims } from "../auth/session";
import { getRuntime } from "../runtime";
import { loggedRequestIds, logServerFailure } from "./request-log";

/** A page's or route handler's failure, as instrumentation.ts hands it over. */
export async function logRouteFailure(
  error: unknown,
  headers: NodeJS.Dict<string | string[]>,
  context: { routePath: string; routeType: string },
): Promise<void> {
  const runtime = getRuntime();
  const requestId = typeof headers["x-request-id"] === "string" ? headers["x-request-id"] : "unassigned";
  const cookie = typeof headers.cookie === "string" ? headers.cookie : null;
  // The token's subject names the person; whether the session still stands does not matter here.
  const claims = await readSessionClaims(cookie, runtime.authSecret).catch(() => null);
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

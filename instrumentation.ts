/**
 * Next calls this for every failure while rendering a page or running a route handler or server
 * action: each is logged once, with the route, the request id main.ts assigned, the person and the
 * cause chain. Expected control flow (redirect, notFound, forbidden) is not a failure.
 */
export async function onRequestError(error: unknown, request: Readonly<{ path: string; method: string; headers: NodeJS.Dict<string | string[]> }>, context: Readonly<{ routePath: string; routeType: string }>): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const digest = (error as { digest?: unknown } | null)?.digest;
  if (typeof digest === "string" && /^(NEXT_|BAILOUT_|DYNAMIC_SERVER_USAGE)/.test(digest)) return;
  const { logRouteFailure } = await import("./server/observability/route-failure");
  await logRouteFailure(error, request.headers, context);
}

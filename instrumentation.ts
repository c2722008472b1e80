const reported = (value: unknown) => typeof (value as { digest?: unknown } | null)?.digest === "string";

/**
 * Next also prints each failure it hands to onRequestError to stderr itself, whole (a failed query's
 * parameters included); those errors carry a digest, and are left to onRequestError's one line.
 */
export function register(): void {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const print = console.error.bind(console);
  console.error = (...args: unknown[]) => {
    if (args.some(reported)) return;
    print(...args);
  };
}

/**
 * Next calls this for every failure while rendering a page or running a route handler or server
 * action: each is logged once, with the route, the request id main.ts assigned, the person and the
 * cause chain. Expected control flow (redirect, notFound, forbidden) is not a failure.
 */
export async function onRequestError(
  error: unknown,
  request: Readonly<{ path: string; method: string; headers: NodeJS.Dict<string | string[]> }>,
  context: Readonly<{ routePath: string; routeType: string }>,
): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const digest = (error as { digest?: unknown } | null)?.digest;
  if (typeof digest === "string" && /^(NEXT_|BAILOUT_|DYNAMIC_SERVER_USAGE)/.test(digest)) return;
  const [{ logRouteFailure }, { getRuntime }] = await Promise.all([
    import("./server/infra/observability/route-failure"),
    import("./server/runtime"),
  ]);
  logRouteFailure(getRuntime(), error, request.headers, context);
}

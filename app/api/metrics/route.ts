import { createHash, timingSafeEqual } from "node:crypto";
import { checkMetricsAccess } from "@/server/domain/http-security";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

// Compared as digests: equal lengths for timingSafeEqual, and no early exit that times the token.
const sameToken = (a: string, b: string) =>
  timingSafeEqual(createHash("sha256").update(a).digest(), createHash("sha256").update(b).digest());

/** Prometheus text for a scraper holding METRICS_TOKEN, or (with no token configured) for this machine only. */
export async function GET(request: Request) {
  // server/main.ts sets this header from the connection's peer address; a client's own value is overwritten.
  const access = checkMetricsAccess(
    { authorization: request.headers.get("authorization"), address: request.headers.get("x-xietong-client-ip") },
    process.env.METRICS_TOKEN,
    sameToken,
  );
  if (!access.ok) {
    return access.status === 401
      ? new Response("metrics need the bearer token set in METRICS_TOKEN\n", {
          status: 401,
          headers: { "www-authenticate": 'Bearer realm="metrics"' },
        })
      : new Response("metrics are served to this machine only; set METRICS_TOKEN to scrape them from elsewhere\n", {
          status: 403,
        });
  }
  const { metrics } = getRuntime();
  return new Response(await metrics.registry.metrics(), { headers: { "content-type": metrics.registry.contentType } });
}

import { currentMetrics } from "@/server/observability/metrics";

export const dynamic = "force-dynamic";

export async function GET() {
  const metrics = currentMetrics();
  if (!metrics) return new Response("metrics are not initialised\n", { status: 503 });
  return new Response(await metrics.registry.metrics(), { headers: { "content-type": metrics.registry.contentType } });
}

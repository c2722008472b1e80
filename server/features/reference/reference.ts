import { asc, eq } from "drizzle-orm";
import { clusters, measures, recommendations, regions } from "@/db/schema";
import { AppError } from "@/server/errors";
import type { ServiceDeps } from "@/server/infra/deps";

export async function listClustersWithRegions(deps: Pick<ServiceDeps, "db">) {
  const [clusterRows, regionRows] = await Promise.all([
    deps.db.select().from(clusters).orderBy(asc(clusters.id)),
    deps.db.select().from(regions).orderBy(asc(regions.id)),
  ]);
  return clusterRows.map((cluster) => ({
    ...cluster,
    regions: regionRows.filter((region) => region.clusterId === cluster.id),
  }));
}

export async function listRecommendations(deps: Pick<ServiceDeps, "db">) {
  const [recommendationRows, measureRows] = await Promise.all([
    deps.db.select().from(recommendations).orderBy(asc(recommendations.number)),
    deps.db.select().from(measures).orderBy(asc(measures.recommendationId), asc(measures.position)),
  ]);
  return recommendationRows.map((recommendation) => ({
    ...recommendation,
    measures: measureRows.filter((measure) => measure.recommendationId === recommendation.id),
  }));
}

export async function getRecommendationBySlug(deps: Pick<ServiceDeps, "db">, slug: string) {
  const [recommendation] = await deps.db.select().from(recommendations).where(eq(recommendations.slug, slug));
  if (!recommendation) throw new AppError("NOT_FOUND", `No recommendation called "${slug}"`);
  const measureRows = await deps.db
    .select()
    .from(measures)
    .where(eq(measures.recommendationId, recommendation.id))
    .orderBy(asc(measures.position));
  return { ...recommendation, measures: measureRows };
}

import { asc, eq } from "drizzle-orm";
import { clusters, measures, recommendations, regions, type Cluster, type Region } from "@/db/schema";
import { preparedPerDb } from "@/db/prepared";
import { AppError } from "@/server/errors";
import type { ServiceDeps } from "@/server/infra/deps";

const clustersWithRegions = preparedPerDb((db) =>
  db
    .select({ cluster: clusters, region: regions })
    .from(clusters)
    .leftJoin(regions, eq(regions.clusterId, clusters.id))
    .orderBy(asc(clusters.id), asc(regions.id))
    .prepare("reference_clusters_with_regions"),
);

/** Every cluster with its regions, in id order: one prepared read (a join) rather than one per table. */
export async function listClustersWithRegions(deps: Pick<ServiceDeps, "db">) {
  const rows = await clustersWithRegions(deps.db).execute();
  const byId = new Map<number, Cluster & { regions: Region[] }>();
  for (const { cluster, region } of rows) {
    let entry = byId.get(cluster.id);
    if (!entry) byId.set(cluster.id, (entry = { ...cluster, regions: [] }));
    if (region) entry.regions.push(region);
  }
  return [...byId.values()];
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

import { asc, eq } from "drizzle-orm";
import { clusters, measures, recommendations, regions, type Cluster, type Region } from "@/db/schema";
import { preparedPerDb } from "@/db/prepared";
import { AppError } from "@/server/errors";
import type { ServiceDeps } from "@/server/infra/deps";
import { immutableAnswer } from "@/server/infra/immutable-answer";
import { processReadCache } from "@/server/infra/read-cache";
import type { Db } from "@/db/client";
import type { ListedCluster } from "@/server/features/admin/events";

type ReferenceDeps = Pick<ServiceDeps, "db" | "readCache">;

const cacheOf = (deps: ReferenceDeps) => deps.readCache ?? processReadCache();

/** Cache keys: the admin's region edits drop `regions` (`dropCachedRegions`, after their commit). */
export const referenceKeys = { regions: "reference:regions", recommendations: "reference:recommendations" } as const;

const clustersWithRegions = preparedPerDb((db) =>
  db
    .select({ cluster: clusters, region: regions })
    .from(clusters)
    .leftJoin(regions, eq(regions.clusterId, clusters.id))
    .orderBy(asc(clusters.id), asc(regions.id))
    .prepare("reference_clusters_with_regions"),
);

/**
 * Every cluster with its regions, in id order: every page asks, so it is served from the process's read
 * cache, which any change through the app invalidates at once (in every process), frozen so the API
 * sends the same bytes to each caller.
 */
export function listClustersWithRegions(deps: ReferenceDeps) {
  return cacheOf(deps).load(deps.db, referenceKeys.regions, async () =>
    immutableAnswer(await readClustersWithRegions(deps)),
  );
}

/** One prepared read (a join) rather than one per table. */
async function readClustersWithRegions(deps: Pick<ServiceDeps, "db">): Promise<ListedCluster[]> {
  return groupRegions(await clustersWithRegions(deps.db).execute());
}

/**
 * The same list read in `db` (a transaction: a snapshot, or the change's own), not from the cache;
 * with `clusterId`, that cluster only.
 */
export async function readListedClusters(db: Db, clusterId?: number): Promise<ListedCluster[]> {
  const rows = await db
    .select({ cluster: clusters, region: regions })
    .from(clusters)
    .leftJoin(regions, eq(regions.clusterId, clusters.id))
    .where(clusterId === undefined ? undefined : eq(clusters.id, clusterId))
    .orderBy(asc(clusters.id), asc(regions.id));
  return groupRegions(rows);
}

function groupRegions(rows: { cluster: Cluster; region: Region | null }[]): ListedCluster[] {
  const byId = new Map<number, Cluster & { regions: Region[] }>();
  for (const { cluster, region } of rows) {
    let entry = byId.get(cluster.id);
    if (!entry) byId.set(cluster.id, (entry = { ...cluster, regions: [] }));
    if (region) entry.regions.push(region);
  }
  return [...byId.values()];
}

/** The recommendations with their measures; written only by the seed, so the TTL bounds a reseed. */
export function listRecommendations(deps: ReferenceDeps) {
  return cacheOf(deps).load(deps.db, referenceKeys.recommendations, async () =>
    immutableAnswer(await readRecommendations(deps)),
  );
}

async function readRecommendations(deps: Pick<ServiceDeps, "db">) {
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

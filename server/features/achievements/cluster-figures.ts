import { asc, eq } from "drizzle-orm";
import { achievementOwners, achievements, clusters, regions } from "@/db/schema";
import { chinaDay } from "@/server/domain/china-time";
import type { ServiceDeps } from "@/server/infra/deps";
import { clusterQuarterSeries, type ClusterFact } from "./rules/cluster-quarters";
import { publicDeals } from "./transfers";
import { visibleAchievementsSql } from "./visibility";

/**
 * Figures per cluster per China quarter, for everyone: achievements the public may see (the one
 * visibility rule, so never a draft or a withdrawn one) by their owners' clusters and the day they were
 * entered; public deals by the owners' clusters (sold) and the buyer's region's cluster (bought). Counts
 * only: no value is read here, so none can leak.
 */
export async function clusterFigures(deps: Pick<ServiceDeps, "db">) {
  const [regionRows, clusterRows, published, ownerRows, deals] = await Promise.all([
    deps.db.select({ id: regions.id, clusterId: regions.clusterId }).from(regions),
    deps.db
      .select({ id: clusters.id, code: clusters.code, nameZh: clusters.nameZh, nameEn: clusters.nameEn })
      .from(clusters)
      .orderBy(asc(clusters.id)),
    deps.db
      .select({ id: achievements.id, createdAt: achievements.createdAt })
      .from(achievements)
      .where(visibleAchievementsSql(null)),
    deps.db
      .select({ achievementId: achievementOwners.achievementId, regionId: achievementOwners.regionId })
      .from(achievementOwners)
      .innerJoin(achievements, eq(achievements.id, achievementOwners.achievementId))
      .where(visibleAchievementsSql(null)),
    publicDeals(deps),
  ]);
  const clusterOf = new Map(regionRows.map((r) => [r.id, r.clusterId]));
  const ownerClusters = new Map<number, number[]>();
  for (const row of ownerRows)
    ownerClusters.set(row.achievementId, [
      ...(ownerClusters.get(row.achievementId) ?? []),
      clusterOf.get(row.regionId)!,
    ]);
  const sold: ClusterFact[] = deals.map((d) => ({
    day: d.signedOn,
    clusterIds: d.owners.map((o) => clusterOf.get(o.region.id)!),
  }));
  const bought: ClusterFact[] = deals.map((d) => ({ day: d.signedOn, clusterIds: [clusterOf.get(d.buyerRegion.id)!] }));
  const series = clusterQuarterSeries({
    achievements: published.map((a) => ({ day: chinaDay(a.createdAt), clusterIds: ownerClusters.get(a.id) ?? [] })),
    dealsSold: sold,
    dealsBought: bought,
  });
  const named = new Set(series.clusters.map((c) => c.clusterId));
  return { ...series, clusterNames: clusterRows.filter((c) => named.has(c.id)) };
}

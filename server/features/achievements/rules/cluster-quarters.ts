/**
 * Figures per cluster over time: each fact (an achievement published, a deal signed) falls in the
 * China-calendar quarter of its China day and counts once for every distinct cluster it touches (an
 * achievement with owners in two clusters counts for each). Pure: the caller passes only facts the
 * public may see.
 */

/** The China-calendar quarter of a China day `YYYY-MM-DD`, as `YYYY-Qn`. */
export const chinaQuarter = (day: string): string =>
  `${day.slice(0, 4)}-Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`;

/** Every quarter from `first` to `last` inclusive, so a quiet quarter shows as zero, not a gap. */
export function quartersBetween(first: string, last: string): string[] {
  const index = (q: string) => Number(q.slice(0, 4)) * 4 + Number(q.slice(6)) - 1;
  const out: string[] = [];
  for (let i = index(first); i <= index(last); i++) out.push(`${Math.floor(i / 4)}-Q${(i % 4) + 1}`);
  return out;
}

export interface ClusterFact {
  /** The China day it happened. */
  day: string;
  clusterIds: readonly number[];
}

export const clusterMeasures = ["achievements", "dealsSold", "dealsBought"] as const;
export type ClusterMeasure = (typeof clusterMeasures)[number];

export interface ClusterQuarterSeries {
  quarters: string[];
  /** One entry per cluster with any fact, by id; each measure's counts line up with `quarters`. */
  clusters: ({ clusterId: number } & Record<ClusterMeasure, number[]>)[];
}

export function clusterQuarterSeries(facts: Record<ClusterMeasure, readonly ClusterFact[]>): ClusterQuarterSeries {
  const all = clusterMeasures.flatMap((m) => facts[m]);
  if (all.length === 0) return { quarters: [], clusters: [] };
  const seen = all.map((f) => chinaQuarter(f.day)).sort();
  const quarters = quartersBetween(seen[0]!, seen[seen.length - 1]!);
  const position = new Map(quarters.map((q, i) => [q, i]));
  const byCluster = new Map<number, Record<ClusterMeasure, number[]>>();
  for (const measure of clusterMeasures)
    for (const fact of facts[measure]) {
      const at = position.get(chinaQuarter(fact.day))!;
      for (const clusterId of new Set(fact.clusterIds)) {
        let row = byCluster.get(clusterId);
        if (!row) {
          const zeros = () => quarters.map(() => 0);
          row = { achievements: zeros(), dealsSold: zeros(), dealsBought: zeros() };
          byCluster.set(clusterId, row);
        }
        row[measure][at]! += 1;
      }
    }
  return {
    quarters,
    clusters: [...byCluster.entries()].sort(([a], [b]) => a - b).map(([clusterId, row]) => ({ clusterId, ...row })),
  };
}

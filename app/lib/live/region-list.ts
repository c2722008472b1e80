import type { LiveEvent } from "@/server/events/contract";
import type { ListedCluster } from "@/server/features/admin/events";
import type { OnTheWire } from "@/shared/on-the-wire";
import { upsertInOrder } from "./keyed-list";

/** The clusters and their regions as admin.regions reads them, with the admin stream's head. */
export interface RegionListView {
  clusters: ListedCluster[];
  headSeq: number;
}

const dateOrNull = (value: string | Date | null) => (value === null ? null : new Date(value));

/** A cluster's entry from an event, dates as Dates. */
export function clusterFromEvent(cluster: OnTheWire<ListedCluster> | ListedCluster): ListedCluster {
  return {
    ...cluster,
    retiredAt: dateOrNull(cluster.retiredAt),
    createdAt: new Date(cluster.createdAt),
    regions: cluster.regions.map((region) => ({
      ...region,
      retiredAt: dateOrNull(region.retiredAt),
      createdAt: new Date(region.createdAt),
    })),
  };
}

/** A cluster's entry set into the list, clusters in id order. */
export const withCluster = (view: RegionListView, cluster: ListedCluster): RegionListView => ({
  ...view,
  clusters: upsertInOrder(view.clusters, cluster, (a, b) => a.id - b.id),
});

/**
 * Applies one event of the admin stream to the clusters list: a change to a cluster or one of its
 * regions carries the cluster's entry, which replaces the old one or joins the list. Pure and
 * seq-guarded; an event from before they carried the entry is read again.
 */
export function applyRegionListEvent(
  view: RegionListView,
  event: LiveEvent,
): { view: RegionListView; refetch: boolean } {
  if (event.seq <= view.headSeq) return { view, refetch: false };
  const headSeq = event.seq;
  if (event.type !== "regions:changed") return { view: { ...view, headSeq }, refetch: false };
  const { cluster } = event.payload;
  if (cluster === undefined) return { view: { ...view, headSeq }, refetch: true };
  return { view: { ...withCluster(view, clusterFromEvent(cluster)), headSeq }, refetch: false };
}

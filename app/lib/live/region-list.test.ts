import { describe, expect, it } from "vitest";
import { streamKey } from "@/server/domain/stream-access";
import type { LiveEvent } from "@/server/events/contract";
import type { ListedCluster } from "@/server/features/admin/events";
import { onTheWire } from "@/shared/on-the-wire";
import { applyRegionListEvent, type RegionListView } from "./region-list";

const created = new Date("2026-01-01T00:00:00.000Z");
const region = (id: number, clusterId: number, retiredAt: Date | null = null) => ({
  id,
  code: `r${id}`,
  clusterId,
  nameZh: `区${id}`,
  nameEn: `Region ${id}`,
  strengthZh: "",
  strengthEn: "",
  retiredAt,
  createdAt: created,
});
const cluster = (id: number, regionIds: number[], retiredAt: Date | null = null): ListedCluster => ({
  id,
  code: `c${id}`,
  nameZh: `群${id}`,
  nameEn: `Cluster ${id}`,
  descriptionZh: "",
  descriptionEn: "",
  retiredAt,
  createdAt: created,
  regions: regionIds.map((r) => region(r, id)),
});
const view = (): RegionListView => ({ clusters: [cluster(1, [1, 2]), cluster(3, [4])], headSeq: 7 });
const changed = (entry: ListedCluster | null, seq = 8): LiveEvent => ({
  stream: streamKey({ kind: "admin" }),
  seq,
  at: "2026-01-02T00:00:00.000Z",
  type: "regions:changed",
  payload: entry ? { clusterId: entry.id, cluster: onTheWire(entry) } : { regionId: 1 },
});

describe("applyRegionListEvent", () => {
  it("replaces a changed cluster's entry (a region added, dates revived) and keeps clusters in id order", () => {
    const added = applyRegionListEvent(view(), changed(cluster(1, [1, 2, 9])));
    expect(added).toEqual({ view: { clusters: [cluster(1, [1, 2, 9]), cluster(3, [4])], headSeq: 8 }, refetch: false });
    const newCluster = applyRegionListEvent(added.view, changed(cluster(2, []), 9));
    expect(newCluster.view.clusters.map((c) => c.id)).toEqual([1, 2, 3]);
    const retired = new Date("2026-01-03T00:00:00.000Z");
    const retiredCluster = applyRegionListEvent(newCluster.view, changed(cluster(3, [4], retired), 10));
    expect(retiredCluster.view.clusters[2]?.retiredAt).toEqual(retired);
  });

  it("applies an event once, reads again without an entry, only moves the head for other admin events", () => {
    const once = applyRegionListEvent(view(), changed(cluster(1, [1])));
    expect(applyRegionListEvent(once.view, changed(cluster(1, [1, 2, 5])))).toEqual({
      view: once.view,
      refetch: false,
    });
    expect(applyRegionListEvent(view(), changed(null))).toEqual({ view: { ...view(), headSeq: 8 }, refetch: true });
    const other: LiveEvent = { ...changed(null), type: "blocked-words:changed", payload: {} };
    expect(applyRegionListEvent(view(), other)).toEqual({ view: { ...view(), headSeq: 8 }, refetch: false });
  });
});

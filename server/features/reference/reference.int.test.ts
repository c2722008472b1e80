import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clusters, regions } from "@/db/schema";
import { createReadCache } from "@/server/infra/read-cache";
import { callerFor, createTestAccount, createTestServices, type TestServices } from "@/server/testing/fixtures";

let services: TestServices;

beforeAll(async () => {
  services = await createTestServices();
});
afterAll(async () => {
  await services?.close();
});

describe("reference.regions", () => {
  it("answers every cluster in id order with exactly its regions in id order, and a cluster without regions with none", async () => {
    const db = services.deps.db;
    const [empty] = await db
      .insert(clusters)
      .values({ code: "ref-test-empty", nameZh: "空集群", nameEn: "Empty cluster" })
      .returning();
    const answered = await callerFor(services.deps, null).reference.regions();

    const clusterRows = await db.select().from(clusters).orderBy(asc(clusters.id));
    const regionRows = await db.select().from(regions).orderBy(asc(regions.id));
    expect(regionRows.length).toBeGreaterThan(1);
    expect(answered).toEqual(
      clusterRows.map((cluster) => ({
        ...cluster,
        regions: regionRows.filter((region) => region.clusterId === cluster.id),
      })),
    );
    expect(answered.find((cluster) => cluster.id === empty!.id)?.regions).toEqual([]);
  });
});

describe("reference data from the read cache (one process, no Redis)", () => {
  it("[CACHE] serves reads from memory, and an admin's region and cluster edits show on the very next read", async () => {
    // A cache of its own, so reads by earlier tests on this database do not matter.
    const deps = { ...services.deps, readCache: createReadCache({ ttlMs: 60_000 }) };
    const { user: admin } = await createTestAccount(deps.db, { role: "admin" });
    const asAdmin = callerFor(deps, admin);
    const anyone = callerFor(deps, null);
    const regionNamed = async (id: number) =>
      (await anyone.reference.regions()).flatMap((cluster) => cluster.regions).find((region) => region.id === id);

    const before = await anyone.reference.regions();
    const [first] = before.flatMap((cluster) => cluster.regions);
    // Served from memory (the same frozen answer), so a change behind the app's back is not seen.
    await deps.db.update(regions).set({ nameEn: "Changed by hand" }).where(eq(regions.id, first!.id));
    expect(await anyone.reference.regions()).toBe(before);
    expect(Object.isFrozen(before) && Object.isFrozen(before[0]!.regions[0])).toBe(true);

    await asAdmin.admin.renameRegion({ regionId: first!.id, nameZh: "改名区", nameEn: "Renamed Region" });
    expect(await regionNamed(first!.id)).toMatchObject({ nameZh: "改名区", nameEn: "Renamed Region" });

    const cluster = await asAdmin.admin.addCluster({ code: "cache-c", nameZh: "缓存集群", nameEn: "Cache cluster" });
    expect((await anyone.reference.regions()).find((c) => c.id === cluster.id)).toMatchObject({ regions: [] });
    const region = await asAdmin.admin.addRegion({
      code: "cache-r",
      clusterId: cluster.id,
      nameZh: "缓存区",
      nameEn: "Cache region",
    });
    expect((await anyone.reference.regions()).find((c) => c.id === cluster.id)?.regions).toMatchObject([
      { id: region.id, code: "cache-r" },
    ]);
    await asAdmin.admin.retireRegion({ regionId: region.id, retired: true });
    expect((await regionNamed(region.id))?.retiredAt).toBeInstanceOf(Date);
    await asAdmin.admin.renameCluster({ clusterId: cluster.id, nameZh: "新集群", nameEn: "New cluster" });
    await asAdmin.admin.retireCluster({ clusterId: cluster.id, retired: true });
    expect((await anyone.reference.regions()).find((c) => c.id === cluster.id)).toMatchObject({
      nameEn: "New cluster",
      retiredAt: expect.any(Date),
    });
  });
});

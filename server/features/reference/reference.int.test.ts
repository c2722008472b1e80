import { asc } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clusters, regions } from "@/db/schema";
import { callerFor, createTestServices, type TestServices } from "@/server/testing/fixtures";

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

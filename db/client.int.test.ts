import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failureText } from "@/server/testing/errors";
import { createTestDatabase } from "@/server/testing/test-database";
import type { DatabaseHandle } from "./client";
import { auditEntries, clusters, measures, recommendations, regions } from "./schema";
import { seedReferenceData } from "./seed";
import { queryRows } from "./sql";

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle?.close();
});

describe(`database (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("reports which driver it is on", () => {
    expect(handle.kind).toBe(process.env.DATABASE_URL ? "postgres" : "pglite");
  });

  it("applies migrations idempotently", async () => {
    await handle.migrate();
    await handle.migrate();
    const rows = await queryRows<{ n: string }>(
      handle.db,
      sql`select count(*)::text as n from drizzle.__drizzle_migrations`,
    );
    expect(Number(rows[0]?.n)).toBeGreaterThanOrEqual(2);
  });

  it("seeds the paper's clusters, regions and five recommendations, and re-seeding adds nothing", async () => {
    const count = async () => ({
      clusters: (await handle.db.select().from(clusters)).length,
      regions: (await handle.db.select().from(regions)).length,
      recommendations: (await handle.db.select().from(recommendations)).length,
      measures: (await handle.db.select().from(measures)).length,
    });
    const before = await count();
    expect(before.clusters).toBe(4);
    expect(before.regions).toBe(10);
    expect(before.recommendations).toBe(5);
    expect(before.measures).toBeGreaterThanOrEqual(15);
    await seedReferenceData(handle.db);
    expect(await count()).toEqual(before);
    const codes = (await handle.db.select({ code: regions.code }).from(regions)).map((r) => r.code).sort();
    expect(codes).toEqual([
      "beijing",
      "dongguan",
      "hangzhou",
      "hebei",
      "qingdao",
      "shanghai",
      "shenzhen",
      "suzhou",
      "tianjin",
      "yantai",
    ]);
  });

  it("keeps the audit trail append-only in the database itself", async () => {
    await handle.db.insert(auditEntries).values({ action: "test.append", targetType: "test", targetId: "1" });
    expect(await failureText(handle.db.update(auditEntries).set({ action: "tampered" }))).toMatch(/append-only/);
    expect(await failureText(handle.db.delete(auditEntries))).toMatch(/append-only/);
    expect(await failureText(handle.db.execute(sql`truncate audit_entries`))).toMatch(/append-only/);
    const rows = await handle.db.select().from(auditEntries);
    expect(rows.map((r) => r.action)).toContain("test.append");
    expect(rows.map((r) => r.action)).not.toContain("tampered");
  });
});

import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { regions } from "@/db/schema";
import { queryRows } from "@/db/sql";
import { createTestServices, type TestServices } from "../../testing/fixtures";
import { databaseWriteMark } from "./database-mark";

describe("the database's write mark (what the signed-out page cache keys on)", () => {
  let services: TestServices;
  beforeAll(async () => {
    services = await createTestServices();
  });
  afterAll(() => services.close());

  it("stays put across reads and moves with a committed write, a rolled-back one, and a write in a transaction", async () => {
    const { db } = services.deps;
    const idle = await databaseWriteMark(db);
    await db.select().from(regions);
    const assigned = await db.transaction(async (tx) => {
      await tx.select().from(regions);
      return (
        await queryRows<{ xid: string | null }>(tx, sql`select pg_current_xact_id_if_assigned()::text as xid`)
      )[0]!.xid;
    });
    // A read takes no transaction id, so it cannot move the snapshot. On a PostgreSQL server the snapshot
    // is the whole server's, and the other test files write their own databases meanwhile: the mark is
    // compared only on PGlite, which is ours alone.
    expect(assigned).toBeNull();
    if (services.handle.kind === "pglite") expect(await databaseWriteMark(db)).toBe(idle);

    const [region] = await db.select().from(regions).limit(1);
    await db
      .update(regions)
      .set({ nameEn: `${region!.nameEn} ` })
      .where(eq(regions.id, region!.id));
    const afterWrite = await databaseWriteMark(db);
    expect(afterWrite).not.toBe(idle);

    await db
      .transaction(async (tx) => {
        await tx.update(regions).set({ nameEn: region!.nameEn }).where(eq(regions.id, region!.id));
        throw new Error("rolled back");
      })
      .catch(() => undefined);
    const afterRollback = await databaseWriteMark(db);
    expect(afterRollback).not.toBe(afterWrite);

    await db.transaction(async (tx) => {
      await tx.update(regions).set({ nameEn: region!.nameEn }).where(eq(regions.id, region!.id));
    });
    expect(await databaseWriteMark(db)).not.toBe(afterRollback);
  });
});

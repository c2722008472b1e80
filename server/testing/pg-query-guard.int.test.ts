import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { queryRows } from "@/db/sql";
import { readAtStreamHead } from "@/server/infra/realtime/catch-up";
import { takeConcurrentQueries } from "./pg-query-guard";
import { createTestDatabase } from "./test-database";

let database: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabase({ seed: false });
});
afterAll(async () => {
  await database?.close();
});

const onPostgres = Boolean(process.env.DATABASE_URL);

describe(`the concurrent-query guard (${onPostgres ? "postgres" : "pglite"})`, () => {
  it("[GUARD] queries run together in a snapshot read are reported on PostgreSQL, with their statements", async () => {
    const result = await readAtStreamHead(database.db, "guard:1", async (snapshot) => {
      // Two, not three: pg 8 warns from the third on, and the pass is to print no such warning.
      const rows = await Promise.all([
        queryRows(snapshot, sql`select 1 as one`),
        queryRows(snapshot, sql`select 2 as two`),
      ]);
      return { rows };
    });
    // Taken here, so that the setup file's check after the test does not fail it.
    const seen = takeConcurrentQueries();
    // The queries still ran (as pg 8 does): only the report differs.
    expect(result).toEqual({ rows: [[{ one: 1 }], [{ two: 2 }]], headSeq: 0 });
    // PGlite has no pg client: its lanes queue queries by design.
    expect(seen.map((report) => report.split("\n")[0])).toEqual(onPostgres ? ["select 2 as two"] : []);
  });

  it("[GUARD] the same queries one after another are not reported", async () => {
    await readAtStreamHead(database.db, "guard:1", async (snapshot) => {
      await queryRows(snapshot, sql`select 1`);
      await queryRows(snapshot, sql`select 2`);
      return {};
    });
    // The pool gives each concurrent query a connection of its own: nothing to report either.
    await Promise.all([queryRows(database.db, sql`select 1`), queryRows(database.db, sql`select 2`)]);
    expect(takeConcurrentQueries()).toEqual([]);
  });
});

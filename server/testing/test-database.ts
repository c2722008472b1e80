import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import pg from "pg";
import { openDatabase, type DatabaseHandle } from "@/db/client";
import { seedReferenceData } from "@/db/seed";
import { pgliteSnapshotPath, pgTemplateName, templateEnv } from "./database-templates";

/**
 * A fresh database per test file: embedded PGlite in memory by default, or a new database on the
 * PostgreSQL server named by DATABASE_URL (created here, dropped on close), so no run depends on
 * what an earlier run left behind.
 */
export async function createTestDatabase(options: { seed?: boolean } = {}): Promise<DatabaseHandle> {
  const serverUrl = process.env.DATABASE_URL;
  const kind = options.seed === false ? "migrated" : "seeded";
  // Made once per run by the vitest globalSetup (database-templates.ts); absent when run otherwise.
  const snapshotDir = process.env[templateEnv.snapshotDir];
  const templatePrefix = process.env[templateEnv.templatePrefix];
  let handle: DatabaseHandle;
  if (serverUrl) {
    const name = `xietong_test_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(
      templatePrefix
        ? `CREATE DATABASE ${name} TEMPLATE ${pgTemplateName(templatePrefix, kind)}`
        : `CREATE DATABASE ${name}`,
    );
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const inner = await openDatabase({ url: url.toString(), poolSize: 20 });
    handle = {
      ...inner,
      close: async () => {
        await inner.close();
        const dropper = new pg.Client({ connectionString: serverUrl });
        await dropper.connect();
        // pool.end() resolves before every socket has closed; forcing the drop then would kill those
        // connections mid-close and surface as uncaught errors, so wait for them to leave first.
        for (let i = 0; i < 100; i += 1) {
          const { rows } = await dropper.query<{ n: number }>(
            "select count(*)::int as n from pg_stat_activity where datname = $1",
            [name],
          );
          if (rows[0]?.n === 0) break;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await dropper.end();
      },
    };
  } else {
    const snapshot = snapshotDir ? new Blob([readFileSync(pgliteSnapshotPath(snapshotDir, kind))]) : undefined;
    handle = await openDatabase({ dataDir: "memory://", loadDataDir: snapshot });
  }
  if (serverUrl ? templatePrefix : snapshotDir) return handle;
  await handle.migrate();
  if (options.seed !== false) await seedReferenceData(handle.db);
  return handle;
}

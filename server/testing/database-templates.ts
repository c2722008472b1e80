import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { openDatabase } from "@/db/client";
import { seedReferenceData } from "@/db/seed";

/**
 * Migrating and seeding a database takes seconds on PGlite, and every test file needs a fresh one.
 * So, once per run (vitest globalSetup), one migrated and one migrated-and-seeded database are made:
 * PGlite data folders dumped to a temporary directory, or template databases on PostgreSQL. Each
 * test file then starts from a copy. Both are made anew by every run and removed at its end.
 */
export const templateEnv = {
  snapshotDir: "XIETONG_TEST_SNAPSHOT_DIR",
  templatePrefix: "XIETONG_TEST_TEMPLATE_PREFIX",
} as const;
export type TemplateKind = "migrated" | "seeded";

export function pgliteSnapshotPath(dir: string, kind: TemplateKind): string {
  return path.join(dir, `${kind}.tar`);
}

export function pgTemplateName(prefix: string, kind: TemplateKind): string {
  return `${prefix}_${kind}`;
}

async function adminQuery(serverUrl: string, statement: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(statement);
  } finally {
    await admin.end();
  }
}

export default async function setup(): Promise<() => Promise<void>> {
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    const prefix = `xietong_tpl_${Date.now().toString(36)}_${process.pid}`;
    for (const kind of ["migrated", "seeded"] as const) {
      const name = pgTemplateName(prefix, kind);
      await adminQuery(serverUrl, `CREATE DATABASE ${name}`);
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      const handle = await openDatabase({ url: url.toString(), poolSize: 2 });
      await handle.migrate();
      if (kind === "seeded") await seedReferenceData(handle.db);
      await handle.close();
    }
    process.env[templateEnv.templatePrefix] = prefix;
    return async () => {
      for (const kind of ["migrated", "seeded"] as const)
        await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${pgTemplateName(prefix, kind)} WITH (FORCE)`);
    };
  }
  const dir = mkdtempSync(path.join(tmpdir(), "xietong-test-snapshots-"));
  const handle = await openDatabase({ dataDir: "memory://" });
  await handle.migrate();
  writeFileSync(pgliteSnapshotPath(dir, "migrated"), Buffer.from(await (await handle.dumpDataDir!()).arrayBuffer()));
  await seedReferenceData(handle.db);
  writeFileSync(pgliteSnapshotPath(dir, "seeded"), Buffer.from(await (await handle.dumpDataDir!()).arrayBuffer()));
  await handle.close();
  process.env[templateEnv.snapshotDir] = dir;
  return async () => rmSync(dir, { recursive: true, force: true });
}

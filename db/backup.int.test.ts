import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "@/server/infra/auth/password";
import { ballotProject, ballotSettings } from "@/server/testing/ballots";
import { callerFor, createTestServices, type TestServices } from "@/server/testing/fixtures";
import { createTestDatabase } from "@/server/testing/test-database";
import { castVote } from "@/server/features/ballots/cast-vote";
import { fileHeader, restoreBackup, tablesInDependencyOrder, writeBackup } from "./backup";
import type { DatabaseHandle, Db } from "./client";
import { seedDemoContent } from "../server/demo/demo-content";
import { regions } from "./schema";
import { seedDemoAccounts } from "./seed";
import { queryRows } from "./sql";

let source: TestServices;
let target: DatabaseHandle;
let dir: string;
let file: string;

/** Every row of every table as PostgreSQL prints it, sorted, so two databases compare with toEqual. */
async function snapshot(db: Db): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of await tablesInDependencyOrder(db)) {
    const rows = await queryRows<{ row: string }>(
      db,
      sql`select row_to_json(t)::text as row from ${sql.raw(`"${table}"`)} t`,
    );
    out[table] = rows.map((r) => r.row).sort();
  }
  return out;
}

beforeAll(async () => {
  source = await createTestServices();
  const db = source.deps.db;
  await seedDemoAccounts(db, hashPassword);
  await seedDemoContent(db);
  const setup = await ballotProject(source.deps, { members: [3, 2], plans: 2 });
  const ballot = await callerFor(source.deps, setup.members[0]![0]!.user).ballots.open(ballotSettings(setup.projectId));
  for (const voter of setup.members.flat()) {
    await castVote(source.deps, voter.user, {
      ballotId: ballot.id,
      choices: setup.planIds.map((planId) => ({ planId, choice: "approve" as const })),
    });
  }
  // A gap in the ids, so the restored sequences must follow the largest id, not the row count.
  await db.execute(sql`select setval(pg_get_serial_sequence('regions', 'id'), (select max(id) from regions) + 40)`);
  await db
    .insert(regions)
    .values({ code: "gapregion", clusterId: (await db.query.clusters.findFirst())!.id, nameZh: "间隔", nameEn: "Gap" });

  target = await createTestDatabase({ seed: false });
  dir = mkdtempSync(path.join(tmpdir(), "xietong-backup-"));
  file = path.join(dir, "all.xietong.gz");
  // The demo content now includes its ballots, votes and a long thread.
}, 180_000);
afterAll(async () => {
  await source?.close();
  await target?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe(`backup and restore (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("round-trips a seeded database: every row of every table comes back, and new ids follow the restored ones", async () => {
    const before = await snapshot(source.deps.db);
    const nonEmpty = Object.entries(before)
      .filter(([, rows]) => rows.length > 0)
      .map(([table]) => table);
    // The seed reaches the areas that matter: people, deliberation, projects, votes, the audit trail, live events.
    expect(nonEmpty).toEqual(
      expect.arrayContaining([
        "accounts",
        "regions",
        "topics",
        "comments",
        "projects",
        "ballots",
        "votes",
        "audit_entries",
        "events",
      ]),
    );

    const written = await writeBackup(source.deps.db, file, { pageSize: 7 });
    expect(written.bytes).toBeGreaterThan(0);
    expect(written.header.tables.reduce((n, t) => n + t.rows, 0)).toBe(
      Object.values(before).reduce((n, rows) => n + rows.length, 0),
    );

    const restored = await restoreBackup(target.db, file, { batchSize: 5 });
    expect(restored.rows).toBe(written.header.tables.reduce((n, t) => n + t.rows, 0));
    expect(await snapshot(target.db)).toEqual(before);

    const [maxId] = await queryRows<{ n: number }>(target.db, sql`select max(id)::int as n from regions`);
    const [added] = await target.db
      .insert(regions)
      .values({
        code: "afterrestore",
        clusterId: (await target.db.query.clusters.findFirst())!.id,
        nameZh: "恢复后",
        nameEn: "After restore",
      })
      .returning();
    expect(added!.id).toBeGreaterThan(maxId!.n);
    // The audit trail is still append-only after a restore.
    await expect(target.db.execute(sql`delete from audit_entries`)).rejects.toThrow();
  });

  it("refuses a database that already holds rows", async () => {
    await expect(restoreBackup(target.db, file)).rejects.toThrow(/not empty/);
  });

  it("refuses a file from another migration level, before touching the database", async () => {
    const lines = gunzipSync(readFileSync(file)).toString("utf8").split("\n");
    const header = JSON.parse(lines[0]!) as { migrations: { count: number } };
    header.migrations.count -= 1;
    const older = path.join(dir, "older.xietong.gz");
    writeFileSync(older, gzipSync([JSON.stringify(header), ...lines.slice(1)].join("\n")));
    expect((await fileHeader(older)).migrations.count).toBe(header.migrations.count);

    const empty = await createTestDatabase({ seed: false });
    try {
      await expect(restoreBackup(empty.db, older)).rejects.toThrow(/migration level/);
      const [n] = await queryRows<{ n: number }>(empty.db, sql`select count(*)::int as n from accounts`);
      expect(n!.n).toBe(0);
    } finally {
      await empty.close();
    }
  });

  it("leaves the database empty when the file is cut short", async () => {
    const lines = gunzipSync(readFileSync(file)).toString("utf8").trimEnd().split("\n");
    const cut = path.join(dir, "cut.xietong.gz");
    writeFileSync(cut, gzipSync(lines.slice(0, -3).join("\n")));
    const empty = await createTestDatabase({ seed: false });
    try {
      await expect(restoreBackup(empty.db, cut)).rejects.toThrow(/truncated/);
      const counts = await snapshot(empty.db);
      expect(Object.values(counts).every((rows) => rows.length === 0)).toBe(true);
    } finally {
      await empty.close();
    }
  });
});

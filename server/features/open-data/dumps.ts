import { mkdir, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { and, asc, desc, eq, inArray, lt } from "drizzle-orm";
import { strToU8, zipSync } from "fflate";
import type { Db } from "@/db/client";
import { openDataDumps, type OpenDataDump } from "@/db/schema";
import { toCsv } from "@/server/domain/csv";
import { recordAudit } from "@/server/infra/audit";
import { retryTransaction } from "@/server/infra/transact";
import { datasetNames, type DatasetName } from "./contract";
import { csvTable, dumpFileName, dumpFilePattern, nightlyDayDue, readmeText } from "./rules/dump-rules";

/** Reads every public dataset, handing each to `onDataset` in turn (api-router.ts readOpenData). */
export type ReadOpenData = (
  onDataset: (name: DatasetName, rows: Record<string, unknown>[]) => Promise<void>,
) => Promise<void>;

export interface DumpDeps {
  db: Db;
  now: () => Date;
  /** The folder the zips are written to (under the data folder). */
  dir: string;
  /** How many finished dumps are kept; older ones are deleted with their files. */
  keep: number;
}

/** An admin asks for a dump now; one waiting or running dump at a time is enough. */
export async function requestDump(deps: Pick<DumpDeps, "db" | "now">, actor: { id: number }) {
  return retryTransaction(deps, async (tx) => {
    const [pending] = await tx
      .select({ id: openDataDumps.id })
      .from(openDataDumps)
      .where(inArray(openDataDumps.status, ["queued", "running"]))
      .limit(1);
    if (pending) return { id: pending.id };
    const [row] = await tx
      .insert(openDataDumps)
      .values({ trigger: "manual", requestedBy: actor.id, createdAt: deps.now(), total: datasetNames.length })
      .returning({ id: openDataDumps.id });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "open_data.dump",
      targetType: "open_data_dump",
      targetId: row!.id,
    });
    return { id: row!.id };
  });
}

/** Finished dumps, newest first, as the public page and GET /api/v1/dumps list them. */
export async function listPublishedDumps(db: Db) {
  const rows = await db
    .select()
    .from(openDataDumps)
    .where(eq(openDataDumps.status, "done"))
    .orderBy(desc(openDataDumps.finishedAt));
  return rows.map((d) => ({
    id: d.id,
    fileName: d.fileName ?? "",
    sizeBytes: d.sizeBytes ?? 0,
    finishedAt: (d.finishedAt ?? d.createdAt).toISOString(),
    counts: d.counts ?? {},
    url: `/api/v1/dumps/${d.fileName ?? ""}`,
  }));
}

/** Every dump with its state and progress, for admins. */
export async function listAllDumps(db: Db) {
  return db.select().from(openDataDumps).orderBy(desc(openDataDumps.id)).limit(30);
}

/** The file of a published dump, or null: only names the database lists are ever opened. */
export async function publishedDumpPath(deps: Pick<DumpDeps, "db" | "dir">, fileName: string): Promise<string | null> {
  if (!dumpFilePattern.test(fileName)) return null;
  const [row] = await deps.db
    .select({ id: openDataDumps.id })
    .from(openDataDumps)
    .where(and(eq(openDataDumps.fileName, fileName), eq(openDataDumps.status, "done")));
  return row ? path.join(deps.dir, fileName) : null;
}

const staleAfterMs = 30 * 60_000;

/** Queues the nightly dump once its hour has come (one per UTC day, however many processes ask). */
async function queueNightly(deps: DumpDeps): Promise<void> {
  const day = nightlyDayDue(deps.now());
  if (!day) return;
  await deps.db
    .insert(openDataDumps)
    .values({ trigger: "nightly", day, createdAt: deps.now(), total: datasetNames.length })
    .onConflictDoNothing({ target: openDataDumps.day });
}

/** Claims the oldest queued dump (SKIP LOCKED: two processes never write the same one). */
async function claim(deps: DumpDeps): Promise<OpenDataDump | null> {
  // The zip is written after the claim commits, outside it: the claim alone is safe to run again.
  return retryTransaction(deps, async (tx) => {
    const [next] = await tx
      .select({ id: openDataDumps.id })
      .from(openDataDumps)
      .where(eq(openDataDumps.status, "queued"))
      .orderBy(asc(openDataDumps.createdAt), asc(openDataDumps.id))
      .limit(1)
      .for("update", { skipLocked: true });
    if (!next) return null;
    const [row] = await tx
      .update(openDataDumps)
      .set({ status: "running", startedAt: deps.now(), progress: 0 })
      .where(eq(openDataDumps.id, next.id))
      .returning();
    return row ?? null;
  });
}

/** Writes one dump: every dataset as CSV and JSON in one zip, written aside and renamed into place. */
async function writeDump(deps: DumpDeps, dump: OpenDataDump, read: ReadOpenData): Promise<void> {
  const files: Record<string, Uint8Array> = {};
  const counts: Record<string, number> = {};
  let done = 0;
  await read(async (name, rows) => {
    files[`${name}.json`] = strToU8(JSON.stringify(rows, null, 1));
    files[`${name}.csv`] = strToU8(`\ufeff${toCsv(csvTable(rows))}`);
    counts[name] = rows.length;
    done += 1;
    await deps.db.update(openDataDumps).set({ progress: done }).where(eq(openDataDumps.id, dump.id));
  });
  const finishedAt = deps.now();
  files["README.txt"] = strToU8(readmeText(finishedAt, counts));
  const zip = zipSync(files, { level: 6, mtime: finishedAt });
  const fileName = dumpFileName(finishedAt, dump.id);
  await mkdir(deps.dir, { recursive: true });
  const partial = path.join(deps.dir, `${fileName}.partial`);
  await writeFile(partial, zip);
  await rename(partial, path.join(deps.dir, fileName));
  const { size } = await stat(path.join(deps.dir, fileName));
  await deps.db
    .update(openDataDumps)
    .set({ status: "done", finishedAt, fileName, sizeBytes: size, counts, progress: done, error: null })
    .where(eq(openDataDumps.id, dump.id));
}

/** Deletes finished dumps beyond the newest `keep`, files first, so a listed dump always has its file. */
async function prune(deps: DumpDeps): Promise<void> {
  const done = await deps.db
    .select({ id: openDataDumps.id, fileName: openDataDumps.fileName })
    .from(openDataDumps)
    .where(eq(openDataDumps.status, "done"))
    .orderBy(desc(openDataDumps.finishedAt), desc(openDataDumps.id));
  for (const old of done.slice(deps.keep)) {
    await deps.db.delete(openDataDumps).where(eq(openDataDumps.id, old.id));
    if (old.fileName) await rm(path.join(deps.dir, old.fileName), { force: true });
  }
}

/** One pass of the dump worker: queue tonight's dump when due, then write every queued one. Returns how many. */
export async function runDumpPass(deps: DumpDeps, read: ReadOpenData): Promise<number> {
  // A dump left running by a process that died is queued again (a live one finishes well within this).
  await deps.db
    .update(openDataDumps)
    .set({ status: "queued" })
    .where(
      and(
        eq(openDataDumps.status, "running"),
        lt(openDataDumps.startedAt, new Date(deps.now().getTime() - staleAfterMs)),
      ),
    );
  await queueNightly(deps);
  let written = 0;
  for (let dump = await claim(deps); dump; dump = await claim(deps)) {
    try {
      await writeDump(deps, dump, read);
      written += 1;
    } catch (error) {
      await deps.db
        .update(openDataDumps)
        .set({ status: "failed", finishedAt: deps.now(), error: String(error).slice(0, 500) })
        .where(eq(openDataDumps.id, dump.id));
    }
  }
  if (written > 0) await prune(deps);
  return written;
}

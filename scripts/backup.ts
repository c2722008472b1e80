import path from "node:path";
import { openDatabase } from "@/db/client";
import { writeBackup } from "@/db/backup";
import { parseEnv } from "@/server/infra/env";
import { backupFilesOf, createStorage } from "@/server/infra/storage";

/**
 * `npm run backup [-- FILE]`: the whole database (DATABASE_URL, or the embedded one in
 * XIETONG_DATA_DIR) in one gzip file. The embedded database is held by one process at a time, so
 * stop the server first when it uses PGlite; on PostgreSQL the backup runs beside it.
 */
const env = parseEnv();
const file = path.resolve(
  process.argv[2] ?? `xietong-backup-${new Date().toISOString().replace(/[:.]/g, "-")}.jsonl.gz`,
);
const started = Date.now();
const database = await openDatabase({ url: env.DATABASE_URL, dataDir: path.join(env.XIETONG_DATA_DIR, "pglite") });
try {
  const { header, bytes } = await writeBackup(database.db, file, { files: backupFilesOf(createStorage(env)) });
  const rows = header.tables.reduce((n, t) => n + t.rows, 0);
  process.stdout.write(
    `Backup of ${database.kind} written to ${file}: ${rows} rows in ${header.tables.length} tables, ` +
      `${header.files ?? 0} files, migration level ${header.migrations.count}, ${(bytes / 1024).toFixed(1)} kB, ${((Date.now() - started) / 1000).toFixed(1)} s.\n`,
  );
} finally {
  await database.close();
}

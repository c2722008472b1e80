import path from "node:path";
import { openDatabase } from "@/db/client";
import { BackupError, restoreBackup } from "@/db/backup";
import { parseEnv } from "@/server/infra/env";
import { backupFilesOf, createStorage } from "@/server/infra/storage";

/**
 * `npm run restore FILE`: loads a backup into an empty database (DATABASE_URL, or the embedded one in
 * XIETONG_DATA_DIR). The schema is created first when the database is new; a database that holds any
 * row, or a file from another migration level, is refused and left as it was.
 */
const file = process.argv[2];
if (!file) {
  process.stderr.write("usage: npm run restore FILE\n");
  process.exit(2);
}
const env = parseEnv();
const started = Date.now();
const database = await openDatabase({ url: env.DATABASE_URL, dataDir: path.join(env.XIETONG_DATA_DIR, "pglite") });
try {
  await database.migrate();
  const { header, rows } = await restoreBackup(database.db, path.resolve(file), {
    files: backupFilesOf(createStorage(env)),
  });
  process.stdout.write(
    `Restored ${rows} rows in ${header.tables.length} tables into ${database.kind} from a backup of ${header.createdAt}, ` +
      `${((Date.now() - started) / 1000).toFixed(1)} s.\n`,
  );
} catch (error) {
  if (!(error instanceof BackupError)) throw error;
  process.stderr.write(`Restore refused: ${error.message}\n`);
  process.exitCode = 1;
} finally {
  await database.close();
}

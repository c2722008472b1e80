import { createHash } from "node:crypto";
import { constants, createReadStream, createWriteStream } from "node:fs";
import { access } from "node:fs/promises";
import { createInterface } from "node:readline";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { createGunzip, createGzip } from "node:zlib";
import { sql } from "drizzle-orm";
import type { Db, Tx } from "./client";
import { queryRows } from "./sql";

/**
 * One-file backup of every table in the public schema, and its restore into an empty database.
 *
 * The file is gzip-compressed JSON lines: a header (format, migration level, table order and row
 * counts), then one line per row holding the row exactly as PostgreSQL's `row_to_json` writes it.
 * Restore hands those rows back to PostgreSQL's own `json_populate_recordset`, so every column type
 * (timestamps, enums, arrays, jsonb) is converted by the database on both ends, not by this code.
 */
export const backupFormat = "xietong-backup/1";

export interface MigrationLevel {
  /** How many migrations the database has applied. */
  count: number;
  /** The `created_at` (journal `when`) of the last one, which names it independent of its position. */
  last: number | null;
}

export interface BackupHeader {
  format: typeof backupFormat;
  createdAt: string;
  migrations: MigrationLevel;
  /** In an order where every table comes after the tables its foreign keys point at. */
  tables: { name: string; rows: number }[];
  /** How many stored files (attachment bytes) follow the rows; absent in backups without files. */
  files?: number;
}

/**
 * The file store, for backups that carry the attachments' bytes: each stored object the rows name
 * (`attachment_versions.storage_key`) follows the rows as base64 chunks, and restore writes it back.
 */
export interface BackupFiles {
  read(key: string): Promise<AsyncIterable<Uint8Array> | null>;
  write(key: string, chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<void>;
}

interface FileLine {
  f: string;
  d: string;
}

const fileChunkBytes = 192 * 1024;

interface RowLine {
  t: string;
  r: Record<string, unknown>;
}

export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BackupError";
  }
}

type Queryable = Db | Tx;

export async function migrationLevel(db: Queryable): Promise<MigrationLevel> {
  const [exists] = await queryRows<{ present: boolean }>(
    db,
    sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`,
  );
  if (!exists?.present) return { count: 0, last: null };
  const [row] = await queryRows<{ count: number; last: string | null }>(
    db,
    sql`select count(*)::int as count, max(created_at)::text as last from drizzle.__drizzle_migrations`,
  );
  return { count: row?.count ?? 0, last: row?.last == null ? null : Number(row.last) };
}

/** Public tables ordered so that each follows the tables it references (self-references allowed). */
/**
 * Tables the database keeps up by itself from others (triggers): not records, so neither backed up nor
 * restored. A restore rebuilds them as its rows go in.
 */
const derivedTables = new Set(["match_catalogue_stamp"]);

export async function tablesInDependencyOrder(db: Queryable): Promise<string[]> {
  const tables = (
    await queryRows<{ name: string }>(
      db,
      sql`select tablename as name from pg_tables where schemaname = 'public' order by tablename`,
    )
  )
    .map((row) => row.name)
    .filter((name) => !derivedTables.has(name));
  const edges = await queryRows<{ child: string; parent: string }>(
    db,
    sql`select child.relname as child, parent.relname as parent
        from pg_constraint c
        join pg_class child on child.oid = c.conrelid
        join pg_class parent on parent.oid = c.confrelid
        where c.contype = 'f' and c.connamespace = 'public'::regnamespace`,
  );
  const parents = new Map(tables.map((table) => [table, new Set<string>()]));
  for (const edge of edges) if (edge.child !== edge.parent) parents.get(edge.child)?.add(edge.parent);
  const ordered: string[] = [];
  const placed = new Set<string>();
  while (ordered.length < tables.length) {
    const ready = tables.filter(
      (table) => !placed.has(table) && [...(parents.get(table) ?? [])].every((parent) => placed.has(parent)),
    );
    if (ready.length === 0) {
      const left = tables.filter((table) => !placed.has(table));
      throw new BackupError(`Foreign keys form a cycle between ${left.join(", ")}; restore order cannot be decided`);
    }
    for (const table of ready) {
      ordered.push(table);
      placed.add(table);
    }
  }
  return ordered;
}

const ident = (name: string) => sql.raw(`"${name.replaceAll('"', '""')}"`);

async function rowCount(db: Queryable, table: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from ${ident(table)}`);
  return row?.n ?? 0;
}

export interface BackupResult {
  header: BackupHeader;
  bytes: number;
}

/**
 * Writes the whole database to `file`. All tables are read inside one repeatable-read transaction,
 * so the file is one consistent moment even while the server keeps writing (on PostgreSQL).
 */
export async function writeBackup(
  db: Db,
  file: string,
  options: { pageSize?: number; files?: BackupFiles } = {},
): Promise<BackupResult> {
  const pageSize = Math.max(1, Math.floor(options.pageSize ?? 2000));
  return db.transaction(
    async (tx) => {
      const tables = await tablesInDependencyOrder(tx);
      const counted: BackupHeader["tables"] = [];
      for (const name of tables) counted.push({ name, rows: await rowCount(tx, name) });
      const fileKeys = options.files && tables.includes("attachment_versions") ? await storedFileKeys(tx) : [];
      const header: BackupHeader = {
        format: backupFormat,
        createdAt: new Date().toISOString(),
        migrations: await migrationLevel(tx),
        tables: counted,
        ...(options.files ? { files: fileKeys.length } : {}),
      };

      async function* lines(): AsyncGenerator<string> {
        yield `${JSON.stringify(header)}\n`;
        for (const { name } of counted) {
          // A cursor reads the table once, in pages, inside this snapshot: nothing skipped or repeated.
          await tx.execute(
            sql`declare backup_rows no scroll cursor for select row_to_json(t)::text as row from ${ident(name)} t`,
          );
          for (;;) {
            const page = await queryRows<{ row: string }>(tx, sql`fetch ${sql.raw(String(pageSize))} from backup_rows`);
            if (page.length === 0) break;
            yield page.map((p) => `{"t":${JSON.stringify(name)},"r":${p.row}}\n`).join("");
          }
          await tx.execute(sql`close backup_rows`);
        }
        for (const key of fileKeys) {
          const chunks = await options.files!.read(key);
          if (!chunks) throw new BackupError(`The file store has no ${key}, which an attachment names`);
          let pending = Buffer.alloc(0);
          for await (const chunk of chunks) {
            pending = Buffer.concat([pending, chunk]);
            while (pending.length >= fileChunkBytes) {
              yield `${JSON.stringify({ f: key, d: pending.subarray(0, fileChunkBytes).toString("base64") })}\n`;
              pending = pending.subarray(fileChunkBytes);
            }
          }
          yield `${JSON.stringify({ f: key, d: pending.toString("base64") })}\n`;
        }
      }
      const out = createWriteStream(file, { mode: 0o600 });
      await pipeline(Readable.from(lines()), createGzip(), out);
      return { header, bytes: out.bytesWritten };
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
}

async function readHeader(
  file: string,
): Promise<{ header: BackupHeader; rows: AsyncIterableIterator<string>; close: () => void }> {
  try {
    await access(file, constants.R_OK);
  } catch {
    throw new BackupError(`${file} cannot be read`);
  }
  const source = createReadStream(file);
  const input = source.pipe(createGunzip());
  source.on("error", (error) => input.destroy(error));
  const reader = createInterface({ input, crlfDelay: Infinity });
  const iterator = reader[Symbol.asyncIterator]();
  const first = await iterator.next().catch((error: unknown) => {
    throw new BackupError(`${file} is not a readable backup: ${(error as Error).message}`);
  });
  let header: BackupHeader;
  try {
    header = JSON.parse(first.done ? "" : first.value) as BackupHeader;
  } catch {
    throw new BackupError(`${file} does not start with a backup header`);
  }
  // Parsed from a file: the declared type is what we hope for, not what is there.
  const format: unknown = header.format;
  if (format !== backupFormat)
    throw new BackupError(`${file} is not a ${backupFormat} file (format: ${String(format)})`);
  return {
    header,
    rows: iterator,
    close: () => {
      reader.close();
      input.destroy();
    },
  };
}

export interface RestoreResult {
  header: BackupHeader;
  rows: number;
}

/**
 * Loads a backup into a database that is already migrated and has no rows in any table. It refuses
 * a file from another migration level (the columns would not line up) and a database holding data
 * (a restore must never merge into, or silently replace, live records). Everything happens in one
 * transaction: a failure leaves the database as empty as it was.
 */
export async function restoreBackup(
  db: Db,
  file: string,
  options: { batchSize?: number; files?: BackupFiles } = {},
): Promise<RestoreResult> {
  const batchSize = options.batchSize ?? 500;
  const { header, rows, close } = await readHeader(file);
  try {
    const level = await migrationLevel(db);
    if (level.count !== header.migrations.count || level.last !== header.migrations.last) {
      throw new BackupError(
        `The backup was taken at migration level ${header.migrations.count} (${header.migrations.last}); ` +
          `this database is at ${level.count} (${level.last}). Restore with the release that wrote the backup, then upgrade.`,
      );
    }
    const tables = await tablesInDependencyOrder(db);
    const missing = header.tables.filter((table) => !tables.includes(table.name));
    if (missing.length > 0) throw new BackupError(`The database has no table ${missing.map((t) => t.name).join(", ")}`);
    for (const table of tables) {
      if ((await rowCount(db, table)) > 0)
        throw new BackupError(`The database is not empty (${table} has rows); restore only into an empty database`);
    }

    return await db.transaction(async (tx) => {
      const expected = new Map(header.tables.map((table) => [table.name, table.rows]));
      const loaded = new Map<string, number>();
      let batch: Record<string, unknown>[] = [];
      let batchTable: string | null = null;
      const flush = async () => {
        if (batchTable === null || batch.length === 0) return;
        // Columns are named from the file, so a column the database has and the row lacks keeps its default.
        const columns = Object.keys(batch[0] ?? {});
        const columnList = sql.join(columns.map(ident), sql`, `);
        await tx.execute(
          sql`insert into ${ident(batchTable)} (${columnList}) select ${columnList} from json_populate_recordset(null::${ident(batchTable)}, ${JSON.stringify(batch)}::json)`,
        );
        loaded.set(batchTable, (loaded.get(batchTable) ?? 0) + batch.length);
        batch = [];
      };
      const restored = fileRestorer(options.files);
      for await (const line of rows) {
        if (line.length === 0) continue;
        const parsed = JSON.parse(line) as RowLine | FileLine;
        if ("f" in parsed) {
          await restored.add(parsed);
          continue;
        }
        const { t, r } = parsed;
        if (!expected.has(t)) throw new BackupError(`The backup holds rows for ${t}, which its header does not list`);
        if (t !== batchTable || batch.length >= batchSize) {
          await flush();
          batchTable = t;
        }
        batch.push(r);
      }
      await flush();
      const files = await restored.finish();
      if (header.files !== undefined && files !== header.files)
        throw new BackupError(`The backup is truncated: it should hold ${header.files} files, found ${files}`);
      for (const [name, count] of expected) {
        if ((loaded.get(name) ?? 0) !== count) {
          throw new BackupError(
            `The backup is truncated: ${name} should have ${count} rows, found ${loaded.get(name) ?? 0}`,
          );
        }
      }
      await resetSequences(tx, tables);
      return { header, rows: [...loaded.values()].reduce((a, b) => a + b, 0) };
    });
  } finally {
    close();
  }
}

/** The distinct stored objects the attachment versions name, read in the backup's snapshot. */
async function storedFileKeys(tx: Tx): Promise<string[]> {
  const rows = await queryRows<{ key: string }>(
    tx,
    sql`select distinct storage_key as key from attachment_versions order by storage_key`,
  );
  return rows.map((row) => row.key);
}

/**
 * Collects each file's chunks (they come in order, one file after another) and writes it to the store
 * once whole, after checking its bytes hash to the key it is stored under (keys are content hashes).
 */
function fileRestorer(files: BackupFiles | undefined) {
  let key: string | null = null;
  let parts: Buffer[] = [];
  let count = 0;
  const write = async () => {
    if (key === null) return;
    if (!files) throw new BackupError("The backup holds files; restore it with a file store to put them in");
    const bytes = Buffer.concat(parts);
    const digest = createHash("sha256").update(bytes).digest("hex");
    if (!key.endsWith(`/${digest}`)) throw new BackupError(`The backup's copy of ${key} is damaged`);
    await files.write(key, [bytes]);
    count += 1;
  };
  return {
    async add(line: FileLine) {
      if (line.f !== key) {
        await write();
        key = line.f;
        parts = [];
      }
      parts.push(Buffer.from(line.d, "base64"));
    },
    async finish() {
      await write();
      key = null;
      return count;
    },
  };
}

/** After explicit ids were inserted, each serial's next value must come after the largest id. */
async function resetSequences(tx: Tx, tables: string[]): Promise<void> {
  const serials = await queryRows<{ table_name: string; column_name: string; seq: string }>(
    tx,
    sql`select table_name, column_name, pg_get_serial_sequence(quote_ident(table_name), column_name) as seq
        from information_schema.columns
        where table_schema = 'public' and pg_get_serial_sequence(quote_ident(table_name), column_name) is not null`,
  );
  for (const serial of serials) {
    if (!tables.includes(serial.table_name)) continue;
    await tx.execute(
      sql`select setval(${serial.seq}::regclass, coalesce((select max(${ident(serial.column_name)}) from ${ident(serial.table_name)}), 0) + 1, false)`,
    );
  }
}

export async function fileHeader(file: string): Promise<BackupHeader> {
  const { header, close } = await readHeader(file);
  close();
  return header;
}

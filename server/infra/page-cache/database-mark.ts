import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { queryRows } from "@/db/sql";

/**
 * The database's current snapshot as text (`xmin:xmax:running`): it moves when any transaction that
 * wrote commits or aborts (xmax is the newest finished transaction + 1, and the running list loses it),
 * and stays put across reads, which take no transaction id. On PostgreSQL it is the server's, not one
 * database's: writes to another database on the same server move it too (a page rendered again, never
 * a stale one).
 */
export async function databaseWriteMark(db: Db): Promise<string> {
  const [row] = await queryRows<{ mark: string }>(db, sql`select pg_current_snapshot()::text as mark`);
  return row!.mark;
}

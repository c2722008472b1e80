import type { SQL } from "drizzle-orm";
import type { Db, Tx } from "./client";

/** Raw SQL rows for the few queries drizzle's builder cannot say; both drivers return `{ rows }`. */
export async function queryRows<T extends Record<string, unknown>>(db: Db | Tx, query: SQL): Promise<T[]> {
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- the drivers' result types differ; both carry rows
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

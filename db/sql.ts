import type { SQL } from "drizzle-orm";
import type { Db, Tx } from "./client";

/** Raw SQL rows for the few queries drizzle's builder cannot say; both drivers return `{ rows }`. */
export async function queryRows<T extends Record<string, unknown>>(db: Db | Tx, query: SQL): Promise<T[]> {
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- the drivers' result types differ; both carry rows
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/**
 * A PostgreSQL array literal of integers, to bind as one parameter (`= any(${intArray(ids)}::int[])`,
 * `unnest(...)`): drizzle's inArray and multi-row values bind one parameter per id, and PGlite binds
 * thousands of parameters more slowly than it reads the rows they name.
 */
export const intArray = (ids: readonly number[]): string => `{${ids.map((id) => Math.trunc(id)).join(",")}}`;

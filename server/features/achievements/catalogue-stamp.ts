import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { matchCatalogueStamp } from "@/db/schema";

/**
 * The catalogue's version: one row the database bumps in the same transaction as any change to
 * achievements, their owners, needs or region strengths (statement triggers, migration 0034). The
 * in-memory match index and showcase index are rebuilt when it moves.
 */
export async function fingerprint(db: Db): Promise<number> {
  const [row] = await db
    .select({ version: matchCatalogueStamp.version })
    .from(matchCatalogueStamp)
    .where(eq(matchCatalogueStamp.id, 1));
  // No row (emptied by hand): never trust a cached index.
  return row?.version ?? Number.NaN;
}

/**
 * An in-memory index per database handle, rebuilt by `load` when the catalogue stamp moves. Reads
 * arriving during a rebuild share it rather than each loading the registry, and stamps only grow, so
 * a slower, older load never replaces a newer one. The stamp is read before the rows: a change
 * committed between the two is picked up by the next read, never missed.
 */
export function stampedIndex<Index>(load: (db: Db) => Promise<Index>): (db: Db) => Promise<Index> {
  const built = new WeakMap<Db, { stamp: number; index: Index }>();
  const building = new WeakMap<Db, { stamp: number; next: Promise<Index> }>();
  return async (db) => {
    const stamp = await fingerprint(db);
    const cached = built.get(db);
    if (cached && cached.stamp === stamp) return cached.index;
    const pending = building.get(db);
    if (pending && pending.stamp === stamp) return pending.next;
    const next = load(db);
    building.set(db, { stamp, next });
    try {
      const index = await next;
      const current = built.get(db);
      if (!current || !(current.stamp >= stamp)) built.set(db, { stamp, index });
      return index;
    } finally {
      if (building.get(db)?.next === next) building.delete(db);
    }
  };
}

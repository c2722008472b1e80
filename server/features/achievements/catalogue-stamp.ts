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

import { desc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { achievementOwners, achievements, regions } from "@/db/schema";
import { fingerprint } from "./catalogue-stamp";
import type { ShowcaseEntry } from "./rules/showcase-search";

/** A region as lists show it. */
export interface RegionRef {
  id: number;
  code: string;
  nameZh: string;
  nameEn: string;
}
export const regionColumns = { id: regions.id, code: regions.code, nameZh: regions.nameZh, nameEn: regions.nameEn };

/**
 * Every published achievement's search fields, newest first, held per database handle and rebuilt
 * when the catalogue stamp moves (any change to achievements or their owners bumps it in the same
 * transaction, as for the match index; regions too, since 0039), with what a showcase card shows. A
 * search then reads one stamp row and tests strings in memory, instead of walking fat
 * table rows (each carries its search grams) under the planner's guesses on PGlite, which has no
 * statistics. The stamp is read before the rows, so a change
 * committed between the two is picked up by the next search, never missed.
 */
/** What a showcase card shows of an achievement, besides its owners. */
export const showcaseItemColumns = {
  id: achievements.id,
  kind: achievements.kind,
  status: achievements.status,
  titleZh: achievements.titleZh,
  titleEn: achievements.titleEn,
  summaryZh: achievements.summaryZh,
  summaryEn: achievements.summaryEn,
  trl: achievements.trl,
  ipStatus: achievements.ipStatus,
  transferModes: achievements.transferModes,
  priceYuan: achievements.priceYuan,
  sectors: achievements.sectors,
  originProjectId: achievements.originProjectId,
  createdAt: achievements.createdAt,
};

export type ShowcaseItem = Pick<typeof achievements.$inferSelect, keyof typeof showcaseItemColumns>;

export interface ShowcaseIndex {
  stamp: number;
  entries: ShowcaseEntry[];
  items: Map<number, { item: ShowcaseItem; owners: { organisation: string; region: RegionRef }[] }>;
}

const built = new WeakMap<Db, ShowcaseIndex>();
const building = new WeakMap<Db, Promise<ShowcaseIndex>>();

async function load(db: Db, stamp: number): Promise<ShowcaseIndex> {
  const [rows, owners, regionRows] = await Promise.all([
    db
      .select({ ...showcaseItemColumns, searchText: achievements.searchText })
      .from(achievements)
      .where(eq(achievements.status, "published"))
      // The showcase's own order, decided by the database (timestamps in microseconds).
      .orderBy(desc(achievements.createdAt), desc(achievements.id)),
    db
      .select({
        achievementId: achievementOwners.achievementId,
        organisation: achievementOwners.organisation,
        regionId: achievementOwners.regionId,
      })
      .from(achievementOwners)
      .orderBy(achievementOwners.id),
    db.select(regionColumns).from(regions),
  ]);
  const regionById = new Map(regionRows.map((r) => [r.id, r]));
  const ownersOf = new Map<number, { organisation: string; region: RegionRef }[]>();
  for (const o of owners) {
    const owner = { organisation: o.organisation, region: regionById.get(o.regionId)! };
    const list = ownersOf.get(o.achievementId);
    if (list) list.push(owner);
    else ownersOf.set(o.achievementId, [owner]);
  }
  const entries: ShowcaseEntry[] = [];
  const items: ShowcaseIndex["items"] = new Map();
  for (const { searchText, ...item } of rows) {
    const itemOwners = ownersOf.get(item.id) ?? [];
    entries.push({
      id: item.id,
      kind: item.kind,
      trl: item.trl,
      sectors: item.sectors,
      transferModes: item.transferModes,
      ownerRegionIds: itemOwners.map((o) => o.region.id),
      searchText,
    });
    items.set(item.id, { item, owners: itemOwners });
  }
  return { stamp, entries, items };
}

export async function showcaseIndex(db: Db): Promise<ShowcaseIndex> {
  const stamp = await fingerprint(db);
  const cached = built.get(db);
  if (cached && cached.stamp === stamp) return cached;
  // Searches arriving during a rebuild share it rather than each loading the registry.
  const pending = building.get(db);
  if (pending) {
    const fresh = await pending;
    if (fresh.stamp === stamp) return fresh;
  }
  const next = load(db, stamp);
  building.set(db, next);
  try {
    const fresh = await next;
    // Stamps only grow: a slower, older load never replaces a newer one.
    const current = built.get(db);
    if (!current || !(current.stamp >= stamp)) built.set(db, fresh);
    return fresh;
  } finally {
    if (building.get(db) === next) building.delete(db);
  }
}

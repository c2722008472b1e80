import { desc } from "drizzle-orm";
import type { Db } from "@/db/client";
import { achievementOwners, achievements, regions } from "@/db/schema";
import { stampedIndex } from "./catalogue-stamp";
import { visibleAchievementsSql } from "./visibility";
import type { ShowcaseEntry } from "./rules/showcase-search";

/** A region as lists show it. */
export interface RegionRef {
  id: number;
  code: string;
  nameZh: string;
  nameEn: string;
}
export const regionColumns = { id: regions.id, code: regions.code, nameZh: regions.nameZh, nameEn: regions.nameEn };

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
  entries: ShowcaseEntry[];
  items: Map<number, { item: ShowcaseItem; owners: { organisation: string; region: RegionRef }[] }>;
}

async function load(db: Db): Promise<ShowcaseIndex> {
  const [rows, owners, regionRows] = await Promise.all([
    db
      .select({ ...showcaseItemColumns, searchText: achievements.searchText })
      .from(achievements)
      .where(visibleAchievementsSql(null))
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
  return { entries, items };
}

/**
 * Every published achievement's search fields, newest first, held per database handle and rebuilt
 * when the catalogue stamp moves (any change to achievements or their owners bumps it in the same
 * transaction, as for the match index; regions too, since 0039), with what a showcase card shows. A
 * search then reads one stamp row and tests strings in memory, instead of walking fat
 * table rows (each carries its search grams) under the planner's guesses on PGlite, which has no
 * statistics.
 */
export const showcaseIndex = stampedIndex(load);

import { and, arrayContains, desc, eq, exists, gte, inArray, like, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { z } from "zod";
import type { Db } from "@/db/client";
import { accounts, achievementOwners, achievementVersions, achievements, projects, regions } from "@/db/schema";
import { AppError } from "@/server/errors";
import type { ServiceDeps } from "@/server/infra/deps";
import type { listAchievementsInput } from "./contract";
import { queryGrams } from "./rules/search-grams";
import { changedFields, snapshotOf, type AchievementSnapshot } from "./rules/versions";
import { loadVisibleAchievement, ownAchievementsSql, type Viewer } from "./visibility";
import { showcaseMatches } from "./rules/showcase-search";
import { regionColumns, showcaseIndex, showcaseItemColumns, type RegionRef } from "./showcase-index";

type Deps = Pick<ServiceDeps, "db">;

export { regionColumns, type RegionRef };

export async function ownersOf(db: Db, achievementIds: readonly number[]) {
  if (achievementIds.length === 0) return new Map<number, { organisation: string; region: RegionRef }[]>();
  const rows = await db
    .select({
      achievementId: achievementOwners.achievementId,
      organisation: achievementOwners.organisation,
      region: regionColumns,
    })
    .from(achievementOwners)
    .innerJoin(regions, eq(regions.id, achievementOwners.regionId))
    .where(inArray(achievementOwners.achievementId, [...achievementIds]))
    .orderBy(achievementOwners.id);
  const byId = new Map<number, { organisation: string; region: RegionRef }[]>();
  for (const row of rows)
    byId.set(row.achievementId, [
      ...(byId.get(row.achievementId) ?? []),
      { organisation: row.organisation, region: row.region },
    ]);
  return byId;
}

/** One achievement for its page. Contact is through the platform: editors appear by name only, never an address. */
export async function getAchievement(deps: Deps, viewer: Viewer, achievementId: number) {
  const { achievement, editorIds, canEdit } = await loadVisibleAchievement(deps.db, viewer, achievementId);
  const [owners, editors, origin] = await Promise.all([
    ownersOf(deps.db, [achievement.id]),
    deps.db
      .select({ id: accounts.id, displayName: accounts.displayName })
      .from(accounts)
      .where(inArray(accounts.id, editorIds.length ? editorIds : [0])),
    achievement.originProjectId === null
      ? Promise.resolve([])
      : deps.db
          .select({ id: projects.id, title: projects.title })
          .from(projects)
          .where(eq(projects.id, achievement.originProjectId)),
  ]);
  const { searchText: _searchText, searchGrams: _searchGrams, createdById: _createdById, ...shown } = achievement;
  return {
    ...shown,
    owners: owners.get(achievement.id) ?? [],
    editors,
    originProject: origin[0] ?? null,
    canEdit,
    isEditor: viewer !== null && editorIds.includes(viewer.id),
  };
}

/** A list counts its matches up to this many, then says "200+": an exact count of a common term reads every match. */
export const showcaseCountCap = 200;
const hit = alias(achievements, "hit");
/** A LIKE pattern for a substring, its wildcards escaped. */
const containing = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * The ids of the viewer's own achievements (any state) matching, newest first, at most `upTo`: the
 * rows whose grams contain the query's (GIN), then the substring test on those only.
 */
async function ownMatchingIds(db: Db, base: SQL[], q: string | undefined, upTo: number) {
  const grams = q ? queryGrams(q) : [];
  // OFFSET 0 keeps the planner from folding the subquery into the outer one: the grams' index decides first.
  const hits = grams.length
    ? inArray(
        achievements.id,
        db.select({ id: hit.id }).from(hit).where(arrayContains(hit.searchGrams, grams)).offset(0),
      )
    : undefined;
  const rows = await db
    .select({ id: achievements.id })
    .from(achievements)
    .where(and(...base, hits, q ? like(achievements.searchText, containing(q)) : undefined))
    .orderBy(desc(achievements.createdAt), desc(achievements.id))
    .limit(upTo);
  return rows.map((r) => r.id);
}

/** The list's filters in SQL over the viewer's own achievements (the `mine` list). */
function ownFilters(db: Db, viewerId: number, input: z.output<typeof listAchievementsInput>): SQL[] {
  const base: SQL[] = [ownAchievementsSql(viewerId)];
  if (input.kind) base.push(eq(achievements.kind, input.kind));
  if (input.minTrl) base.push(gte(achievements.trl, input.minTrl));
  if (input.sector)
    base.push(arrayContains(achievements.sectors, [input.sector.normalize("NFKC").trim().toLowerCase()]));
  if (input.mode) base.push(sql`${input.mode} = any(${achievements.transferModes})`);
  if (input.regionId)
    base.push(
      exists(
        db
          .select({ one: sql`1` })
          .from(achievementOwners)
          .where(
            and(eq(achievementOwners.achievementId, achievements.id), eq(achievementOwners.regionId, input.regionId)),
          ),
      ),
    );
  return base;
}

/**
 * The showcase: published achievements (and the viewer's own with `mine`), filtered by type, minimum
 * TRL, owner region, sector and transfer mode, and searched as a substring of both languages' text.
 * `total` is exact up to the cap (or the end of the page asked for, if further); past it `totalExact` is
 * false and `total` is a lower bound.
 */
export async function listAchievements(deps: Deps, viewer: Viewer, input: z.output<typeof listAchievementsInput>) {
  if (input.mine && !viewer) return { items: [], total: 0, totalExact: true };
  const countUpTo = Math.max(showcaseCountCap, input.offset + input.limit);
  const q = input.q?.normalize("NFKC").toLowerCase() || undefined;
  // The viewer's own list, drafts included, is searched in the database.
  if (input.mine) {
    const ids = await ownMatchingIds(deps.db, ownFilters(deps.db, viewer!.id, input), q, countUpTo + 1);
    const pageIds = ids.slice(input.offset, input.offset + input.limit);
    const [rows, owners] = await Promise.all([
      deps.db
        .select(showcaseItemColumns)
        .from(achievements)
        .where(inArray(achievements.id, pageIds.length ? pageIds : [0])),
      ownersOf(deps.db, pageIds),
    ]);
    const byId = new Map(rows.map((row) => [row.id, row]));
    return {
      items: pageIds.map((id) => ({ ...byId.get(id)!, owners: owners.get(id) ?? [] })),
      total: Math.min(ids.length, countUpTo),
      totalExact: ids.length <= countUpTo,
    };
  }
  // The public showcase (published only, the same for every viewer) is searched in memory.
  const index = await showcaseIndex(deps.db);
  const ids = showcaseMatches(index.entries, { ...input, q }, countUpTo + 1);
  const page = ids.slice(input.offset, input.offset + input.limit).map((id) => index.items.get(id)!);
  // Copies: the index is shared by every search of this process.
  return {
    items: page.map(({ item, owners }) => ({
      ...item,
      transferModes: [...item.transferModes],
      sectors: [...item.sectors],
      owners: owners.map((o) => ({ organisation: o.organisation, region: { ...o.region } })),
    })),
    total: Math.min(ids.length, countUpTo),
    totalExact: ids.length <= countUpTo,
  };
}

/** Every version of an achievement, newest (the current one) first, each with the fields it changed. */
export async function listAchievementVersions(deps: Deps, viewer: Viewer, achievementId: number) {
  const { achievement } = await loadVisibleAchievement(deps.db, viewer, achievementId);
  const earlier = await deps.db
    .select({
      version: achievementVersions.version,
      snapshot: achievementVersions.snapshot,
      writtenAt: achievementVersions.writtenAt,
      editedBy: accounts.displayName,
    })
    .from(achievementVersions)
    .innerJoin(accounts, eq(accounts.id, achievementVersions.editedById))
    .where(eq(achievementVersions.achievementId, achievement.id))
    .orderBy(desc(achievementVersions.version));
  const [editor] = await deps.db
    .select({ displayName: accounts.displayName })
    .from(accounts)
    .where(eq(accounts.id, achievement.editedById));
  const currentOwners = (await ownersOf(deps.db, [achievement.id])).get(achievement.id) ?? [];
  const current = snapshotOf(
    achievement,
    currentOwners.map((o) => ({ organisation: o.organisation, regionId: o.region.id })),
  );
  const chain = [
    {
      version: achievement.version,
      snapshot: current,
      writtenAt: achievement.editedAt,
      editedBy: editor?.displayName ?? "",
    },
    ...earlier.map((v) => ({ ...v, snapshot: v.snapshot as AchievementSnapshot })),
  ];
  return chain.map((entry, i) => {
    const previous = chain[i + 1];
    return { ...entry, current: i === 0, changed: previous ? changedFields(previous.snapshot, entry.snapshot) : [] };
  });
}

export async function getAchievementVersion(deps: Deps, viewer: Viewer, achievementId: number, version: number) {
  const versions = await listAchievementVersions(deps, viewer, achievementId);
  const found = versions.find((v) => v.version === version);
  if (!found) throw new AppError("NOT_FOUND", `This achievement has no version ${version}`);
  return found;
}

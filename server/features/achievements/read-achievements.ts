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
import { loadVisibleAchievement, ownAchievementsSql, visibleAchievementsSql, type Viewer } from "./visibility";

type Deps = Pick<ServiceDeps, "db">;

export const regionColumns = { id: regions.id, code: regions.code, nameZh: regions.nameZh, nameEn: regions.nameEn };

export interface RegionRef {
  id: number;
  code: string;
  nameZh: string;
  nameEn: string;
}

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
/** How many of the newest rows the first pass of a search reads before asking the grams' index. */
const newestWindow = 2_000;

const hit = alias(achievements, "hit");
/** A LIKE pattern for a substring, its wildcards escaped. */
const containing = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

const newestFirst = [desc(achievements.createdAt), desc(achievements.id)] as const;

/**
 * The ids of the matches in showcase order (newest first), at most `upTo`. Two passes, so neither a
 * common nor a rare term reads the whole registry:
 * 1. the newest rows passing the other filters, walked down the (status, created_at, id) index with the
 *    substring test, stopping at `upTo` matches or after `newestWindow` rows: enough for a common term;
 * 2. otherwise the rows whose grams contain the query's (GIN), then the substring test on those only.
 * Without table statistics (PGlite has no autovacuum) the planner sorts every published row for pass 1,
 * so that pass runs with sorting switched off for its transaction: the index order is then the only way.
 */
async function matchingIds(db: Db, base: SQL[], q: string | undefined, upTo: number, walkNewest: boolean) {
  if (walkNewest) {
    const found = await db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_sort = off`);
      const newest = tx
        .select({ id: achievements.id, searchText: achievements.searchText })
        .from(achievements)
        .where(and(...base))
        .orderBy(...newestFirst)
        .limit(q ? newestWindow : upTo)
        .as("newest");
      const rows = await tx
        .select({ id: newest.id })
        .from(newest)
        .where(q ? like(newest.searchText, containing(q)) : undefined)
        .limit(upTo);
      return rows.map((r) => r.id);
    });
    if (!q || found.length >= upTo) return found;
  }
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
    .orderBy(...newestFirst)
    .limit(upTo);
  return rows.map((r) => r.id);
}

/**
 * The showcase: published achievements (and the viewer's own with `mine`), filtered by type, minimum
 * TRL, owner region, sector and transfer mode, and searched as a substring of both languages' text.
 * `total` is exact up to the cap (or the end of the page asked for, if further); past it `totalExact` is
 * false and `total` is a lower bound.
 */
export async function listAchievements(deps: Deps, viewer: Viewer, input: z.output<typeof listAchievementsInput>) {
  if (input.mine && !viewer) return { items: [], total: 0, totalExact: true };
  const base: SQL[] = [input.mine && viewer ? ownAchievementsSql(viewer.id) : visibleAchievementsSql(viewer)];
  if (!input.mine) base.push(eq(achievements.status, "published"));
  if (input.kind) base.push(eq(achievements.kind, input.kind));
  if (input.minTrl) base.push(gte(achievements.trl, input.minTrl));
  if (input.sector)
    base.push(arrayContains(achievements.sectors, [input.sector.normalize("NFKC").trim().toLowerCase()]));
  if (input.mode) base.push(sql`${input.mode} = any(${achievements.transferModes})`);
  if (input.regionId)
    base.push(
      exists(
        deps.db
          .select({ one: sql`1` })
          .from(achievementOwners)
          .where(
            and(eq(achievementOwners.achievementId, achievements.id), eq(achievementOwners.regionId, input.regionId)),
          ),
      ),
    );
  const countUpTo = Math.max(showcaseCountCap, input.offset + input.limit);
  const q = input.q?.normalize("NFKC").toLowerCase() || undefined;
  const ids = await matchingIds(deps.db, base, q, countUpTo + 1, !input.mine);
  const pageIds = ids.slice(input.offset, input.offset + input.limit);
  const [rows, owners] = await Promise.all([
    deps.db
      .select({
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
      })
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

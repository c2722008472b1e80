import { and, arrayContains, desc, eq, exists, gte, inArray, like, sql, type SQL } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "@/db/client";
import { accounts, achievementOwners, achievementVersions, achievements, projects, regions } from "@/db/schema";
import { AppError } from "@/server/errors";
import type { ServiceDeps } from "@/server/infra/deps";
import type { listAchievementsInput } from "./contract";
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
  const { searchText: _searchText, createdById: _createdById, ...shown } = achievement;
  return {
    ...shown,
    owners: owners.get(achievement.id) ?? [],
    editors,
    originProject: origin[0] ?? null,
    canEdit,
    isEditor: viewer !== null && editorIds.includes(viewer.id),
  };
}

/**
 * The showcase: published achievements (and the viewer's own with `mine`), filtered by type, minimum
 * TRL, owner region, sector and transfer mode, and searched as a substring of both languages' text.
 */
export async function listAchievements(deps: Deps, viewer: Viewer, input: z.output<typeof listAchievementsInput>) {
  const where: SQL[] = [input.mine && viewer ? ownAchievementsSql(viewer.id) : visibleAchievementsSql(viewer)];
  if (input.mine && !viewer) return { items: [], total: 0 };
  if (!input.mine) where.push(eq(achievements.status, "published"));
  const q = input.q?.normalize("NFKC").toLowerCase();
  if (q) where.push(like(achievements.searchText, `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
  if (input.kind) where.push(eq(achievements.kind, input.kind));
  if (input.minTrl) where.push(gte(achievements.trl, input.minTrl));
  if (input.sector)
    where.push(arrayContains(achievements.sectors, [input.sector.normalize("NFKC").trim().toLowerCase()]));
  if (input.mode) where.push(sql`${input.mode} = any(${achievements.transferModes})`);
  if (input.regionId)
    where.push(
      exists(
        deps.db
          .select({ one: sql`1` })
          .from(achievementOwners)
          .where(
            and(eq(achievementOwners.achievementId, achievements.id), eq(achievementOwners.regionId, input.regionId)),
          ),
      ),
    );
  const condition = and(...where);
  const [rows, [counted]] = await Promise.all([
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
      .where(condition)
      .orderBy(desc(achievements.createdAt), desc(achievements.id))
      .limit(input.limit)
      .offset(input.offset),
    deps.db
      .select({ n: sql<number>`count(*)::int` })
      .from(achievements)
      .where(condition),
  ]);
  const owners = await ownersOf(
    deps.db,
    rows.map((r) => r.id),
  );
  return {
    items: rows.map((row) => ({ ...row, owners: owners.get(row.id) ?? [] })),
    total: Number(counted?.n ?? 0),
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

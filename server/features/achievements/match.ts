import { eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { achievementOwners, achievements, regionStrengthsTable, regions, technologyNeeds } from "@/db/schema";
import type { ServiceDeps } from "@/server/infra/deps";
import type { RegionStrength } from "@/shared/achievement-vocabulary";
import { MatchIndex, type AchievementDoc, type Match, type NeedDoc } from "./rules/matching";
import { loadVisibleNeed } from "./needs";
import { stampedIndex } from "./catalogue-stamp";
import { loadVisibleAchievement, type Viewer } from "./visibility";

type Deps = Pick<ServiceDeps, "db">;

/**
 * The index over every published achievement and open need, rebuilt only when one of them (or the
 * strengths table) changed. The database bumps `match_catalogue_stamp` in the same transaction as any
 * such change (statement triggers, migration 0034), so every process stays correct without being told,
 * and the check is one row read. The stamp is read before the data: a change committed between the two
 * is cached under the older stamp and rebuilt on the next call, never the other way round. Kept per
 * database handle, so tests on separate databases never share one.
 */

export async function strengthsOf(db: Db): Promise<Map<number, RegionStrength>> {
  const rows = await db.select().from(regionStrengthsTable);
  return new Map(rows.map((r) => [r.regionId, r.strength]));
}

export function achievementText(a: { titleZh: string; titleEn: string; summaryZh: string; summaryEn: string }) {
  return `${a.titleZh}\n${a.titleEn}\n${a.summaryZh}\n${a.summaryEn}`;
}

export const needText = (n: { title: string; problem: string }) => `${n.title}\n${n.problem}`;

async function achievementDocs(db: Db, ids?: number[]): Promise<AchievementDoc[]> {
  const rows = await db
    .select()
    .from(achievements)
    .where(ids ? inArray(achievements.id, ids.length ? ids : [0]) : eq(achievements.status, "published"));
  const owners = await db
    .select({ achievementId: achievementOwners.achievementId, regionId: achievementOwners.regionId })
    .from(achievementOwners)
    .where(ids ? inArray(achievementOwners.achievementId, ids.length ? ids : [0]) : sql`true`);
  const regionsOf = new Map<number, number[]>();
  for (const o of owners) regionsOf.set(o.achievementId, [...(regionsOf.get(o.achievementId) ?? []), o.regionId]);
  return rows.map((a) => ({
    id: a.id,
    text: achievementText(a),
    sectors: a.sectors,
    trl: a.trl,
    ownerRegionIds: [...new Set(regionsOf.get(a.id) ?? [])],
  }));
}

function needDoc(n: {
  id: number;
  title: string;
  problem: string;
  sectors: string[];
  minTrl: number;
  regionId: number;
}): NeedDoc {
  return { id: n.id, text: needText(n), sectors: n.sectors, minTrl: n.minTrl, regionId: n.regionId };
}

export const matchIndex = stampedIndex(async (db: Db): Promise<MatchIndex> => {
  const [docs, needs, strengths] = await Promise.all([
    achievementDocs(db),
    db.select().from(technologyNeeds).where(eq(technologyNeeds.status, "open")),
    strengthsOf(db),
  ]);
  return new MatchIndex(docs, needs.map(needDoc), strengths);
});

async function regionNames(db: Db, ids: number[]) {
  const rows = await db
    .select({ id: regions.id, code: regions.code, nameZh: regions.nameZh, nameEn: regions.nameEn })
    .from(regions)
    .where(inArray(regions.id, ids.length ? ids : [0]));
  return new Map(rows.map((r) => [r.id, r]));
}

async function withRegions(db: Db, matches: Match[]) {
  const names = await regionNames(db, [
    ...new Set(matches.flatMap((m) => [m.explanation.region.needRegionId, m.explanation.region.ownerRegionId ?? 0])),
  ]);
  return matches.map((m) => ({
    ...m,
    ownerRegion: names.get(m.explanation.region.ownerRegionId ?? 0) ?? null,
    needRegion: names.get(m.explanation.region.needRegionId) ?? null,
  }));
}

/** The published achievements that best fit a need the viewer may see, each with why. */
export async function matchesForNeed(deps: Deps, viewer: Viewer, needId: number, limit = 10) {
  const need = await loadVisibleNeed(deps.db, viewer, needId);
  const index = await matchIndex(deps.db);
  const matches = index.forNeed(needDoc(need), limit);
  const rows = await deps.db
    .select({
      id: achievements.id,
      titleZh: achievements.titleZh,
      titleEn: achievements.titleEn,
      kind: achievements.kind,
      trl: achievements.trl,
    })
    .from(achievements)
    .where(inArray(achievements.id, matches.length ? matches.map((m) => m.achievementId) : [0]));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return (await withRegions(deps.db, matches)).map((m) => ({ ...m, achievement: byId.get(m.achievementId)! }));
}

/** The open needs an achievement the viewer may see could serve, each with why. */
export async function matchesForAchievement(deps: Deps, viewer: Viewer, achievementId: number, limit = 10) {
  await loadVisibleAchievement(deps.db, viewer, achievementId);
  const [doc] = await achievementDocs(deps.db, [achievementId]);
  const index = await matchIndex(deps.db);
  const matches = index.forAchievement(doc!, limit);
  const rows = await deps.db
    .select({ id: technologyNeeds.id, title: technologyNeeds.title, organisation: technologyNeeds.organisation })
    .from(technologyNeeds)
    .where(inArray(technologyNeeds.id, matches.length ? matches.map((m) => m.needId) : [0]));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return (await withRegions(deps.db, matches)).map((m) => ({ ...m, need: byId.get(m.needId)! }));
}

/**
 * Matches at or above `minScore` of a freshly published achievement or posted need, as (need,
 * achievement, score) pairs, read from the committed index (so it runs after the publication commits).
 */
export async function strongMatches(
  db: Db,
  subject: { achievementIds: readonly number[] } | { needId: number },
  minScore: number,
  limit = 50,
): Promise<{ needId: number; achievementId: number; score: number }[]> {
  const index = await matchIndex(db);
  let matches: Match[];
  if ("needId" in subject) {
    const [need] = await db.select().from(technologyNeeds).where(eq(technologyNeeds.id, subject.needId));
    matches = need && need.status === "open" ? index.forNeed(needDoc(need), limit) : [];
  } else {
    const docs = await achievementDocs(db, [...subject.achievementIds]);
    matches = docs.flatMap((doc) => index.forAchievement(doc, limit));
  }
  return matches
    .filter((m) => m.score >= minScore)
    .map((m) => ({ needId: m.needId, achievementId: m.achievementId, score: m.score }));
}

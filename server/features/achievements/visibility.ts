import { and, eq, exists, inArray, or, sql, type SQL } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { achievementEditors, achievements, type Achievement } from "@/db/schema";
import { AppError } from "@/server/errors";
import { canEditAchievement, canSeeAchievement, type Viewer } from "./rules/access";

export type { Viewer } from "./rules/access";

const notFound = () => new AppError("NOT_FOUND", "That achievement does not exist");

export async function editorIdsOf(db: Db | Tx, achievementIds: readonly number[]): Promise<Map<number, number[]>> {
  const byAchievement = new Map<number, number[]>();
  if (achievementIds.length === 0) return byAchievement;
  const rows = await db
    .select()
    .from(achievementEditors)
    .where(inArray(achievementEditors.achievementId, [...achievementIds]));
  for (const row of rows)
    byAchievement.set(row.achievementId, [...(byAchievement.get(row.achievementId) ?? []), row.accountId]);
  return byAchievement;
}

/**
 * The achievement as `viewer` may see it, or NOT_FOUND (a draft's existence does not leak). With
 * `forUpdate` the row is locked, so concurrent edits of one achievement run one after another.
 */
export async function loadVisibleAchievement(
  db: Db | Tx,
  viewer: Viewer,
  achievementId: number,
  options: { forUpdate?: boolean } = {},
): Promise<{ achievement: Achievement; editorIds: number[]; canEdit: boolean }> {
  const query = db.select().from(achievements).where(eq(achievements.id, achievementId));
  const [achievement] = options.forUpdate ? await query.for("update") : await query;
  if (!achievement) throw notFound();
  const editorIds = (await editorIdsOf(db, [achievement.id])).get(achievement.id) ?? [];
  const facts = { status: achievement.status, editorIds };
  if (!canSeeAchievement(facts, viewer)) throw notFound();
  return { achievement, editorIds, canEdit: canEditAchievement(facts, viewer) };
}

export async function loadEditableAchievement(db: Db | Tx, viewer: Viewer, achievementId: number) {
  const loaded = await loadVisibleAchievement(db, viewer, achievementId, { forUpdate: true });
  if (!loaded.canEdit)
    throw new AppError("ACHIEVEMENT_FORBIDDEN", "Only the owners and admins may change this achievement");
  return loaded;
}

/**
 * `canSeeAchievement` in SQL, for lists and searches; the access test checks both forms agree.
 * Published for everyone, and the viewer's own (or all, for an admin) in any state.
 */
export function visibleAchievementsSql(viewer: Viewer): SQL {
  const published = eq(achievements.status, "published");
  if (!viewer) return published;
  if (viewer.role === "admin") return sql`true`;
  return or(published, ownAchievementsSql(viewer.id))!;
}

export function ownAchievementsSql(accountId: number): SQL {
  return exists(
    sql`(select 1 from ${achievementEditors} where ${and(
      eq(achievementEditors.achievementId, achievements.id),
      eq(achievementEditors.accountId, accountId),
    )})`,
  );
}

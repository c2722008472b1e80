import { asc, sql } from "drizzle-orm";
import { regions } from "@/db/schema";
import { queryRows } from "@/db/sql";
import type { ServiceDeps } from "@/server/infra/deps";

export const activityKinds = ["comments", "projects", "votes"] as const;
export type ActivityKind = (typeof activityKinds)[number];

const weekMs = 7 * 86_400_000;

/** Monday 00:00 UTC of the week holding `at`, as PostgreSQL's date_trunc('week') counts weeks. */
export function weekStart(at: Date): Date {
  const day = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  const offset = (day.getUTCDay() + 6) % 7;
  return new Date(day.getTime() - offset * 86_400_000);
}

/**
 * Activity per region per week over the last `weeks` weeks: comments written (by the author's
 * region then), projects proposed (by lead region, drafts excluded) and votes cast (by the voter's
 * electorate region; a changed vote counts in the week of its last change).
 */
export async function regionActivity(deps: Pick<ServiceDeps, "db" | "now">, weeks: number) {
  const last = weekStart(deps.now());
  const first = new Date(last.getTime() - (weeks - 1) * weekMs);
  const weekKeys = Array.from({ length: weeks }, (_, i) =>
    new Date(first.getTime() + i * weekMs).toISOString().slice(0, 10),
  );
  const rows = await queryRows<{ kind: ActivityKind; region_id: number; week: string; n: number }>(
    deps.db,
    sql`select 'comments' as kind, author_region_id as region_id, to_char(date_trunc('week', created_at at time zone 'UTC'), 'YYYY-MM-DD') as week, count(*)::int as n
          from comments where created_at >= ${first.toISOString()} and state <> 'withdrawn' group by 2, 3
        union all
        select 'projects', lead_region_id, to_char(date_trunc('week', created_at at time zone 'UTC'), 'YYYY-MM-DD'), count(*)::int
          from projects where created_at >= ${first.toISOString()} and status <> 'draft' group by 2, 3
        union all
        select 'votes', region_id, to_char(date_trunc('week', updated_at at time zone 'UTC'), 'YYYY-MM-DD'), count(*)::int
          from votes where updated_at >= ${first.toISOString()} group by 2, 3`,
  );
  const regionRows = await deps.db
    .select({
      id: regions.id,
      code: regions.code,
      nameZh: regions.nameZh,
      nameEn: regions.nameEn,
      retiredAt: regions.retiredAt,
    })
    .from(regions)
    .orderBy(asc(regions.id));
  const series = new Map(
    regionRows.map((r) => [
      r.id,
      { comments: weekKeys.map(() => 0), projects: weekKeys.map(() => 0), votes: weekKeys.map(() => 0) },
    ]),
  );
  for (const row of rows) {
    const index = weekKeys.indexOf(String(row.week));
    const target = series.get(Number(row.region_id));
    if (index >= 0 && target) target[row.kind][index] = (target[row.kind][index] ?? 0) + Number(row.n);
  }
  return {
    weeks: weekKeys,
    regions: regionRows
      .map((r) => ({ ...r, series: series.get(r.id)! }))
      .filter((r) => !r.retiredAt || activityKinds.some((k) => r.series[k].some((n) => n > 0))),
  };
}

import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { queryRows } from "@/db/sql";
import { expertiseProfiles } from "@/db/schema";
import type { Viewer } from "./rules/access";
import { noRecognition, rankRegions, type RecognitionCounts } from "./rules/recognition";

const counted = sql.raw(`('submitted', 'voting', 'approved', 'rejected', 'archived')`);

/**
 * One person's cross-regional contributions (see rules/recognition.ts for what counts). A person who
 * opted out is shown as such to everyone else: null. They and admins still see their own figures.
 */
export async function personRecognition(
  db: Db,
  viewer: Viewer,
  accountId: number,
): Promise<{ optedOut: boolean; counts: RecognitionCounts | null }> {
  const [profile] = await db
    .select({ optOut: expertiseProfiles.recognitionOptOut })
    .from(expertiseProfiles)
    .where(eq(expertiseProfiles.accountId, accountId));
  const optedOut = profile?.optOut ?? false;
  const self = viewer !== null && (viewer.id === accountId || viewer.role === "admin");
  if (optedOut && !self) return { optedOut, counts: null };
  const [row] = await queryRows<{ projects: number; decisions: number; achievements: number; exchanges: number }>(
    db,
    sql`
    with mine as (
      select p.id, p.status from projects p
      where p.status in ${counted} and p.hidden_at is null
        and (p.proposer_id = ${accountId} or exists (
          select 1 from project_coauthors c
          where c.project_id = p.id and c.account_id = ${accountId} and c.status = 'accepted'))
    )
    select
      (select count(*)::int from mine) as projects,
      (select count(*)::int from mine where status = 'approved') as decisions,
      (select count(*)::int from achievements a
        join achievement_editors e on e.achievement_id = a.id and e.account_id = ${accountId}
        where a.status = 'published' and (a.origin_project_id is not null
          or (select count(distinct o.region_id) from achievement_owners o where o.achievement_id = a.id) >= 2)
      ) as achievements,
      (select count(*)::int from talent_applications t
        join talent_postings tp on tp.id = t.posting_id
        where t.status = 'completed' and t.applicant_region_id <> tp.host_region_id
          and (t.applicant_id = ${accountId} or tp.posted_by_id = ${accountId})
      ) as exchanges`,
  );
  return {
    optedOut,
    counts: row
      ? {
          projects: Number(row.projects),
          decisions: Number(row.decisions),
          achievements: Number(row.achievements),
          exchanges: Number(row.exchanges),
        }
      : noRecognition(),
  };
}

/**
 * Every active region's cross-regional collaborations, counted by object (a project with three
 * proposers from one region counts once for it). These are counts of shared work, not of people, so a
 * person's opt-out hides their own summary, not the projects their region took part in.
 */
export async function regionRecognition(db: Db) {
  const rows = await queryRows<{
    region_id: number;
    projects: number;
    decisions: number;
    achievements: number;
    exchanges: number;
  }>(
    db,
    sql`
    select r.id as region_id,
      (select count(*)::int from project_regions pr join projects p on p.id = pr.project_id
        where pr.region_id = r.id and p.status in ${counted} and p.hidden_at is null) as projects,
      (select count(*)::int from project_regions pr join projects p on p.id = pr.project_id
        where pr.region_id = r.id and p.status = 'approved' and p.hidden_at is null) as decisions,
      (select count(distinct a.id)::int from achievements a
        join achievement_owners o on o.achievement_id = a.id and o.region_id = r.id
        where a.status = 'published' and (a.origin_project_id is not null
          or (select count(distinct o2.region_id) from achievement_owners o2 where o2.achievement_id = a.id) >= 2)
      ) as achievements,
      (select count(*)::int from talent_applications t join talent_postings tp on tp.id = t.posting_id
        where t.status = 'completed' and t.applicant_region_id <> tp.host_region_id
          and (tp.host_region_id = r.id or t.applicant_region_id = r.id)) as exchanges
    from regions r
    where r.retired_at is null`,
  );
  return rankRegions(
    rows.map((row) => ({
      regionId: Number(row.region_id),
      counts: {
        projects: Number(row.projects),
        decisions: Number(row.decisions),
        achievements: Number(row.achievements),
        exchanges: Number(row.exchanges),
      },
    })),
  );
}

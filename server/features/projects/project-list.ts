import { and, asc, desc, eq, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { accounts, projectRecommendations, projectRegions, projects, recommendations, regions } from "@/db/schema";
import type { listProjectsInput } from "./contract";
import { decodeCursor, encodeCursor } from "@/server/domain/cursor";
import { normaliseTag } from "./rules/project-rules";
import { containsPattern, parseSearchTerms } from "./rules/project-search";
import { AppError } from "@/server/errors";
import { authorColumns } from "@/server/features/accounts";
import type { ServiceDeps } from "@/server/infra/deps";
import { listableProjectsSql, regionSummaries, summariesOf, type Viewer } from "@/server/features/access";

type ListInput = z.output<typeof listProjectsInput>;

const newestCursor = z.object({ at: z.string().datetime(), id: z.number().int() });
const numberCursor = z.object({ n: z.number().int(), id: z.number().int() });

function badCursor(): AppError {
  return new AppError("BAD_CURSOR", "That page link is not valid; reload the list");
}

/** Keyset condition "after the cursor" for a descending (key, id) order. */
function afterCursor(input: ListInput): SQL | undefined {
  if (!input.cursor) return undefined;
  if (input.sort === "newest") {
    const c = decodeCursor(input.cursor, newestCursor);
    if (!c) throw badCursor();
    const at = new Date(c.at);
    return or(lt(projects.createdAt, at), and(eq(projects.createdAt, at), lt(projects.id, c.id)));
  }
  const c = decodeCursor(input.cursor, numberCursor);
  if (!c) throw badCursor();
  const column = input.sort === "budget" ? projects.budgetYuan : projects.commentCount;
  return or(lt(column, c.n), and(eq(column, c.n), lt(projects.id, c.id)));
}

function filters(viewer: Viewer, input: ListInput): SQL[] {
  const conditions: SQL[] = [];
  if (input.mine && !viewer) throw new AppError("NOT_SIGNED_IN", "Sign in to see your own projects");
  if (input.status === "draft" && !input.mine) {
    // The draft filter shows the drafts the viewer may open: their own, every draft to an admin, none signed out.
    if (!viewer) conditions.push(sql`false`);
    else if (viewer.role !== "admin") conditions.push(listableProjectsSql(viewer, true));
  } else {
    // One rule with the project page (server/domain/visibility.ts): the public list holds submitted,
    // unhidden projects; "mine" adds the viewer's own drafts and hidden projects.
    conditions.push(listableProjectsSql(viewer, input.mine ?? false));
  }
  if (input.status) conditions.push(eq(projects.status, input.status));
  if (input.regionId) {
    conditions.push(
      sql`exists (select 1 from ${projectRegions} where ${projectRegions.projectId} = ${projects.id} and ${projectRegions.regionId} = ${input.regionId})`,
    );
  }
  if (input.clusterId) {
    conditions.push(
      sql`exists (select 1 from ${projectRegions} join ${regions} on ${regions.id} = ${projectRegions.regionId} where ${projectRegions.projectId} = ${projects.id} and ${regions.clusterId} = ${input.clusterId})`,
    );
  }
  if (input.recommendation) {
    conditions.push(
      sql`exists (select 1 from ${projectRecommendations} join ${recommendations} on ${recommendations.id} = ${projectRecommendations.recommendationId} where ${projectRecommendations.projectId} = ${projects.id} and ${recommendations.number} = ${input.recommendation})`,
    );
  }
  const tag = input.tag ? normaliseTag(input.tag) : "";
  if (tag) conditions.push(sql`${projects.tags} @> array[${tag}]::text[]`);
  // See server/features/projects/rules/project-search.ts: every term must occur in the normalised text; ILIKE on
  // text already lower-cased on both sides, so the database's locale plays no part.
  for (const term of parseSearchTerms(input.q ?? ""))
    conditions.push(sql`${projects.searchText} ilike ${containsPattern(term)}`);
  return conditions;
}

/**
 * The public list of projects (drafts only under `mine` or the draft filter, to those who may open them), filtered, searched and sorted, one page
 * at a time with an opaque keyset cursor so pages neither skip nor repeat as projects arrive.
 */
export async function listProjects(deps: Pick<ServiceDeps, "db">, viewer: Viewer, input: ListInput) {
  const conditions = filters(viewer, input);
  const after = afterCursor(input);
  if (after) conditions.push(after);
  const order =
    input.sort === "newest"
      ? [desc(projects.createdAt), desc(projects.id)]
      : input.sort === "budget"
        ? [desc(projects.budgetYuan), desc(projects.id)]
        : [desc(projects.commentCount), desc(projects.id)];
  const rows = await deps.db
    .select({
      id: projects.id,
      status: projects.status,
      title: projects.title,
      summary: projects.summary,
      leadRegionId: projects.leadRegionId,
      budgetYuan: projects.budgetYuan,
      durationMonths: projects.durationMonths,
      tags: projects.tags,
      commentCount: projects.commentCount,
      threadId: projects.threadId,
      version: projects.version,
      createdAt: projects.createdAt,
      submittedAt: projects.submittedAt,
      statusChangedAt: projects.statusChangedAt,
      proposer: authorColumns,
    })
    .from(projects)
    .innerJoin(accounts, eq(accounts.id, projects.proposerId))
    .where(and(...conditions))
    .orderBy(...order)
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const last = page[page.length - 1];
  const nextCursor =
    rows.length > input.limit && last
      ? input.sort === "newest"
        ? encodeCursor({ at: last.createdAt.toISOString(), id: last.id })
        : encodeCursor({ n: input.sort === "budget" ? last.budgetYuan : last.commentCount, id: last.id })
      : null;
  if (page.length === 0) return { items: [], nextCursor };

  const ids = page.map((p) => p.id);
  const regionRows = await deps.db
    .select({ projectId: projectRegions.projectId, regionId: projectRegions.regionId, role: projectRegions.role })
    .from(projectRegions)
    .where(inArray(projectRegions.projectId, ids))
    .orderBy(asc(projectRegions.regionId));
  const recommendationRows = await deps.db
    .select({ projectId: projectRecommendations.projectId, number: recommendations.number })
    .from(projectRecommendations)
    .innerJoin(recommendations, eq(recommendations.id, projectRecommendations.recommendationId))
    .where(inArray(projectRecommendations.projectId, ids))
    .orderBy(asc(recommendations.number));
  const byId = await regionSummaries(
    deps.db,
    regionRows.map((r) => r.regionId),
  );
  const items = page.map(({ leadRegionId, ...project }) => ({
    ...project,
    leadRegion: summariesOf([leadRegionId], byId)[0]!,
    partnerRegions: summariesOf(
      regionRows.filter((r) => r.projectId === project.id && r.role === "partner").map((r) => r.regionId),
      byId,
    ),
    recommendations: recommendationRows.filter((r) => r.projectId === project.id).map((r) => r.number),
  }));
  return { items, nextCursor };
}
export type ProjectListItem = Awaited<ReturnType<typeof listProjects>>["items"][number];

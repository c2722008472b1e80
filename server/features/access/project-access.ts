import { and, asc, eq, inArray, isNull, or, sql, type Placeholder, type SQL } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import {
  projectCoauthors,
  projectRecommendations,
  projectRegions,
  projects,
  recommendations,
  regions,
  type Project,
  type Role,
} from "@/db/schema";
import type { SessionUser } from "@/server/infra/auth/session";
import type { LifecycleActor } from "@/server/features/projects/rules/project-lifecycle";
import type { CoauthorStatus, Violation } from "@/server/features/projects/rules/project-rules";
import type { ProjectSnapshot } from "@/server/features/projects/rules/project-versions";
import { projectVersionsVisible, projectVisibility, type Visibility } from "@/server/domain/visibility";
import { AppError } from "@/server/errors";

/**
 * What every project use-case needs first: the project, who the caller is to it, and whether they
 * may see it at all (server/domain/visibility.ts). A project never submitted is private to its proposer,
 * those invited to co-propose it and admins; to anyone else it does not exist (NOT_FOUND, not
 * FORBIDDEN, so its existence does not leak).
 */
export type Viewer = Pick<SessionUser, "id" | "role"> | null;

export interface ProjectRelation {
  isProposer: boolean;
  /** The viewer's invitation to co-propose, if any and only while their region is still a partner. */
  coauthorStatus: CoauthorStatus | null;
}

export interface RegionSummary {
  id: number;
  code: string;
  nameZh: string;
  nameEn: string;
  clusterId: number;
}

export const regionSummaryColumns = {
  id: regions.id,
  code: regions.code,
  nameZh: regions.nameZh,
  nameEn: regions.nameEn,
  clusterId: regions.clusterId,
};

const notFound = () => new AppError("NOT_FOUND", "That project does not exist");

/** `isSubmittedProject` in SQL, on a select that has `projects` in it. */
export const submittedProjectSql = sql`(${projects.submittedAt} is not null or ${projects.status} not in ('draft', 'withdrawn'))`;

export function visibilityOf(
  project: Pick<Project, "status" | "submittedAt" | "hiddenAt">,
  viewer: Viewer,
  relation: ProjectRelation,
): Visibility {
  return projectVisibility(project, viewer, relation);
}

/**
 * The same rule as `projectVisibility` in SQL, for lists: projects the viewer sees in full. Public
 * ones (submitted, not hidden), and with `mine` the viewer's own: proposed, or co-proposed (invited
 * or accepted, region still a partner), hidden ones only to their authors. The visibility test matrix
 * checks both forms agree.
 */
export function listableProjectsSql(viewer: Viewer, mine: boolean): SQL {
  const submitted = submittedProjectSql;
  if (!mine || !viewer) return and(submitted, isNull(projects.hiddenAt))!;
  const author = or(eq(projects.proposerId, viewer.id), coauthorInSql(viewer.id, ["accepted"]))!;
  return or(author, and(coauthorInSql(viewer.id, ["invited"]), isNull(projects.hiddenAt)))!;
}

/**
 * Whether the viewer holds an invitation to co-propose the `projects` row in one of `statuses`, while
 * their region is still a partner (`relationOf`'s rule). `exists`, so it reads as a condition anywhere.
 */
function coauthorInSql(viewerId: number | Placeholder, statuses: readonly CoauthorStatus[]): SQL {
  // The statuses are the enum's own constants, so they go in as literals the planner can see.
  const listed = sql.raw(statuses.map((status) => `'${status}'`).join(", "));
  return sql`exists (select 1 from ${projectCoauthors} join ${projectRegions} on ${projectRegions.projectId} = ${projectCoauthors.projectId} and ${projectRegions.regionId} = ${projectCoauthors.regionId} and ${projectRegions.role} = 'partner' where ${projectCoauthors.projectId} = ${projects.id} and ${projectCoauthors.accountId} = ${viewerId} and ${projectCoauthors.status} in (${listed}))`;
}

/**
 * `projectVisibility(...) !== "none"` as SQL on a select that has `projects` in it, for a viewer named by
 * values or by placeholders (a statement built once, as comments.list's): submitted projects, and the
 * rest to the proposer, an invited or accepted co-proposer (region still a partner) and admins. Hiding
 * does not enter: a hidden project is a notice, not "none". A null id is someone signed out. Known values
 * shorten the SQL so the planner sees the simple cases (an admin: `true`; signed out: submitted only).
 * thread-readable.int.test.ts checks it against the JS rule for every project state and viewer.
 */
export function projectSeenBySql(viewerId: number | Placeholder | null, viewerRole: Role | Placeholder | null): SQL {
  if (viewerRole === "admin") return sql`true`;
  if (viewerId === null) return submittedProjectSql;
  const insiders = [sql`${projects.proposerId} = ${viewerId}`, coauthorInSql(viewerId, ["invited", "accepted"])];
  if (viewerRole !== null && typeof viewerRole !== "string") insiders.push(sql`${viewerRole}::text = 'admin'`);
  return or(submittedProjectSql, ...insiders)!;
}

/** `projectSeenBySql` for a viewer from the session: the projects the viewer may see at all, for lists. */
export function seenProjectsSql(viewer: Viewer): SQL {
  return viewer ? projectSeenBySql(viewer.id, viewer.role) : projectSeenBySql(null, null);
}

export function lifecycleActorOf(viewer: Pick<SessionUser, "role">, relation: ProjectRelation): LifecycleActor {
  return { role: viewer.role, isProposer: relation.isProposer, isCoauthor: relation.coauthorStatus === "accepted" };
}

export async function relationOf(
  db: Db | Tx,
  project: Pick<Project, "id" | "proposerId">,
  viewer: Viewer,
): Promise<ProjectRelation> {
  if (!viewer) return { isProposer: false, coauthorStatus: null };
  // An invitation for a region the proposer has since dropped from the draft no longer counts.
  const [row] = await db
    .select({ status: projectCoauthors.status })
    .from(projectCoauthors)
    .innerJoin(
      projectRegions,
      and(
        eq(projectRegions.projectId, projectCoauthors.projectId),
        eq(projectRegions.regionId, projectCoauthors.regionId),
        eq(projectRegions.role, "partner"),
      ),
    )
    .where(and(eq(projectCoauthors.projectId, project.id), eq(projectCoauthors.accountId, viewer.id)));
  return { isProposer: project.proposerId === viewer.id, coauthorStatus: row?.status ?? null };
}

/**
 * `relationOf`'s co-proposer status as SQL on a select from `projects`, for a read that loads the project
 * with everything else in one statement (the project page); null for no viewer or no standing invitation.
 */
export function coauthorStatusSql(viewer: Viewer): SQL<CoauthorStatus | null> {
  if (!viewer) return sql<CoauthorStatus | null>`null`;
  return coauthorStatusOfSql(viewer.id);
}

/**
 * `coauthorStatusSql` for a viewer named by a value or a placeholder, for statements built once
 * (a null viewer matches no invitation).
 */
export function coauthorStatusOfSql(viewerId: number | Placeholder): SQL<CoauthorStatus | null> {
  return sql<CoauthorStatus | null>`(select ${projectCoauthors.status} from ${projectCoauthors}
    join ${projectRegions} on ${projectRegions.projectId} = ${projectCoauthors.projectId}
      and ${projectRegions.regionId} = ${projectCoauthors.regionId} and ${projectRegions.role} = 'partner'
    where ${projectCoauthors.projectId} = ${projects.id} and ${projectCoauthors.accountId} = ${viewerId})`;
}

/** `loadVisibleProject`'s rule for a project row and co-proposer status read by the caller; NOT_FOUND when not visible. */
export function visibleProject(project: Project | undefined, viewer: Viewer, coauthorStatus: CoauthorStatus | null) {
  if (!project) throw notFound();
  const relation: ProjectRelation = { isProposer: viewer !== null && project.proposerId === viewer.id, coauthorStatus };
  const visibility = visibilityOf(project, viewer, relation);
  if (visibility === "none") throw notFound();
  return { project, relation, visibility };
}

/** The project whoever asks, for the platform's own acts; people go through `loadVisibleProject`. */
export async function loadProject(
  db: Db | Tx,
  projectId: number,
  options: { forUpdate?: boolean } = {},
): Promise<Project> {
  const query = db.select().from(projects).where(eq(projects.id, projectId));
  const [project] = options.forUpdate ? await query.for("update") : await query;
  if (!project) throw notFound();
  return project;
}

/**
 * The project as `viewer` may see it, or NOT_FOUND. With `forUpdate` the row is locked for the rest
 * of the transaction, so concurrent edits and transitions of one project run one after another.
 */
export async function loadVisibleProject(
  db: Db | Tx,
  viewer: Viewer,
  projectId: number,
  options: { forUpdate?: boolean } = {},
) {
  const project = await loadProject(db, projectId, options);
  const relation = await relationOf(db, project, viewer);
  const visibility = visibilityOf(project, viewer, relation);
  if (visibility === "none") throw notFound();
  return { project, relation, visibility };
}

/**
 * The project for reading its text's history (versions, diff): the current text and every earlier one.
 * Text a moderator hid is withheld there as on the page, so only those who read it in full get it.
 */
export async function loadProjectText(db: Db | Tx, viewer: Viewer, projectId: number) {
  const loaded = await loadVisibleProject(db, viewer, projectId);
  if (!projectVersionsVisible(loaded.visibility))
    throw new AppError("NOT_FOUND", "This project's text was hidden by a moderator");
  return loaded;
}

export async function regionSummaries(db: Db | Tx, ids: readonly number[]): Promise<Map<number, RegionSummary>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select(regionSummaryColumns)
    .from(regions)
    .where(inArray(regions.id, [...new Set(ids)]));
  return new Map(rows.map((row) => [row.id, row]));
}

/** Region ids in the order given, as summaries; an id with no region is a programming error. */
export function summariesOf(ids: readonly number[], byId: Map<number, RegionSummary>): RegionSummary[] {
  return ids.map((id) => {
    const region = byId.get(id);
    if (!region) throw new Error(`Region ${id} is missing`);
    return region;
  });
}

export function regionLabel(region: Pick<RegionSummary, "nameEn" | "nameZh">): string {
  return `${region.nameEn} (${region.nameZh})`;
}

export async function partnerRegionIds(db: Db | Tx, projectId: number): Promise<number[]> {
  const rows = await db
    .select({ regionId: projectRegions.regionId })
    .from(projectRegions)
    .where(and(eq(projectRegions.projectId, projectId), eq(projectRegions.role, "partner")))
    .orderBy(asc(projectRegions.regionId));
  return rows.map((r) => r.regionId);
}

export async function recommendationNumbers(db: Db | Tx, projectId: number): Promise<number[]> {
  const rows = await db
    .select({ number: recommendations.number })
    .from(projectRecommendations)
    .innerJoin(recommendations, eq(recommendations.id, projectRecommendations.recommendationId))
    .where(eq(projectRecommendations.projectId, projectId))
    .orderBy(asc(recommendations.number));
  return rows.map((r) => r.number);
}

/** The editable fields of the current version, in the shape versions are stored and compared in. */
export async function currentSnapshot(db: Db | Tx, project: Project): Promise<ProjectSnapshot> {
  return {
    title: project.title,
    summary: project.summary,
    body: project.body,
    expectedOutcomes: project.expectedOutcomes,
    budgetYuan: project.budgetYuan,
    durationMonths: project.durationMonths,
    tags: project.tags,
    leadRegionId: project.leadRegionId,
    partnerRegionIds: await partnerRegionIds(db, project.id),
    recommendations: await recommendationNumbers(db, project.id),
  };
}

/**
 * Regions a proposal may name: they must exist, and a retired region cannot be newly chosen
 * (`already` lists those the project has, which stay valid even if retired since).
 */
export async function checkChosenRegions(
  tx: Tx,
  ids: readonly number[],
  already: readonly number[] = [],
): Promise<void> {
  const wanted = [...new Set(ids)];
  const rows = await tx
    .select({ id: regions.id, nameEn: regions.nameEn, nameZh: regions.nameZh, retiredAt: regions.retiredAt })
    .from(regions)
    .where(inArray(regions.id, wanted));
  const found = new Map(rows.map((row) => [row.id, row]));
  const missing = wanted.filter((id) => !found.has(id));
  if (missing.length > 0)
    throw new AppError("REGION_NOT_FOUND", `No region with id ${missing.join(", ")}; choose regions from the list`);
  const retired = rows.filter((row) => row.retiredAt !== null && !already.includes(row.id));
  if (retired.length > 0)
    throw new AppError(
      "REGION_RETIRED",
      `${retired.map(regionLabel).join(", ")} no longer takes part and cannot be chosen`,
    );
}

/** Recommendation numbers (1–5) to ids, in the given order. */
export async function recommendationIdsFor(tx: Tx, numbers: readonly number[]): Promise<number[]> {
  const rows = await tx
    .select({ id: recommendations.id, number: recommendations.number })
    .from(recommendations)
    .where(inArray(recommendations.number, [...numbers]));
  const byNumber = new Map(rows.map((row) => [row.number, row.id]));
  return numbers.map((n) => {
    const id = byNumber.get(n);
    if (id === undefined) throw new AppError("NOT_FOUND", `There is no recommendation ${n}`);
    return id;
  });
}

export function invalidProposal(violations: readonly Violation[]): AppError {
  return new AppError("INVALID_PROPOSAL", violations.map((v) => v.message).join("; "));
}

export async function writeRegions(
  tx: Tx,
  projectId: number,
  leadRegionId: number,
  partnerIds: readonly number[],
): Promise<void> {
  await tx.delete(projectRegions).where(eq(projectRegions.projectId, projectId));
  await tx
    .insert(projectRegions)
    .values([
      { projectId, regionId: leadRegionId, role: "lead" as const },
      ...partnerIds.map((regionId) => ({ projectId, regionId, role: "partner" as const })),
    ]);
}

export async function writeRecommendations(tx: Tx, projectId: number, numbers: readonly number[]): Promise<void> {
  const ids = await recommendationIdsFor(tx, numbers);
  await tx.delete(projectRecommendations).where(eq(projectRecommendations.projectId, projectId));
  await tx.insert(projectRecommendations).values(ids.map((recommendationId) => ({ projectId, recommendationId })));
}

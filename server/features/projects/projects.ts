import { asc, eq, getTableColumns, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Db, Tx } from "@/db/client";
import type { PublishedProjectText } from "./events";
import {
  accounts,
  type CoauthorStatus,
  projectCoauthors,
  projectRecommendations,
  projectRegions,
  projects,
  projectVersions,
  recommendations,
  regions,
  streamHeads,
  threads,
} from "@/db/schema";
import type { SessionUser } from "@/server/infra/auth/session";
import type { createProjectInput, updateProjectInput } from "./contract";
import { isEditable, isOpenForComments, viewerPermissions } from "./rules/project-lifecycle";
import { missingPartnerRegions, proposalViolations } from "./rules/project-rules";
import { buildSearchText } from "./rules/project-search";
import { diffSnapshots, type ProjectSnapshot } from "./rules/project-versions";
import { AppError } from "@/server/errors";
import type { ServiceDeps } from "@/server/infra/deps";
import {
  checkChosenRegions,
  coauthorStatusSql,
  currentSnapshot,
  invalidProposal,
  loadVisibleProject,
  regionSummaries,
  summariesOf,
  writeRecommendations,
  writeRegions,
  type Viewer,
  visibleProject,
} from "@/server/features/access";
import { followThread } from "@/server/features/notifications";
import { announcePostChange } from "@/server/features/moderation";
import { renderBounded } from "@/server/infra/markdown-render";
import { lockStreamHead, transact } from "@/server/infra/transact";
import { streamKey } from "@/server/domain/stream-access";

const sortedIds = (ids: readonly number[]) => [...new Set(ids)].sort((a, b) => a - b);

export async function createProject(deps: ServiceDeps, actor: SessionUser, input: z.output<typeof createProjectInput>) {
  const partners = sortedIds(input.partnerRegionIds);
  const violations = proposalViolations(input);
  if (violations.length > 0) throw invalidProposal(violations);
  // Rendered before the transaction opens, so a slow body holds no rows and no connection.
  const bodyHtml = await renderBounded(input.body);
  return transact(deps, async (tx, emit) => {
    await checkChosenRegions(tx, [input.leadRegionId, ...partners]);
    const now = deps.now();
    const [thread] = await tx
      .insert(threads)
      .values({ ownerKind: "project", stream: "pending", lastActivityAt: now, createdAt: now })
      .returning();
    if (!thread) throw new Error("Thread insert returned no row");
    const [project] = await tx
      .insert(projects)
      .values({
        proposerId: actor.id,
        leadRegionId: input.leadRegionId,
        threadId: thread.id,
        title: input.title,
        summary: input.summary,
        body: input.body,
        bodyHtml,
        expectedOutcomes: input.expectedOutcomes,
        budgetYuan: input.budgetYuan,
        durationMonths: input.durationMonths,
        tags: input.tags,
        searchText: buildSearchText(input),
        editedById: actor.id,
        editedAt: now,
        createdAt: now,
        updatedAt: now,
        statusChangedAt: now,
      })
      .returning();
    if (!project) throw new Error("Project insert returned no row");
    await tx
      .update(threads)
      .set({ stream: streamKey({ kind: "project", id: project.id }) })
      .where(eq(threads.id, thread.id));
    await followThread(tx, actor.id, thread.id);
    await writeRegions(tx, project.id, input.leadRegionId, partners);
    await writeRecommendations(tx, project.id, input.recommendations);
    // A draft is private, so the notice carries nothing but its id and state.
    // A draft is private: the public list hears of it only when it is submitted (status-changed).
    await emit(streamKey({ kind: "user", id: actor.id }), "project:created", {
      projectId: project.id,
      status: project.status,
    });
    return { id: project.id, threadId: thread.id, status: project.status, version: project.version };
  });
}

/**
 * Edits by the proposer or an accepted co-proposer while the project is a draft or submitted. Before
 * submission a draft is simply overwritten; after it, the text being replaced is kept as a version so
 * the regions can see what changed since they first read it.
 */
export async function updateProject(deps: ServiceDeps, actor: SessionUser, input: z.output<typeof updateProjectInput>) {
  const renderedBody = input.body === undefined || input.body === null ? null : await renderBounded(input.body);
  return transact(deps, async (tx, emit) => {
    const { project, relation } = await loadVisibleProject(tx, actor, input.projectId, { forUpdate: true });
    if (!relation.isProposer && relation.coauthorStatus !== "accepted") {
      throw new AppError("PROJECT_FORBIDDEN", "Only the proposer and accepted co-proposers can edit this project");
    }
    if (!isEditable(project.status)) {
      throw new AppError(
        "PROJECT_NOT_EDITABLE",
        `This project is ${project.status}; it can be edited only while it is a draft or submitted`,
      );
    }
    if (input.expectedVersion && input.expectedVersion !== project.version) {
      throw new AppError(
        "PROJECT_VERSION_CONFLICT",
        `Someone else saved version ${project.version} while you were editing version ${input.expectedVersion}; reload to see their changes`,
      );
    }
    const current = await currentSnapshot(tx, project);
    const next: ProjectSnapshot = {
      title: input.title ?? current.title,
      summary: input.summary ?? current.summary,
      body: input.body ?? current.body,
      expectedOutcomes: input.expectedOutcomes ?? current.expectedOutcomes,
      budgetYuan: input.budgetYuan ?? current.budgetYuan,
      durationMonths: input.durationMonths ?? current.durationMonths,
      tags: input.tags ?? current.tags,
      leadRegionId: input.leadRegionId ?? current.leadRegionId,
      partnerRegionIds: input.partnerRegionIds ? sortedIds(input.partnerRegionIds) : current.partnerRegionIds,
      recommendations: input.recommendations
        ? [...input.recommendations].sort((a, b) => a - b)
        : current.recommendations,
    };
    const violations = proposalViolations({
      ...next,
      partnerRegionIds: input.partnerRegionIds ?? current.partnerRegionIds,
    });
    if (violations.length > 0) throw invalidProposal(violations);
    const changes = diffSnapshots(current, next);
    if (changes.length === 0) return { id: project.id, version: project.version, changed: [] };

    const regionsChange = changes.some((c) => c.field === "leadRegionId" || c.field === "partnerRegionIds");
    if (regionsChange && project.status !== "draft") {
      throw new AppError(
        "PROJECT_REGIONS_FIXED",
        "The regions of a submitted project are fixed, because its co-proposers signed up for them; withdraw it and propose again to change them",
      );
    }
    if (regionsChange)
      await checkChosenRegions(
        tx,
        [next.leadRegionId, ...next.partnerRegionIds],
        [current.leadRegionId, ...current.partnerRegionIds],
      );

    const now = deps.now();
    let version = project.version;
    if (project.status === "submitted") {
      await tx.insert(projectVersions).values({
        projectId: project.id,
        version: project.version,
        ...current,
        bodyHtml: project.bodyHtml,
        editedById: project.editedById,
        createdAt: project.editedAt,
        replacedAt: now,
      });
      version += 1;
    }
    await tx
      .update(projects)
      .set({
        title: next.title,
        summary: next.summary,
        body: next.body,
        bodyHtml: next.body === current.body || renderedBody === null ? project.bodyHtml : renderedBody,
        expectedOutcomes: next.expectedOutcomes,
        budgetYuan: next.budgetYuan,
        durationMonths: next.durationMonths,
        tags: next.tags,
        leadRegionId: next.leadRegionId,
        searchText: buildSearchText(next),
        version,
        editedById: actor.id,
        editedAt: now,
        updatedAt: now,
      })
      .where(eq(projects.id, project.id));
    if (regionsChange) await writeRegions(tx, project.id, next.leadRegionId, next.partnerRegionIds);
    if (changes.some((c) => c.field === "recommendations"))
      await writeRecommendations(tx, project.id, next.recommendations);
    const changed = changes.map((c) => c.field);
    // A reported project's entry shows its title and text; every entry of its thread names it.
    if (changed.includes("title") || changed.includes("body"))
      await announcePostChange(tx, emit, {
        item: { kind: "project", id: project.id },
        thread: { id: project.threadId },
      });
    const stream = streamKey({ kind: "project", id: project.id });
    // Under the stream's head lock, so the text read here holds every change committed before this seq.
    await lockStreamHead(tx, stream);
    await emit(stream, "project:updated", {
      projectId: project.id,
      version,
      fields: changed,
      project: await publishedProjectText(tx, project.id),
    });
    return { id: project.id, version, changed };
  });
}

/** The recommendations a project answers, in their numbers' order, as its page lists them. */
async function recommendationsOf(db: Db | Tx, projectId: number) {
  return db
    .select({
      id: recommendations.id,
      number: recommendations.number,
      slug: recommendations.slug,
      titleZh: recommendations.titleZh,
      titleEn: recommendations.titleEn,
    })
    .from(projectRecommendations)
    .innerJoin(recommendations, eq(recommendations.id, projectRecommendations.recommendationId))
    .where(eq(projectRecommendations.projectId, projectId))
    .orderBy(asc(recommendations.number));
}

/**
 * The project's text as getProject shows it after an edit, for its stream's `project:updated`; null
 * while it is hidden (then only its authors read the text, and each reads it again).
 */
async function publishedProjectText(tx: Tx, projectId: number): Promise<PublishedProjectText | null> {
  const [project] = await tx.select().from(projects).where(eq(projects.id, projectId));
  if (!project || project.hiddenAt !== null) return null;
  const snapshot = await currentSnapshot(tx, project);
  const byId = await regionSummaries(tx, [snapshot.leadRegionId, ...snapshot.partnerRegionIds]);
  return {
    version: project.version,
    title: project.title,
    summary: project.summary,
    bodyHtml: project.bodyHtml,
    expectedOutcomes: project.expectedOutcomes,
    budgetYuan: project.budgetYuan,
    durationMonths: project.durationMonths,
    tags: project.tags,
    editedAt: project.editedAt.toISOString(),
    updatedAt: project.updatedAt.toISOString(),
    leadRegion: summariesOf([snapshot.leadRegionId], byId)[0]!,
    partnerRegions: summariesOf(snapshot.partnerRegionIds, byId),
    recommendations: await recommendationsOf(tx, project.id),
  };
}

type RegionSummary = { id: number; code: string; nameZh: string; nameEn: string; clusterId: number };
type Author = { id: number; displayName: string; role: SessionUser["role"]; organisation: string };

/** A region's summary as JSON, the shape of regionSummaryColumns. */
const regionJson = sql`json_build_object('id', ${regions.id}, 'code', ${regions.code}, 'nameZh', ${regions.nameZh},
  'nameEn', ${regions.nameEn}, 'clusterId', ${regions.clusterId})`;
const authorJson = sql`json_build_object('id', ${accounts.id}, 'displayName', ${accounts.displayName},
  'role', ${accounts.role}, 'organisation', ${accounts.organisation})`;
const partnerIdsOfProject = sql`select ${projectRegions.regionId} from ${projectRegions}
  where ${projectRegions.projectId} = ${projects.id} and ${projectRegions.role} = 'partner'`;

/** What the page shows beside the project's row, as columns of the same select. */
const pageColumns = {
  proposer: sql<{ account: Author; region: RegionSummary | null } | null>`(select json_build_object(
      'account', ${authorJson}, 'region', case when ${regions.id} is null then null else ${regionJson} end)
    from ${accounts} left join ${regions} on ${regions.id} = ${accounts.regionId}
    where ${accounts.id} = ${projects.proposerId})`,
  partnerIds: sql<number[]>`coalesce((select json_agg(id order by id)
    from (${partnerIdsOfProject}) as partners(id)), '[]'::json)`,
  recommendations: sql<{ id: number; number: number; slug: string; titleZh: string; titleEn: string }[]>`coalesce((
    select json_agg(json_build_object('id', ${recommendations.id}, 'number', ${recommendations.number},
      'slug', ${recommendations.slug}, 'titleZh', ${recommendations.titleZh}, 'titleEn', ${recommendations.titleEn})
      order by ${recommendations.number})
    from ${projectRecommendations}
    join ${recommendations} on ${recommendations.id} = ${projectRecommendations.recommendationId}
    where ${projectRecommendations.projectId} = ${projects.id}), '[]'::json)`,
  coauthors: sql<
    { account: Author; regionId: number; status: CoauthorStatus; invitedAt: string; respondedAt: string | null }[]
  >`coalesce((
    select json_agg(json_build_object('account', ${authorJson}, 'regionId', ${projectCoauthors.regionId},
      'status', ${projectCoauthors.status}, 'invitedAt', ${projectCoauthors.invitedAt},
      'respondedAt', ${projectCoauthors.respondedAt})
      order by ${projectCoauthors.invitedAt}, ${projectCoauthors.accountId})
    from ${projectCoauthors} join ${accounts} on ${accounts.id} = ${projectCoauthors.accountId}
    where ${projectCoauthors.projectId} = ${projects.id}), '[]'::json)`,
  // The lead region, the partners and every co-proposer's region.
  regions: sql<RegionSummary[]>`coalesce((select json_agg(${regionJson}) from ${regions}
    where ${regions.id} = ${projects.leadRegionId} or ${regions.id} in (${partnerIdsOfProject})
      or ${regions.id} in (select ${projectCoauthors.regionId} from ${projectCoauthors}
        where ${projectCoauthors.projectId} = ${projects.id})), '[]'::json)`,
};

/**
 * One project with everything its page shows, as `viewer` may see it, with its stream's head. One
 * statement, so one snapshot without a transaction: each statement costs the server more CPU (query
 * building, the driver, the promises) than PostgreSQL spends on these reads.
 */
export async function getProject(deps: Pick<ServiceDeps, "db">, viewer: Viewer, projectId: number) {
  const [row] = await deps.db
    .select({
      project: getTableColumns(projects),
      coauthorStatus: coauthorStatusSql(viewer),
      ...pageColumns,
      // The project stream's head: the page follows the stream from the state it shows.
      headSeq: sql<number>`coalesce(${streamHeads.lastSeq}, 0)::int`,
    })
    .from(projects)
    // A select with a join names every column with its table, which the subqueries' own joins need.
    .leftJoin(streamHeads, eq(streamHeads.stream, streamKey({ kind: "project", id: projectId })))
    .where(eq(projects.id, projectId));
  const { project, relation, visibility } = visibleProject(row?.project, viewer, row?.coauthorStatus ?? null);
  const parts = row!;
  // Hidden by a moderator: others see the notice and its public reason, the authors still their text.
  const hiddenFromViewer = visibility === "notice";
  const partnerIds = parts.partnerIds;
  const coauthorRows = parts.coauthors.map((c) => ({
    ...c,
    invitedAt: new Date(c.invitedAt),
    respondedAt: c.respondedAt === null ? null : new Date(c.respondedAt),
  }));
  const missing = missingPartnerRegions(partnerIds, coauthorRows);
  const byId = new Map(parts.regions.map((region) => [region.id, region]));
  const proposerRow = parts.proposer;
  const recommendationRows = parts.recommendations;
  // Open invitations and refusals are the authors' business; everyone sees who has signed on.
  const insider = relation.isProposer || relation.coauthorStatus !== null || viewer?.role === "admin";
  const coauthors = coauthorRows
    .filter((c) => insider || c.status === "accepted")
    .map(({ regionId, ...c }) => ({ ...c, region: summariesOf([regionId], byId)[0]! }));

  return {
    id: project.id,
    status: project.status,
    hidden: project.hiddenAt !== null,
    hiddenReason: project.hiddenAt !== null ? project.hiddenReason : null,
    title: hiddenFromViewer ? "" : project.title,
    summary: hiddenFromViewer ? "" : project.summary,
    body: hiddenFromViewer ? "" : project.body,
    bodyHtml: hiddenFromViewer ? "" : project.bodyHtml,
    expectedOutcomes: hiddenFromViewer ? "" : project.expectedOutcomes,
    budgetYuan: project.budgetYuan,
    durationMonths: project.durationMonths,
    tags: project.tags,
    version: project.version,
    threadId: project.threadId,
    commentCount: project.commentCount,
    createdAt: project.createdAt,
    updatedAt: project.updatedAt,
    editedAt: project.editedAt,
    submittedAt: project.submittedAt,
    statusChangedAt: project.statusChangedAt,
    proposer: proposerRow ? { ...proposerRow.account, region: proposerRow.region } : null,
    leadRegion: summariesOf([project.leadRegionId], byId)[0]!,
    partnerRegions: summariesOf(partnerIds, byId),
    recommendations: recommendationRows,
    coauthors,
    /** Partner regions still without an accepted co-proposer; submission waits for none. */
    missingPartnerRegions: summariesOf(missing, byId),
    readyToSubmit: missing.length === 0,
    commentsOpen: isOpenForComments(project.status),
    headSeq: Number(parts.headSeq),
    viewer: {
      isProposer: relation.isProposer,
      coauthorStatus: relation.coauthorStatus,
      ...viewerPermissions(project.status, relation, viewer?.role ?? null),
    },
  };
}
export type ProjectView = Awaited<ReturnType<typeof getProject>>;

import { and, asc, desc, eq } from "drizzle-orm";
import type { z } from "zod";
import { accounts, projectVersions } from "@/db/schema";
import type { versionDiffInput } from "./contract";
import { diffSnapshots, snapshotFields, type ProjectSnapshot } from "./rules/project-versions";
import { AppError } from "@/server/errors";
import type { ServiceDeps } from "@/server/infra/deps";
import { currentSnapshot, loadProjectText, regionSummaries, summariesOf, type Viewer } from "@/server/features/access";

/** Every version of a project, newest (the current one) first, with who wrote each and when. */
export async function listProjectVersions(deps: Pick<ServiceDeps, "db">, viewer: Viewer, projectId: number) {
  const { project } = await loadProjectText(deps.db, viewer, projectId);
  const earlier = await deps.db
    .select({
      version: projectVersions.version,
      title: projectVersions.title,
      writtenAt: projectVersions.createdAt,
      replacedAt: projectVersions.replacedAt,
      editedBy: { id: accounts.id, displayName: accounts.displayName },
    })
    .from(projectVersions)
    .innerJoin(accounts, eq(accounts.id, projectVersions.editedById))
    .where(eq(projectVersions.projectId, project.id))
    .orderBy(desc(projectVersions.version));
  const [editor] = await deps.db
    .select({ id: accounts.id, displayName: accounts.displayName })
    .from(accounts)
    .where(eq(accounts.id, project.editedById));
  const current = {
    version: project.version,
    title: project.title,
    writtenAt: project.editedAt,
    replacedAt: null,
    editedBy: editor ?? null,
    current: true,
  };
  return [current, ...earlier.map((v) => ({ ...v, current: false }))];
}

async function snapshotAt(
  deps: Pick<ServiceDeps, "db">,
  project: Awaited<ReturnType<typeof loadProjectText>>["project"],
  version: number,
) {
  if (version === project.version)
    return {
      snapshot: await currentSnapshot(deps.db, project),
      writtenAt: project.editedAt,
      editedById: project.editedById,
    };
  const [row] = await deps.db
    .select()
    .from(projectVersions)
    .where(and(eq(projectVersions.projectId, project.id), eq(projectVersions.version, version)))
    .orderBy(asc(projectVersions.id));
  if (!row) {
    throw new AppError("NOT_FOUND", `This project has no version ${version}; its versions are 1 to ${project.version}`);
  }
  const snapshot: ProjectSnapshot = {
    title: row.title,
    summary: row.summary,
    body: row.body,
    expectedOutcomes: row.expectedOutcomes,
    budgetYuan: row.budgetYuan,
    durationMonths: row.durationMonths,
    tags: row.tags,
    leadRegionId: row.leadRegionId,
    partnerRegionIds: row.partnerRegionIds,
    recommendations: row.recommendations,
  };
  return { snapshot, writtenAt: row.createdAt, editedById: row.editedById };
}

/**
 * What changed from version `from` to version `to` (either may be older): each changed field with
 * its value before and after, a line diff for the long texts, and the regions the region fields name.
 */
export async function diffProjectVersions(
  deps: Pick<ServiceDeps, "db">,
  viewer: Viewer,
  input: z.output<typeof versionDiffInput>,
) {
  const { project } = await loadProjectText(deps.db, viewer, input.projectId);
  const from = await snapshotAt(deps, project, input.from);
  const to = await snapshotAt(deps, project, input.to);
  const changes = diffSnapshots(from.snapshot, to.snapshot);
  const changed = new Set(changes.map((c) => c.field));
  const regionIds = [from.snapshot, to.snapshot].flatMap((s) => [s.leadRegionId, ...s.partnerRegionIds]);
  const regions = summariesOf([...new Set(regionIds)], await regionSummaries(deps.db, regionIds));
  return {
    projectId: project.id,
    from: { version: input.from, writtenAt: from.writtenAt, editedById: from.editedById },
    to: { version: input.to, writtenAt: to.writtenAt, editedById: to.editedById },
    changes,
    unchanged: snapshotFields.filter((field) => !changed.has(field)),
    regions,
  };
}

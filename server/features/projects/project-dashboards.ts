import { and, asc, eq, inArray, ne, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { clusters, projectRegions, projects, regions } from "@/db/schema";
import { projectStatuses, type ProjectStatus } from "./rules/project-lifecycle";
import { partnersOf, regionLinks } from "./rules/project-network";
import { AppError } from "@/server/errors";
import type { ServiceDeps } from "@/server/infra/deps";
import { regionSummaries, regionSummaryColumns, summariesOf } from "@/server/features/access";

/**
 * The figures of a region's or a cluster's page. Drafts are private and never counted. Withdrawn
 * projects are counted by status but not in the budget requested or in who works with whom: they
 * no longer ask for money and no longer bind the regions together.
 */
const publicStatuses = projectStatuses.filter((s): s is Exclude<ProjectStatus, "draft"> => s !== "draft");
const inactive: readonly ProjectStatus[] = ["draft", "withdrawn"];

interface StatusRow {
  status: ProjectStatus;
  projects: number;
  budgetYuan: number;
}

/** Counts and budgets per status for the projects matching `scope` (a condition on `projects`). */
async function statusBreakdown(db: Db, scope: SQL) {
  // sum(bigint) is numeric; drivers return it as a string. Totals stay far below 2^53 yuan.
  const rows = await db
    .select({
      status: projects.status,
      projects: sql<number>`count(*)::int`,
      budgetYuan: sql<string>`coalesce(sum(${projects.budgetYuan}), 0)::text`,
    })
    .from(projects)
    .where(and(ne(projects.status, "draft"), scope))
    .groupBy(projects.status);
  const byStatus: StatusRow[] = publicStatuses.map((status) => {
    const row = rows.find((r) => r.status === status);
    return { status, projects: Number(row?.projects ?? 0), budgetYuan: Number(row?.budgetYuan ?? 0) };
  });
  const active = byStatus.filter((row) => !inactive.includes(row.status));
  return {
    byStatus,
    totals: {
      projects: byStatus.reduce((n, row) => n + row.projects, 0),
      activeProjects: active.reduce((n, row) => n + row.projects, 0),
      budgetRequestedYuan: active.reduce((n, row) => n + row.budgetYuan, 0),
    },
  };
}

/** The regions of every active project matching `scope`, as links between pairs. */
async function networkOf(db: Db, scope: SQL) {
  const rows = await db
    .select({ projectId: projectRegions.projectId, regionId: projectRegions.regionId, role: projectRegions.role })
    .from(projectRegions)
    .innerJoin(projects, eq(projects.id, projectRegions.projectId))
    .where(and(sql`${projects.status} not in ('draft', 'withdrawn')`, scope));
  const links = regionLinks(rows);
  const nodeIds = [...new Set(rows.map((r) => r.regionId))].sort((a, b) => a - b);
  return { rows, links, nodes: summariesOf(nodeIds, await regionSummaries(db, nodeIds)) };
}

const involvesRegion = (regionId: number) =>
  sql`exists (select 1 from ${projectRegions} pr where pr.project_id = ${projects.id} and pr.region_id = ${regionId})`;

const involvesCluster = (clusterId: number) =>
  sql`exists (select 1 from ${projectRegions} pr join ${regions} r on r.id = pr.region_id where pr.project_id = ${projects.id} and r.cluster_id = ${clusterId})`;

/** A region's page: its projects by status, the budget they request, and whom it works with. */
export async function regionDashboard(deps: Pick<ServiceDeps, "db">, regionCode: string) {
  const [region] = await deps.db
    .select({
      ...regionSummaryColumns,
      retiredAt: regions.retiredAt,
      cluster: { id: clusters.id, code: clusters.code, nameZh: clusters.nameZh, nameEn: clusters.nameEn },
    })
    .from(regions)
    .innerJoin(clusters, eq(clusters.id, regions.clusterId))
    .where(eq(regions.code, regionCode));
  if (!region) throw new AppError("REGION_NOT_FOUND", `No region with the code "${regionCode}"`);
  const scope = involvesRegion(region.id);
  const { byStatus, totals } = await statusBreakdown(deps.db, scope);
  const roles = await deps.db
    .select({ role: projectRegions.role, projects: sql<number>`count(*)::int` })
    .from(projectRegions)
    .innerJoin(projects, eq(projects.id, projectRegions.projectId))
    .where(and(eq(projectRegions.regionId, region.id), sql`${projects.status} not in ('draft', 'withdrawn')`))
    .groupBy(projectRegions.role);
  const network = await networkOf(deps.db, scope);
  const byId = new Map(network.nodes.map((n) => [n.id, n]));
  return {
    region,
    byStatus,
    totals: {
      ...totals,
      asLead: Number(roles.find((r) => r.role === "lead")?.projects ?? 0),
      asPartner: Number(roles.find((r) => r.role === "partner")?.projects ?? 0),
    },
    /** The regions this one shares active projects with, most shared first. */
    partners: partnersOf(region.id, network.links).map((p) => ({
      region: byId.get(p.regionId)!,
      projects: p.projects,
    })),
    /** Every pair among the regions of its active projects: a network (nodes, links) or a matrix. */
    network: { nodes: network.nodes, links: network.links },
  };
}

/** A cluster's page: projects involving any of its regions, per region, and the network they form. */
export async function clusterDashboard(deps: Pick<ServiceDeps, "db">, clusterCode: string) {
  const [cluster] = await deps.db.select().from(clusters).where(eq(clusters.code, clusterCode));
  if (!cluster) throw new AppError("NOT_FOUND", `No city cluster with the code "${clusterCode}"`);
  const memberRegions = await deps.db
    .select(regionSummaryColumns)
    .from(regions)
    .where(eq(regions.clusterId, cluster.id))
    .orderBy(asc(regions.id));
  const scope = involvesCluster(cluster.id);
  const { byStatus, totals } = await statusBreakdown(deps.db, scope);
  const network = await networkOf(deps.db, scope);
  const memberIds = memberRegions.map((r) => r.id);
  const perRegionRows =
    memberIds.length === 0
      ? []
      : await deps.db
          .select({
            regionId: projectRegions.regionId,
            role: projectRegions.role,
            projects: sql<number>`count(*)::int`,
            budgetYuan: sql<string>`coalesce(sum(${projects.budgetYuan}), 0)::text`,
          })
          .from(projectRegions)
          .innerJoin(projects, eq(projects.id, projectRegions.projectId))
          .where(
            and(inArray(projectRegions.regionId, memberIds), sql`${projects.status} not in ('draft', 'withdrawn')`),
          )
          .groupBy(projectRegions.regionId, projectRegions.role);
  const perRegion = memberRegions.map((region) => {
    const lead = perRegionRows.find((r) => r.regionId === region.id && r.role === "lead");
    const partner = perRegionRows.find((r) => r.regionId === region.id && r.role === "partner");
    return {
      region,
      asLead: Number(lead?.projects ?? 0),
      asPartner: Number(partner?.projects ?? 0),
      /** Budget requested by the projects this region leads. */
      leadBudgetYuan: Number(lead?.budgetYuan ?? 0),
    };
  });
  const inside = new Set(memberIds);
  return {
    cluster,
    regions: memberRegions,
    byStatus,
    totals,
    perRegion,
    network: { nodes: network.nodes, links: network.links },
    /** Links with one end outside the cluster: the cluster's work with other clusters. */
    crossClusterLinks: network.links.filter((l) => inside.has(l.a) !== inside.has(l.b)),
  };
}

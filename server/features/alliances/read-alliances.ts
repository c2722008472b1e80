import { and, asc, eq, ilike, inArray, isNull, or, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import {
  allianceMembers,
  allianceProjects,
  alliances,
  clusters,
  forums,
  organisations,
  projectRegions,
  projects,
  regions,
} from "@/db/schema";
import { AppError } from "@/server/errors";
import { listableProjectsSql, type Viewer } from "@/server/features/access";
import { organisationOf } from "@/server/features/organisations";
import type { AllianceMemberView, AllianceProjectView } from "./events";
import { buildMatrix, type Matrix } from "./rules/matrix";

export async function loadAlliance(db: Db | Tx, allianceId: number) {
  const [alliance] = await db.select().from(alliances).where(eq(alliances.id, allianceId));
  if (!alliance) throw new AppError("NOT_FOUND", "That alliance does not exist");
  return alliance;
}

/** Every membership (invited, accepted, declined) with its organisation, in chain order then name. */
export async function membersOf(db: Db | Tx, allianceId: number): Promise<AllianceMemberView[]> {
  return db
    .select({
      id: allianceMembers.id,
      organisationId: organisations.id,
      nameZh: organisations.nameZh,
      nameEn: organisations.nameEn,
      regionId: organisations.regionId,
      chainRole: allianceMembers.chainRole,
      contribution: allianceMembers.contribution,
      status: allianceMembers.status,
    })
    .from(allianceMembers)
    .innerJoin(organisations, eq(organisations.id, allianceMembers.organisationId))
    .where(eq(allianceMembers.allianceId, allianceId))
    .orderBy(asc(allianceMembers.chainRole), asc(organisations.nameEn), asc(allianceMembers.id));
}

/**
 * The projects homed in these alliances that anyone may list (the event carrying them goes to every
 * listener, so a draft never rides along), with the cities each spans.
 */
export async function projectsOf(
  db: Db | Tx,
  allianceIds: number[],
): Promise<(AllianceProjectView & { allianceId: number })[]> {
  if (allianceIds.length === 0) return [];
  const rows = await db
    .select({
      id: projects.id,
      title: projects.title,
      status: projects.status,
      allianceId: allianceProjects.allianceId,
    })
    .from(allianceProjects)
    .innerJoin(projects, eq(projects.id, allianceProjects.projectId))
    .where(and(inArray(allianceProjects.allianceId, allianceIds), listableProjectsSql(null, false)))
    .orderBy(asc(projects.id));
  const spans = rows.length
    ? await db
        .select({ projectId: projectRegions.projectId, regionId: projectRegions.regionId })
        .from(projectRegions)
        .where(
          inArray(
            projectRegions.projectId,
            rows.map((r) => r.id),
          ),
        )
    : [];
  return rows.map((r) => ({
    ...r,
    regionIds: spans
      .filter((s) => s.projectId === r.id)
      .map((s) => s.regionId)
      .sort((a, b) => a - b),
  }));
}

export async function liveState(db: Db | Tx, allianceId: number) {
  const [members, projectRows] = [await membersOf(db, allianceId), await projectsOf(db, [allianceId])];
  return { allianceId, members, projects: projectRows.map(({ allianceId: _, ...p }) => p) };
}

/** Alliances by name in either language, with their counts of accepted members and cities. */
export async function listAlliances(db: Db, input: { query: string }) {
  const like = `%${input.query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return db
    .select({
      id: alliances.id,
      nameZh: alliances.nameZh,
      nameEn: alliances.nameEn,
      sectors: alliances.sectors,
      createdAt: alliances.createdAt,
      // Qualified by hand: drizzle leaves a one-table select's columns bare, and "id" inside would be ambiguous.
      members: sql<number>`(select count(*)::int from ${allianceMembers} m where m.alliance_id = "alliances"."id" and m.status = 'accepted')`,
      cities: sql<number>`(select count(distinct o.region_id)::int from ${allianceMembers} m join ${organisations} o on o.id = m.organisation_id where m.alliance_id = "alliances"."id" and m.status = 'accepted')`,
    })
    .from(alliances)
    .where(input.query ? or(ilike(alliances.nameZh, like), ilike(alliances.nameEn, like)) : undefined)
    .orderBy(asc(alliances.id))
    .limit(200);
}

/** Whether the viewer acts for an accepted member (or is an admin): who may invite and home projects. */
export async function actsForMember(db: Db | Tx, viewer: Viewer, allianceId: number): Promise<boolean> {
  if (!viewer) return false;
  if (viewer.role === "admin") return true;
  const organisationId = await organisationOf(db, viewer.id);
  if (organisationId === null) return false;
  const [row] = await db
    .select({ id: allianceMembers.id })
    .from(allianceMembers)
    .where(
      and(
        eq(allianceMembers.allianceId, allianceId),
        eq(allianceMembers.organisationId, organisationId),
        eq(allianceMembers.status, "accepted"),
      ),
    );
  return row !== undefined;
}

/**
 * The alliance page: the alliance, its forum, members and invitations, projects, and what this viewer
 * may do (invite, answer their own organisation's invitation, home a project). Public to read.
 */
export async function getAlliance(db: Db, viewer: Viewer, allianceId: number) {
  const alliance = await loadAlliance(db, allianceId);
  const [forum] = await db
    .select({ id: forums.id, slug: forums.slug })
    .from(forums)
    .where(eq(forums.id, alliance.forumId));
  const state = await liveState(db, allianceId);
  const myOrganisationId = viewer ? await organisationOf(db, viewer.id) : null;
  const mayAct = await actsForMember(db, viewer, allianceId);
  const [founder] = await db
    .select({ id: organisations.id, nameZh: organisations.nameZh, nameEn: organisations.nameEn })
    .from(organisations)
    .where(eq(organisations.id, alliance.founderOrganisationId));
  return {
    ...alliance,
    forum: forum ?? null,
    founder: founder ?? null,
    ...state,
    me: {
      organisationId: myOrganisationId,
      canInvite: mayAct,
      canHomeProjects: mayAct,
      isAdmin: viewer?.role === "admin",
    },
  };
}

/** The viewer's own listable projects not yet homed anywhere: what they may home in an alliance. */
export async function homeableProjects(db: Db, viewer: NonNullable<Viewer>) {
  return db
    .select({ id: projects.id, title: projects.title })
    .from(projects)
    .leftJoin(allianceProjects, eq(allianceProjects.projectId, projects.id))
    .where(
      and(eq(projects.proposerId, viewer.id), isNull(allianceProjects.projectId), listableProjectsSql(null, false)),
    )
    .orderBy(asc(projects.id));
}

/** The division-of-labour matrix of one alliance: its accepted members' cities and its projects. */
export async function allianceMatrix(db: Db | Tx, allianceId: number): Promise<Matrix> {
  await loadAlliance(db, allianceId);
  const state = await liveState(db, allianceId);
  const accepted = state.members.filter((m) => m.status === "accepted");
  return buildMatrix(
    [],
    accepted,
    state.projects.map((p) => ({ projectId: p.id, regionIds: p.regionIds })),
  );
}

/**
 * A cluster's matrix: every city of the cluster (an idle one shows as an empty column) against the
 * chain roles its organisations hold in any alliance, and the alliance projects spanning its cities.
 */
export async function clusterMatrix(db: Db | Tx, clusterCode: string) {
  const [cluster] = await db.select().from(clusters).where(eq(clusters.code, clusterCode));
  if (!cluster) throw new AppError("NOT_FOUND", "That cluster does not exist");
  const cityRows = await db
    .select({ id: regions.id })
    .from(regions)
    .where(and(eq(regions.clusterId, cluster.id), isNull(regions.retiredAt)))
    .orderBy(asc(regions.id));
  const cities = cityRows.map((r) => r.id);
  const members = cities.length
    ? await db
        .select({
          organisationId: organisations.id,
          regionId: organisations.regionId,
          chainRole: allianceMembers.chainRole,
          allianceId: allianceMembers.allianceId,
        })
        .from(allianceMembers)
        .innerJoin(organisations, eq(organisations.id, allianceMembers.organisationId))
        .where(and(eq(allianceMembers.status, "accepted"), inArray(organisations.regionId, cities)))
    : [];
  const allianceIds = [...new Set(members.map((m) => m.allianceId))];
  const projectRows = (await projectsOf(db, allianceIds)).filter((p) => p.regionIds.some((r) => cities.includes(r)));
  const matrix = buildMatrix(
    cities,
    members,
    projectRows.map((p) => ({ projectId: p.id, regionIds: p.regionIds })),
  );
  const names = allianceIds.length
    ? await db
        .select({ id: alliances.id, nameZh: alliances.nameZh, nameEn: alliances.nameEn })
        .from(alliances)
        .where(inArray(alliances.id, allianceIds))
        .orderBy(asc(alliances.id))
    : [];
  const organisationIds = [...new Set(members.map((m) => m.organisationId))];
  const orgNames = organisationIds.length
    ? await db
        .select({ id: organisations.id, nameZh: organisations.nameZh, nameEn: organisations.nameEn })
        .from(organisations)
        .where(inArray(organisations.id, organisationIds))
    : [];
  return {
    cluster: { id: cluster.id, code: cluster.code, nameZh: cluster.nameZh, nameEn: cluster.nameEn },
    matrix,
    alliances: names,
    organisations: orgNames,
    projects: projectRows.map(({ id, title }) => ({ id, title })),
  };
}

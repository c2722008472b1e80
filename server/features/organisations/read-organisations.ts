import { and, asc, eq, ilike, inArray, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { accountOrganisations, accounts, allianceMembers, alliances, organisations, regions } from "@/db/schema";
import { AppError } from "@/server/errors";
import type { Viewer } from "@/server/features/access";
import type { listOrganisationsInput } from "./contract";
import type { z } from "zod";

const listColumns = {
  id: organisations.id,
  nameZh: organisations.nameZh,
  nameEn: organisations.nameEn,
  type: organisations.type,
  sectors: organisations.sectors,
  region: { id: regions.id, code: regions.code, nameZh: regions.nameZh, nameEn: regions.nameEn },
};

/** Organisations by name (either language or an alias) and region; public, like the alliance pages. */
export async function listOrganisations(db: Db, input: z.output<typeof listOrganisationsInput>) {
  const filters: SQL[] = [];
  if (input.query) {
    const like = `%${input.query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    filters.push(
      or(
        ilike(organisations.nameZh, like),
        ilike(organisations.nameEn, like),
        sql`exists (select 1 from unnest(${organisations.aliases}) a where a ilike ${like})`,
      )!,
    );
  }
  if (input.regionId !== null) filters.push(eq(organisations.regionId, input.regionId));
  return db
    .select(listColumns)
    .from(organisations)
    .innerJoin(regions, eq(regions.id, organisations.regionId))
    .where(filters.length ? and(...filters) : undefined)
    .orderBy(asc(regions.id), asc(organisations.nameEn))
    .limit(200);
}

/**
 * An organisation's profile: names, type, region, sectors, the alliances it belongs to (accepted) and
 * the people who act for it. People are named to signed-in viewers only, like public profiles.
 */
export async function getOrganisation(db: Db, viewer: Viewer, organisationId: number) {
  const [org] = await db
    .select({ ...listColumns, aliases: organisations.aliases, createdAt: organisations.createdAt })
    .from(organisations)
    .innerJoin(regions, eq(regions.id, organisations.regionId))
    .where(eq(organisations.id, organisationId));
  if (!org) throw new AppError("NOT_FOUND", "That organisation does not exist");
  const memberships = await db
    .select({
      allianceId: alliances.id,
      nameZh: alliances.nameZh,
      nameEn: alliances.nameEn,
      chainRole: allianceMembers.chainRole,
      contribution: allianceMembers.contribution,
      status: allianceMembers.status,
    })
    .from(allianceMembers)
    .innerJoin(alliances, eq(alliances.id, allianceMembers.allianceId))
    .where(and(eq(allianceMembers.organisationId, org.id), inArray(allianceMembers.status, ["accepted", "invited"])))
    .orderBy(asc(alliances.id));
  const people = viewer
    ? await db
        .select({ id: accounts.id, displayName: accounts.displayName, role: accounts.role })
        .from(accountOrganisations)
        .innerJoin(accounts, eq(accounts.id, accountOrganisations.accountId))
        .where(eq(accountOrganisations.organisationId, org.id))
        .orderBy(asc(accounts.displayName))
    : [];
  return {
    ...org,
    // Pending invitations are shown only to the organisation's own people.
    alliances: memberships.filter((m) => m.status === "accepted" || people.some((p) => p.id === viewer?.id)),
    people,
    peopleHidden: viewer === null,
  };
}

/** The organisation the viewer acts for, or null: pages offer founding and answering from it. */
export async function myOrganisation(db: Db, viewer: NonNullable<Viewer>) {
  const [row] = await db
    .select(listColumns)
    .from(accountOrganisations)
    .innerJoin(organisations, eq(organisations.id, accountOrganisations.organisationId))
    .innerJoin(regions, eq(regions.id, organisations.regionId))
    .where(eq(accountOrganisations.accountId, viewer.id));
  return row ?? null;
}

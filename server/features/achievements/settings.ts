import { asc, eq } from "drizzle-orm";
import { accountOrganisationTypes, accounts, regionStrengthsTable, regions } from "@/db/schema";
import type { SessionUser } from "@/server/infra/auth/session";
import { AppError } from "@/server/errors";
import { recordAudit } from "@/server/infra/audit";
import type { ServiceDeps } from "@/server/infra/deps";
import { transact } from "@/server/infra/transact";
import type { OrganisationType, RegionStrength } from "@/shared/achievement-vocabulary";
import { regionColumns } from "./read-achievements";

type Deps = Pick<ServiceDeps, "db" | "publisher" | "now">;

/** Every region with its strength (null when nobody set one): public, since matches cite it. */
export async function listRegionStrengths(deps: Pick<ServiceDeps, "db">) {
  return deps.db
    .select({ region: regionColumns, strength: regionStrengthsTable.strength })
    .from(regions)
    .leftJoin(regionStrengthsTable, eq(regionStrengthsTable.regionId, regions.id))
    .orderBy(asc(regions.id));
}

export async function setRegionStrength(deps: Deps, admin: SessionUser, regionId: number, strength: RegionStrength) {
  return transact(deps, async (tx) => {
    const [region] = await tx.select({ id: regions.id }).from(regions).where(eq(regions.id, regionId));
    if (!region) throw new AppError("REGION_NOT_FOUND", "That region does not exist");
    const [before] = await tx.select().from(regionStrengthsTable).where(eq(regionStrengthsTable.regionId, regionId));
    const now = deps.now();
    await tx
      .insert(regionStrengthsTable)
      .values({ regionId, strength, updatedById: admin.id, updatedAt: now })
      .onConflictDoUpdate({
        target: regionStrengthsTable.regionId,
        set: { strength, updatedById: admin.id, updatedAt: now },
      });
    await recordAudit(tx, {
      actorId: admin.id,
      action: "region_strength.set",
      targetType: "region",
      targetId: regionId,
      before: before ? { strength: before.strength } : null,
      after: { strength },
    });
    return { regionId, strength };
  });
}

/** Accounts with a recorded organisation type, and researchers without one, for the admin's table. */
export async function listOrganisationTypes(deps: Pick<ServiceDeps, "db">) {
  return deps.db
    .select({
      id: accounts.id,
      displayName: accounts.displayName,
      organisation: accounts.organisation,
      role: accounts.role,
      organisationType: accountOrganisationTypes.organisationType,
    })
    .from(accounts)
    .leftJoin(accountOrganisationTypes, eq(accountOrganisationTypes.accountId, accounts.id))
    .orderBy(asc(accounts.id))
    .limit(500);
}

export async function setOrganisationType(
  deps: Deps,
  admin: SessionUser,
  accountId: number,
  organisationType: OrganisationType | null,
) {
  return transact(deps, async (tx) => {
    const [account] = await tx.select({ id: accounts.id }).from(accounts).where(eq(accounts.id, accountId));
    if (!account) throw new AppError("ACCOUNT_NOT_FOUND", "That account does not exist");
    if (organisationType === null)
      await tx.delete(accountOrganisationTypes).where(eq(accountOrganisationTypes.accountId, accountId));
    else
      await tx
        .insert(accountOrganisationTypes)
        .values({ accountId, organisationType, setById: admin.id, setAt: deps.now() })
        .onConflictDoUpdate({
          target: accountOrganisationTypes.accountId,
          set: { organisationType, setById: admin.id, setAt: deps.now() },
        });
    await recordAudit(tx, {
      actorId: admin.id,
      action: "organisation_type.set",
      targetType: "account",
      targetId: accountId,
      after: { organisationType },
    });
    return { accountId, organisationType };
  });
}

import { desc, eq, type SQL } from "drizzle-orm";
import type { z } from "zod";
import type { Db, Tx } from "@/db/client";
import { accountOrganisationTypes, accounts, regions, technologyNeeds, type TechnologyNeed } from "@/db/schema";
import type { SessionUser } from "@/server/infra/auth/session";
import { AppError } from "@/server/errors";
import type { ServiceDeps } from "@/server/infra/deps";
import { transact } from "@/server/infra/transact";
import type { createNeedInput, listNeedsInput } from "./contract";
import { canEditNeed, canPostNeed, canSeeNeed, type Viewer } from "./rules/access";
import { regionColumns } from "./read-achievements";

type Deps = Pick<ServiceDeps, "db" | "publisher" | "now">;

export async function organisationTypeOf(db: Db | Tx, accountId: number) {
  const [row] = await db
    .select({ type: accountOrganisationTypes.organisationType })
    .from(accountOrganisationTypes)
    .where(eq(accountOrganisationTypes.accountId, accountId));
  return row?.type ?? null;
}

/** A need posted by an enterprise account, in its organisation's name and region. */
export async function createNeed(
  deps: Deps,
  user: SessionUser,
  input: z.output<typeof createNeedInput>,
): Promise<TechnologyNeed> {
  if (input.budgetMinYuan !== null && input.budgetMaxYuan !== null && input.budgetMinYuan > input.budgetMaxYuan)
    throw new AppError("BUDGET_RANGE_REVERSED", "The lowest budget is above the highest");
  return transact(deps, async (tx) => {
    if (!canPostNeed(user, await organisationTypeOf(tx, user.id)))
      throw new AppError("NEED_ENTERPRISE_ONLY", "Only enterprise accounts post technology needs");
    const [account] = await tx
      .select({ organisation: accounts.organisation, regionId: accounts.regionId })
      .from(accounts)
      .where(eq(accounts.id, user.id));
    const [row] = await tx
      .insert(technologyNeeds)
      .values({
        postedById: user.id,
        organisation: account!.organisation,
        regionId: account!.regionId,
        title: input.title,
        problem: input.problem,
        sectors: input.sectors,
        budgetMinYuan: input.budgetMinYuan,
        budgetMaxYuan: input.budgetMaxYuan,
        timelineMonths: input.timelineMonths,
        minTrl: input.minTrl,
        createdAt: deps.now(),
      })
      .returning();
    return row!;
  });
}

export async function loadVisibleNeed(db: Db | Tx, viewer: Viewer, needId: number) {
  const [need] = await db.select().from(technologyNeeds).where(eq(technologyNeeds.id, needId));
  if (!need || !canSeeNeed(need, viewer)) throw new AppError("NOT_FOUND", "That technology need does not exist");
  return need;
}

export async function closeNeed(deps: Deps, user: SessionUser, needId: number) {
  return transact(deps, async (tx) => {
    const need = await loadVisibleNeed(tx, user, needId);
    if (!canEditNeed(need, user)) throw new AppError("NOT_FOUND", "That technology need does not exist");
    await tx.update(technologyNeeds).set({ status: "closed" }).where(eq(technologyNeeds.id, needId));
    return { id: needId, status: "closed" as const };
  });
}

const needColumns = {
  id: technologyNeeds.id,
  status: technologyNeeds.status,
  postedById: technologyNeeds.postedById,
  organisation: technologyNeeds.organisation,
  title: technologyNeeds.title,
  problem: technologyNeeds.problem,
  sectors: technologyNeeds.sectors,
  budgetMinYuan: technologyNeeds.budgetMinYuan,
  budgetMaxYuan: technologyNeeds.budgetMaxYuan,
  timelineMonths: technologyNeeds.timelineMonths,
  minTrl: technologyNeeds.minTrl,
  createdAt: technologyNeeds.createdAt,
  region: regionColumns,
};

export async function getNeed(deps: Pick<ServiceDeps, "db">, viewer: Viewer, needId: number) {
  await loadVisibleNeed(deps.db, viewer, needId);
  const [row] = await deps.db
    .select(needColumns)
    .from(technologyNeeds)
    .innerJoin(regions, eq(regions.id, technologyNeeds.regionId))
    .where(eq(technologyNeeds.id, needId));
  return { ...row!, canEdit: canEditNeed(row!, viewer) };
}

/** Open needs for everyone; with `mine` the viewer's own, closed ones included (`canSeeNeed` in SQL). */
export async function listNeeds(deps: Pick<ServiceDeps, "db">, viewer: Viewer, input: z.output<typeof listNeedsInput>) {
  if (input.mine && !viewer) return [];
  const where: SQL =
    input.mine && viewer ? eq(technologyNeeds.postedById, viewer.id) : eq(technologyNeeds.status, "open");
  return deps.db
    .select(needColumns)
    .from(technologyNeeds)
    .innerJoin(regions, eq(regions.id, technologyNeeds.regionId))
    .where(where)
    .orderBy(desc(technologyNeeds.createdAt), desc(technologyNeeds.id))
    .limit(200);
}

/** Whether the viewer may post needs, for the page's button (the server checks again on posting). */
export async function myNeedStanding(deps: Pick<ServiceDeps, "db">, user: SessionUser) {
  const type = await organisationTypeOf(deps.db, user.id);
  return { organisationType: type, canPost: canPostNeed(user, type) };
}

import { and, asc, desc, eq, exists, or, sql } from "drizzle-orm";
import type { z } from "zod";
import { achievementEnquiries, achievementOwners, achievements, regions, technologyTransfers } from "@/db/schema";
import type { SessionUser } from "@/server/infra/auth/session";
import { AppError } from "@/server/errors";
import type { ServiceDeps } from "@/server/infra/deps";
import { checkChosenRegions } from "@/server/features/access";
import { transact } from "@/server/infra/transact";
import type { recordTransferInput } from "./contract";
import { publishedValue, visibleValue, type Viewer } from "./rules/access";
import { loadEditableAchievement, loadVisibleAchievement, visibleAchievementsSql } from "./visibility";
import { ownersOf, regionColumns } from "./read-achievements";
import { announceTransfer, draftJointProject } from "./record-deal";

type Deps = Pick<ServiceDeps, "db" | "publisher" | "now">;

/**
 * An owner (or admin) records a signed transfer. From an enquiry, its asker is the buyer: told of it,
 * and the only one who may agree to publish the value. The value is published only with both sides' yes.
 */
export async function recordTransfer(
  deps: ServiceDeps,
  user: SessionUser,
  input: z.output<typeof recordTransferInput>,
): Promise<{ id: number; projectId: number | null }> {
  if (input.mode === "joint_project" && !input.project)
    throw new AppError("DEAL_PROJECT_BUDGET_REQUIRED", "A new joint project needs its budget and duration");
  const recorded = await transact(deps, async (tx, emit) => {
    const { achievement, editorIds } = await loadEditableAchievement(tx, user, input.achievementId);
    await checkChosenRegions(tx, [input.buyerRegionId]);
    let buyerAccountId: number | null = null;
    if (input.enquiryId !== null) {
      const [enquiry] = await tx
        .select()
        .from(achievementEnquiries)
        .where(
          and(eq(achievementEnquiries.id, input.enquiryId), eq(achievementEnquiries.achievementId, achievement.id)),
        );
      if (!enquiry) throw new AppError("NOT_FOUND", "That enquiry does not exist");
      buyerAccountId = enquiry.askerId;
    }
    const [row] = await tx
      .insert(technologyTransfers)
      .values({
        achievementId: achievement.id,
        enquiryId: input.enquiryId,
        mode: input.mode,
        buyerOrganisation: input.buyerOrganisation,
        buyerRegionId: input.buyerRegionId,
        buyerAccountId,
        valueYuan: input.valueYuan,
        sellerPublishesValue: input.publishValue,
        signedOn: input.signedOn,
        recordedById: user.id,
        createdAt: deps.now(),
      })
      .returning();
    // The notice names the deal, never its value: a notification is not a place for confidential terms.
    await announceTransfer(tx, emit, user, achievement, [
      ...(buyerAccountId === null ? [] : [buyerAccountId]),
      ...editorIds,
    ]);
    return { id: row!.id };
  });
  if (input.mode !== "joint_project" || !input.project) return { id: recorded.id, projectId: null };
  return { id: recorded.id, projectId: await draftJointProject(deps, user, recorded.id, input.project) };
}

/** One side's yes or no to publishing the value: the seller through an owner or admin, the buyer by its own account. */
export async function setTransferPublication(deps: Deps, user: SessionUser, transferId: number, publish: boolean) {
  return transact(deps, async (tx) => {
    const [transfer] = await tx
      .select()
      .from(technologyTransfers)
      .where(eq(technologyTransfers.id, transferId))
      .for("update");
    if (!transfer) throw new AppError("NOT_FOUND", "That transfer does not exist");
    const { canEdit } = await loadVisibleAchievement(tx, user, transfer.achievementId);
    const isBuyer = transfer.buyerAccountId === user.id;
    if (!canEdit && !isBuyer)
      throw new AppError("ACHIEVEMENT_FORBIDDEN", "Only the parties decide on publishing the value");
    await tx
      .update(technologyTransfers)
      .set(isBuyer ? { buyerPublishesValue: publish } : { sellerPublishesValue: publish })
      .where(eq(technologyTransfers.id, transferId));
    return { id: transferId };
  });
}

/** The transfers of an achievement the viewer may see; values only to the parties or when both published. */
export async function listTransfers(deps: Pick<ServiceDeps, "db">, viewer: Viewer, achievementId: number) {
  const { canEdit } = await loadVisibleAchievement(deps.db, viewer, achievementId);
  const rows = await deps.db
    .select({ transfer: technologyTransfers, buyerRegion: regionColumns })
    .from(technologyTransfers)
    .innerJoin(regions, eq(regions.id, technologyTransfers.buyerRegionId))
    .where(eq(technologyTransfers.achievementId, achievementId))
    .orderBy(desc(technologyTransfers.signedOn), desc(technologyTransfers.id));
  return rows.map(({ transfer, buyerRegion }) => {
    const isBuyer = viewer !== null && transfer.buyerAccountId === viewer.id;
    return {
      id: transfer.id,
      mode: transfer.mode,
      buyerOrganisation: transfer.buyerOrganisation,
      buyerRegion,
      signedOn: transfer.signedOn,
      valueYuan: visibleValue(transfer, canEdit || isBuyer),
      valuePublished: publishedValue(transfer) !== null,
      sellerPublishesValue: transfer.sellerPublishesValue,
      buyerPublishesValue: transfer.buyerPublishesValue,
      isBuyer,
      isSeller: canEdit,
    };
  });
}

/**
 * The deals anyone may see: those on achievements the public may see (the same rule as every list,
 * in its SQL form), oldest first, each with its owner regions. Never the buyer's account or contact;
 * the value only where both sides published it. Flows, exports, the open-data feed and region pages
 * all read deals through here.
 */
export async function publicDeals(deps: Pick<ServiceDeps, "db">, filter: { regionId?: number } = {}) {
  const rows = await deps.db
    .select({
      id: technologyTransfers.id,
      achievementId: technologyTransfers.achievementId,
      titleZh: achievements.titleZh,
      titleEn: achievements.titleEn,
      mode: technologyTransfers.mode,
      buyerOrganisation: technologyTransfers.buyerOrganisation,
      buyerRegion: regionColumns,
      signedOn: technologyTransfers.signedOn,
      valueYuan: technologyTransfers.valueYuan,
      sellerPublishesValue: technologyTransfers.sellerPublishesValue,
      buyerPublishesValue: technologyTransfers.buyerPublishesValue,
    })
    .from(technologyTransfers)
    .innerJoin(achievements, eq(achievements.id, technologyTransfers.achievementId))
    .innerJoin(regions, eq(regions.id, technologyTransfers.buyerRegionId))
    .where(
      and(
        visibleAchievementsSql(null),
        filter.regionId === undefined
          ? undefined
          : or(
              eq(technologyTransfers.buyerRegionId, filter.regionId),
              exists(
                deps.db
                  .select({ one: sql`1` })
                  .from(achievementOwners)
                  .where(
                    and(
                      eq(achievementOwners.achievementId, technologyTransfers.achievementId),
                      eq(achievementOwners.regionId, filter.regionId),
                    ),
                  ),
              ),
            ),
      ),
    )
    .orderBy(asc(technologyTransfers.signedOn), asc(technologyTransfers.id));
  const owners = await ownersOf(deps.db, [...new Set(rows.map((r) => r.achievementId))]);
  return rows.map(({ valueYuan, sellerPublishesValue, buyerPublishesValue, ...deal }) => ({
    ...deal,
    owners: owners.get(deal.achievementId) ?? [],
    valueYuan: publishedValue({ valueYuan, sellerPublishesValue, buyerPublishesValue }),
  }));
}

export type PublicDeal = Awaited<ReturnType<typeof publicDeals>>[number];

/**
 * Transfers between regions: each deal counts once for every distinct owner region → buyer region
 * pair. Only deals on achievements anyone may see; values only where both sides published them.
 */
export async function transferFlows(deps: Pick<ServiceDeps, "db">) {
  const visible = await publicDeals(deps);
  const pairs = new Map<string, { from: number; to: number; deals: number; publishedValueYuan: number }>();
  for (const deal of visible) {
    for (const from of new Set(deal.owners.map((o) => o.region.id))) {
      const key = `${from}>${deal.buyerRegion.id}`;
      const pair = pairs.get(key) ?? { from, to: deal.buyerRegion.id, deals: 0, publishedValueYuan: 0 };
      pair.deals += 1;
      pair.publishedValueYuan += deal.valueYuan ?? 0;
      pairs.set(key, pair);
    }
  }
  const regionRows = await deps.db.select({ ...regionColumns, clusterId: regions.clusterId }).from(regions);
  return {
    regions: regionRows,
    flows: [...pairs.values()].sort((a, b) => b.deals - a.deals || a.from - b.from || a.to - b.to),
    deals: visible.length,
  };
}

/**
 * A region's deals seen from the region: "out" where it is on the owner side, "in" where it is the
 * buyer's; a deal inside the region is both. Counts over every public deal, lists the newest few.
 */
export async function regionDeals(deps: Pick<ServiceDeps, "db">, regionId: number, listed = 5) {
  const deals = (await publicDeals(deps, { regionId })).reverse();
  const out = deals.filter((d) => d.owners.some((o) => o.region.id === regionId));
  const into = deals.filter((d) => d.buyerRegion.id === regionId);
  return {
    out: { count: out.length, deals: out.slice(0, listed) },
    in: { count: into.length, deals: into.slice(0, listed) },
  };
}

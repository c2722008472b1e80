import { and, asc, desc, eq, inArray } from "drizzle-orm";
import type { z } from "zod";
import { achievementEnquiries, achievementOwners, achievements, regions, technologyTransfers } from "@/db/schema";
import type { SessionUser } from "@/server/infra/auth/session";
import { AppError } from "@/server/errors";
import type { ServiceDeps } from "@/server/infra/deps";
import { notify } from "@/server/features/notifications";
import { checkChosenRegions } from "@/server/features/access";
import { transact } from "@/server/infra/transact";
import type { recordTransferInput } from "./contract";
import { canSeeAchievement, publishedValue, visibleValue, type Viewer } from "./rules/access";
import { editorIdsOf, loadEditableAchievement, loadVisibleAchievement } from "./visibility";
import { regionColumns } from "./read-achievements";

type Deps = Pick<ServiceDeps, "db" | "publisher" | "now">;

/**
 * An owner (or admin) records a signed transfer. From an enquiry, its asker is the buyer: told of it,
 * and the only one who may agree to publish the value. The value is published only with both sides' yes.
 */
export async function recordTransfer(deps: Deps, user: SessionUser, input: z.output<typeof recordTransferInput>) {
  return transact(deps, async (tx, emit) => {
    const { achievement } = await loadEditableAchievement(tx, user, input.achievementId);
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
    if (buyerAccountId !== null)
      // The notice names the deal, never its value: a notification is not a place for confidential terms.
      await notify(tx, emit, [
        {
          recipientId: buyerAccountId,
          kind: "achievement_transfer",
          actorId: user.id,
          link: `/achievements/${achievement.id}#transfers`,
          params: { where: `${achievement.titleZh} / ${achievement.titleEn}`, actor: user.displayName },
        },
      ]);
    return { id: row!.id };
  });
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
 * Transfers between regions: each deal counts once for every distinct owner region → buyer region
 * pair. Only deals on achievements anyone may see; values only where both sides published them.
 */
export async function transferFlows(deps: Pick<ServiceDeps, "db">) {
  const rows = await deps.db
    .select({
      id: technologyTransfers.id,
      achievementId: technologyTransfers.achievementId,
      status: achievements.status,
      mode: technologyTransfers.mode,
      buyerRegionId: technologyTransfers.buyerRegionId,
      signedOn: technologyTransfers.signedOn,
      valueYuan: technologyTransfers.valueYuan,
      sellerPublishesValue: technologyTransfers.sellerPublishesValue,
      buyerPublishesValue: technologyTransfers.buyerPublishesValue,
    })
    .from(technologyTransfers)
    .innerJoin(achievements, eq(achievements.id, technologyTransfers.achievementId))
    .orderBy(asc(technologyTransfers.signedOn));
  const editors = await editorIdsOf(deps.db, [...new Set(rows.map((r) => r.achievementId))]);
  const visible = rows.filter((r) =>
    canSeeAchievement({ status: r.status, editorIds: editors.get(r.achievementId) ?? [] }, null),
  );
  const owners = await deps.db
    .select({ achievementId: achievementOwners.achievementId, regionId: achievementOwners.regionId })
    .from(achievementOwners)
    .where(inArray(achievementOwners.achievementId, visible.length ? visible.map((r) => r.achievementId) : [0]));
  const ownerRegions = new Map<number, Set<number>>();
  for (const o of owners)
    ownerRegions.set(o.achievementId, (ownerRegions.get(o.achievementId) ?? new Set()).add(o.regionId));
  const pairs = new Map<string, { from: number; to: number; deals: number; publishedValueYuan: number }>();
  for (const deal of visible) {
    for (const from of ownerRegions.get(deal.achievementId) ?? []) {
      const key = `${from}>${deal.buyerRegionId}`;
      const pair = pairs.get(key) ?? { from, to: deal.buyerRegionId, deals: 0, publishedValueYuan: 0 };
      pair.deals += 1;
      pair.publishedValueYuan += publishedValue(deal) ?? 0;
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

import { eq } from "drizzle-orm";
import type { z } from "zod";
import type { Tx } from "@/db/client";
import { accounts, achievementEditors, achievements, dealTerms, technologyTransfers } from "@/db/schema";
import type { SessionUser } from "@/server/infra/auth/session";
import { AppError } from "@/server/errors";
import type { ServiceDeps } from "@/server/infra/deps";
import { notify } from "@/server/features/notifications";
import { createProject, inviteCoauthor } from "@/server/features/projects";
import { transact, type Emit } from "@/server/infra/transact";
import type { jointProjectInput, recordDealInput } from "./contract";
import { sideOf, termsTransition } from "./rules/deal-terms";
import { loadEnquiry } from "./enquiries";
import { enquiryDealRegions, refuseTerms } from "./negotiate-terms";
import { emitTermsChanged } from "./terms-read";
import { loadEditableAchievement } from "./visibility";

/** The recommendation a deal's joint project advances by default: 4.5, achievements and technology transfer. */
const transferRecommendation = 5;

type JointProject = z.output<typeof jointProjectInput>;

/** The transfer's notices: the buyer and the other owners hear that a deal was recorded; never its value. */
export async function announceTransfer(
  tx: Tx,
  emit: Emit,
  user: SessionUser,
  achievement: { id: number; titleZh: string; titleEn: string },
  recipientIds: readonly number[],
) {
  await notify(
    tx,
    emit,
    recipientIds.map((recipientId) => ({
      recipientId,
      kind: "achievement_transfer" as const,
      actorId: user.id,
      link: `/achievements/${achievement.id}#transfers`,
      params: { where: `${achievement.titleZh} / ${achievement.titleEn}`, actor: user.displayName },
    })),
  );
}

/**
 * An owner (or admin) records the deal that accepted terms describe: mode, value and revenue shares
 * come from the terms, the buyer is the asker (their organisation and region). The value stays private
 * until both sides publish it, as for every transfer. A `joint_project` deal then drafts the project.
 */
export async function recordDealFromTerms(
  deps: ServiceDeps,
  user: SessionUser,
  input: z.output<typeof recordDealInput>,
) {
  const recorded = await transact(deps, async (tx, emit) => {
    const [terms] = await tx.select().from(dealTerms).where(eq(dealTerms.id, input.termsId)).for("update");
    if (!terms) throw new AppError("NOT_FOUND", "Those terms do not exist");
    const { enquiry, editorIds } = await loadEnquiry(tx, user, terms.enquiryId);
    const side = sideOf({ askerId: enquiry.askerId, editorIds }, user.id);
    const next = termsTransition(terms, "record", { side, isAdmin: user.role === "admin" });
    if ("refused" in next) refuseTerms(next.refused);
    const { achievement } = await loadEditableAchievement(tx, user, enquiry.achievementId);
    if (terms.mode === "joint_project" && !input.project)
      throw new AppError("DEAL_PROJECT_BUDGET_REQUIRED", "A new joint project needs its budget and duration");
    const { buyer } = await enquiryDealRegions(tx, enquiry);
    const [row] = await tx
      .insert(technologyTransfers)
      .values({
        achievementId: achievement.id,
        enquiryId: enquiry.id,
        mode: terms.mode,
        buyerOrganisation: buyer.organisation,
        buyerRegionId: buyer.regionId,
        buyerAccountId: enquiry.askerId,
        valueYuan: terms.valueYuan,
        sellerPublishesValue: input.publishValue,
        signedOn: input.signedOn,
        recordedById: user.id,
        revenueShares: terms.shares,
        termsId: terms.id,
        createdAt: deps.now(),
      })
      .returning();
    const [updated] = await tx
      .update(dealTerms)
      .set({ status: "recorded" })
      .where(eq(dealTerms.id, terms.id))
      .returning();
    await emitTermsChanged(tx, emit, updated!, { transferId: row!.id, projectId: null });
    await announceTransfer(tx, emit, user, achievement, [enquiry.askerId, ...editorIds]);
    return { transfer: row!, terms: updated! };
  });
  if (recorded.transfer.mode !== "joint_project" || !input.project)
    return { id: recorded.transfer.id, projectId: null };
  const projectId = await draftJointProject(deps, user, recorded.transfer.id, input.project);
  await transact(deps, (tx, emit) =>
    emitTermsChanged(tx, emit, recorded.terms, { transferId: recorded.transfer.id, projectId }),
  );
  return { id: recorded.transfer.id, projectId };
}

/**
 * A `joint_project` deal drafts a joint project, proposed by the recorder (lead region: theirs) with the
 * other regions party as partners, and invites the achievement's other editors and the buyer as
 * co-proposers through the projects' own invitation step. Runs after the deal committed: the deal
 * stands even if the draft cannot be made, and the link is written last. Someone the projects' rules do
 * not let co-propose (a moderator, or a colleague from the lead region) is not invited.
 */
export async function draftJointProject(
  deps: ServiceDeps,
  user: SessionUser,
  transferId: number,
  project: JointProject,
): Promise<number> {
  const [transfer] = await deps.db.select().from(technologyTransfers).where(eq(technologyTransfers.id, transferId));
  const [achievement] = await deps.db.select().from(achievements).where(eq(achievements.id, transfer!.achievementId));
  const editors = await deps.db
    .select({ id: accounts.id, regionId: accounts.regionId })
    .from(achievementEditors)
    .innerJoin(accounts, eq(accounts.id, achievementEditors.accountId))
    .where(eq(achievementEditors.achievementId, achievement!.id));
  const buyer = transfer!.buyerAccountId
    ? (
        await deps.db
          .select({ id: accounts.id, regionId: accounts.regionId })
          .from(accounts)
          .where(eq(accounts.id, transfer!.buyerAccountId))
      )[0]
    : undefined;
  const invitees = [...editors, ...(buyer ? [buyer] : [])].filter((p) => p.id !== user.id);
  const shareRegions = transfer!.revenueShares.map((s) => s.regionId);
  const partners = [...new Set([...shareRegions, transfer!.buyerRegionId, ...invitees.map((p) => p.regionId)])].filter(
    (id) => id !== user.regionId,
  );
  if (partners.length === 0)
    throw new AppError("DEAL_PROJECT_ONE_REGION", "A new joint project needs parties from at least two regions");
  const created = await createProject(deps, user, {
    title: achievement!.titleZh,
    summary: achievement!.summaryZh.slice(0, 1000),
    body: `${achievement!.summaryZh}\n\n${achievement!.summaryEn}`,
    expectedOutcomes: `${achievement!.titleZh} / ${achievement!.titleEn}`,
    budgetYuan: project.budgetYuan,
    durationMonths: project.durationMonths,
    tags: achievement!.sectors,
    recommendations: [transferRecommendation],
    leadRegionId: user.regionId,
    partnerRegionIds: partners.sort((a, b) => a - b),
  });
  for (const invitee of invitees) {
    try {
      await inviteCoauthor(deps, user, { projectId: created.id, accountId: invitee.id });
    } catch (error) {
      if (!(error instanceof AppError && error.reason === "COAUTHOR_NOT_ELIGIBLE")) throw error;
    }
  }
  await deps.db
    .update(technologyTransfers)
    .set({ projectId: created.id })
    .where(eq(technologyTransfers.id, transferId));
  return created.id;
}

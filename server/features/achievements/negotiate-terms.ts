import { and, eq, inArray } from "drizzle-orm";
import type { z } from "zod";
import type { Tx } from "@/db/client";
import { accounts, achievementEnquiries, achievementOwners, achievements, dealTerms } from "@/db/schema";
import type { SessionUser } from "@/server/infra/auth/session";
import { AppError, type AppErrorReason } from "@/server/errors";
import type { ServiceDeps } from "@/server/infra/deps";
import { notify } from "@/server/features/notifications";
import { transact, type Emit } from "@/server/infra/transact";
import type { proposeTermsInput, respondToTermsInput } from "./contract";
import {
  dealRegionIds,
  revenueShareViolations,
  sideOf,
  supersededBy,
  termsTransition,
  type TermsRefusal,
} from "./rules/deal-terms";
import { dealTermsStatuses } from "@/shared/achievement-vocabulary";
import { loadEnquiry } from "./enquiries";
import { emitTermsChanged } from "./terms-read";

type Deps = Pick<ServiceDeps, "db" | "publisher" | "now">;

const refusals: Record<TermsRefusal, [AppErrorReason, string]> = {
  NOT_A_PARTY: ["ACHIEVEMENT_FORBIDDEN", "Only the parties to a negotiation answer its terms"],
  OWN_PROPOSAL: ["TERMS_OWN_PROPOSAL", "These are your side's terms; the other side accepts or declines them"],
  TERMS_NOT_OPEN: ["TERMS_NOT_OPEN", "These terms are no longer open"],
  TERMS_NOT_ACCEPTED: ["TERMS_NOT_ACCEPTED", "A deal is recorded only from terms both sides accepted"],
  OWNERS_RECORD: ["ACHIEVEMENT_FORBIDDEN", "Only the achievement's owners and administrators record a deal"],
};

export function refuseTerms(reason: TermsRefusal): never {
  const [code, message] = refusals[reason];
  throw new AppError(code, message);
}

/** The regions party to a deal from this enquiry: the achievement's owners' and the asker's. */
export async function enquiryDealRegions(tx: Tx, enquiry: { achievementId: number; askerId: number }) {
  const owners = await tx
    .select({ regionId: achievementOwners.regionId })
    .from(achievementOwners)
    .where(eq(achievementOwners.achievementId, enquiry.achievementId));
  const [asker] = await tx
    .select({ regionId: accounts.regionId, organisation: accounts.organisation })
    .from(accounts)
    .where(eq(accounts.id, enquiry.askerId));
  return {
    regionIds: dealRegionIds(
      owners.map((o) => o.regionId),
      asker!.regionId,
    ),
    buyer: asker!,
  };
}

/** The other side hears of terms like of a message: batched per thread and hour, the value never in the notice. */
async function tellOtherSide(
  tx: Tx,
  emit: Emit,
  user: SessionUser,
  enquiry: { id: number; askerId: number; achievementId: number },
  editorIds: readonly number[],
  now: Date,
) {
  const [achievement] = await tx
    .select({ titleZh: achievements.titleZh, titleEn: achievements.titleEn })
    .from(achievements)
    .where(eq(achievements.id, enquiry.achievementId));
  const recipients = editorIds.includes(user.id) ? [enquiry.askerId] : editorIds;
  await notify(
    tx,
    emit,
    recipients.map((recipientId) => ({
      recipientId,
      kind: "achievement_enquiry" as const,
      actorId: user.id,
      link: `/achievements/enquiries/${enquiry.id}`,
      params: { where: `${achievement!.titleZh} / ${achievement!.titleEn}`, actor: user.displayName },
      dedupeKey: `enquiry:${enquiry.id}:h${Math.floor(now.getTime() / 3_600_000)}`,
    })),
  );
}

/**
 * One side proposes terms (or counters the open ones): mode, value and revenue shares for every
 * region party to the deal, checked by the plans' share rule. Open and accepted terms not yet recorded
 * are superseded. Only the parties propose; an admin reads but does not negotiate.
 */
export async function proposeTerms(deps: Deps, user: SessionUser, input: z.output<typeof proposeTermsInput>) {
  return transact(deps, async (tx, emit) => {
    await tx
      .select({ id: achievementEnquiries.id })
      .from(achievementEnquiries)
      .where(eq(achievementEnquiries.id, input.enquiryId))
      .for("update");
    const { enquiry, editorIds } = await loadEnquiry(tx, user, input.enquiryId);
    const side = sideOf({ askerId: enquiry.askerId, editorIds }, user.id);
    if (!side) refuseTerms("NOT_A_PARTY");
    const { regionIds } = await enquiryDealRegions(tx, enquiry);
    const violations = revenueShareViolations(regionIds, input.shares);
    if (violations.length > 0) throw new AppError("INVALID_TERMS", violations.map((v) => v.message).join("; "));
    if (input.mode === "joint_project" && regionIds.length < 2)
      throw new AppError("DEAL_PROJECT_ONE_REGION", "A new joint project needs parties from at least two regions");
    const open = dealTermsStatuses.filter(supersededBy);
    const replaced = await tx
      .update(dealTerms)
      .set({ status: "superseded" })
      .where(and(eq(dealTerms.enquiryId, enquiry.id), inArray(dealTerms.status, open)))
      .returning();
    for (const old of replaced) await emitTermsChanged(tx, emit, old);
    const now = deps.now();
    const [terms] = await tx
      .insert(dealTerms)
      .values({
        enquiryId: enquiry.id,
        proposedById: user.id,
        side,
        mode: input.mode,
        valueYuan: input.valueYuan,
        shares: [...input.shares].sort((a, b) => a.regionId - b.regionId),
        note: input.note,
        createdAt: now,
      })
      .returning();
    await tx.update(achievementEnquiries).set({ lastMessageAt: now }).where(eq(achievementEnquiries.id, enquiry.id));
    await emitTermsChanged(tx, emit, terms!);
    await tellOtherSide(tx, emit, user, enquiry, editorIds, now);
    return { id: terms!.id };
  });
}

/** The other side accepts or declines open terms. */
export async function respondToTerms(deps: Deps, user: SessionUser, input: z.output<typeof respondToTermsInput>) {
  return transact(deps, async (tx, emit) => {
    const [terms] = await tx.select().from(dealTerms).where(eq(dealTerms.id, input.termsId)).for("update");
    if (!terms) throw new AppError("NOT_FOUND", "Those terms do not exist");
    const { enquiry, editorIds } = await loadEnquiry(tx, user, terms.enquiryId);
    const side = sideOf({ askerId: enquiry.askerId, editorIds }, user.id);
    const next = termsTransition(terms, input.response, { side, isAdmin: user.role === "admin" });
    if ("refused" in next) refuseTerms(next.refused);
    const now = deps.now();
    const [updated] = await tx
      .update(dealTerms)
      .set({ status: next.status, respondedById: user.id, respondedAt: now })
      .where(eq(dealTerms.id, terms.id))
      .returning();
    await emitTermsChanged(tx, emit, updated!);
    await tellOtherSide(tx, emit, user, enquiry, editorIds, now);
    return { id: terms.id, status: next.status };
  });
}

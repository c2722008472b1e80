import { and, asc, desc, eq, inArray, or } from "drizzle-orm";
import type { z } from "zod";
import type { Db, Tx } from "@/db/client";
import { accounts, achievementEditors, achievementEnquiries, achievements, enquiryMessages } from "@/db/schema";
import type { SessionUser } from "@/server/infra/auth/session";
import { AppError } from "@/server/errors";
import type { ServiceDeps } from "@/server/infra/deps";
import { notify } from "@/server/features/notifications";
import { recordAudit } from "@/server/infra/audit";
import { transact } from "@/server/infra/transact";
import type { postMessageInput, startEnquiryInput } from "./contract";
import { canEnquire, canSeeEnquiry, type Viewer } from "./rules/access";
import { loadVisibleNeed } from "./needs";
import { editorIdsOf, loadVisibleAchievement } from "./visibility";

type Deps = Pick<ServiceDeps, "db" | "publisher" | "now">;

const notFound = () => new AppError("NOT_FOUND", "That enquiry does not exist");

/** The enquiry for one of its parties (or an admin), or NOT_FOUND: nobody else learns it exists. */
async function loadEnquiry(db: Db | Tx, viewer: Viewer, enquiryId: number) {
  const [enquiry] = await db.select().from(achievementEnquiries).where(eq(achievementEnquiries.id, enquiryId));
  if (!enquiry) throw notFound();
  const editorIds = (await editorIdsOf(db, [enquiry.achievementId])).get(enquiry.achievementId) ?? [];
  if (!canSeeEnquiry({ askerId: enquiry.askerId, editorIds }, viewer)) throw notFound();
  return { enquiry, editorIds };
}

async function addMessage(
  tx: Tx,
  emit: Parameters<Parameters<typeof transact>[1]>[1],
  user: SessionUser,
  enquiry: { id: number; askerId: number; achievementId: number },
  editorIds: readonly number[],
  body: string,
  now: Date,
) {
  const [message] = await tx
    .insert(enquiryMessages)
    .values({ enquiryId: enquiry.id, authorId: user.id, body, createdAt: now })
    .returning();
  await tx.update(achievementEnquiries).set({ lastMessageAt: now }).where(eq(achievementEnquiries.id, enquiry.id));
  const [achievement] = await tx
    .select({ titleZh: achievements.titleZh, titleEn: achievements.titleEn })
    .from(achievements)
    .where(eq(achievements.id, enquiry.achievementId));
  // The other side hears of it: the owners when the asker writes, the asker when an owner answers.
  const recipients = user.id === enquiry.askerId ? editorIds : [enquiry.askerId];
  await notify(
    tx,
    emit,
    recipients.map((recipientId) => ({
      recipientId,
      kind: "achievement_enquiry" as const,
      actorId: user.id,
      link: `/achievements/enquiries/${enquiry.id}`,
      params: { where: `${achievement!.titleZh} / ${achievement!.titleEn}`, actor: user.displayName },
    })),
  );
  return message!;
}

/**
 * Opens (or continues) the viewer's private enquiry about a published achievement, optionally for
 * one of their needs. One enquiry per person and achievement: asking again adds to the same thread.
 */
export async function startEnquiry(deps: Deps, user: SessionUser, input: z.output<typeof startEnquiryInput>) {
  return transact(deps, async (tx, emit) => {
    const { achievement, editorIds } = await loadVisibleAchievement(tx, user, input.achievementId);
    if (!canEnquire({ status: achievement.status, editorIds }, user)) {
      if (editorIds.includes(user.id))
        throw new AppError("ENQUIRY_OWN_ACHIEVEMENT", "You own this achievement; enquiries come from others");
      throw new AppError("NOT_FOUND", "That achievement does not exist");
    }
    if (input.needId !== null) {
      const need = await loadVisibleNeed(tx, user, input.needId);
      if (need.postedById !== user.id) throw new AppError("NOT_FOUND", "That technology need does not exist");
    }
    const now = deps.now();
    const [existing] = await tx
      .select()
      .from(achievementEnquiries)
      .where(and(eq(achievementEnquiries.achievementId, achievement.id), eq(achievementEnquiries.askerId, user.id)));
    const enquiry =
      existing ??
      (
        await tx
          .insert(achievementEnquiries)
          .values({
            achievementId: achievement.id,
            askerId: user.id,
            needId: input.needId,
            createdAt: now,
            lastMessageAt: now,
          })
          .returning()
      )[0]!;
    await addMessage(tx, emit, user, enquiry, editorIds, input.body, now);
    return { enquiryId: enquiry.id };
  });
}

export async function postEnquiryMessage(deps: Deps, user: SessionUser, input: z.output<typeof postMessageInput>) {
  return transact(deps, async (tx, emit) => {
    const { enquiry, editorIds } = await loadEnquiry(tx, user, input.enquiryId);
    if (user.id !== enquiry.askerId && !editorIds.includes(user.id))
      throw new AppError("ACHIEVEMENT_FORBIDDEN", "Only the parties write in an enquiry");
    const message = await addMessage(tx, emit, user, enquiry, editorIds, input.body, deps.now());
    return { id: message.id };
  });
}

/** The thread for its parties; a message an admin hid shows as a notice without its text. */
export async function getEnquiry(deps: Pick<ServiceDeps, "db">, viewer: Viewer, enquiryId: number) {
  const { enquiry, editorIds } = await loadEnquiry(deps.db, viewer, enquiryId);
  const [achievement] = await deps.db
    .select({ id: achievements.id, titleZh: achievements.titleZh, titleEn: achievements.titleEn })
    .from(achievements)
    .where(eq(achievements.id, enquiry.achievementId));
  const [asker] = await deps.db
    .select({
      id: accounts.id,
      displayName: accounts.displayName,
      organisation: accounts.organisation,
      regionId: accounts.regionId,
    })
    .from(accounts)
    .where(eq(accounts.id, enquiry.askerId));
  const messages = await deps.db
    .select({
      id: enquiryMessages.id,
      body: enquiryMessages.body,
      hiddenAt: enquiryMessages.hiddenAt,
      createdAt: enquiryMessages.createdAt,
      author: { id: accounts.id, displayName: accounts.displayName },
    })
    .from(enquiryMessages)
    .innerJoin(accounts, eq(accounts.id, enquiryMessages.authorId))
    .where(eq(enquiryMessages.enquiryId, enquiry.id))
    .orderBy(asc(enquiryMessages.id));
  return {
    id: enquiry.id,
    needId: enquiry.needId,
    achievement: achievement!,
    asker: asker!,
    isOwner: viewer !== null && editorIds.includes(viewer.id),
    isAsker: viewer?.id === enquiry.askerId,
    messages: messages.map((m) => ({ ...m, body: m.hiddenAt ? null : m.body })),
  };
}

/** Enquiries the viewer asked, and those about achievements they edit, latest activity first. */
export async function myEnquiries(deps: Pick<ServiceDeps, "db">, user: SessionUser) {
  const edited = await deps.db
    .select({ id: achievementEditors.achievementId })
    .from(achievementEditors)
    .where(eq(achievementEditors.accountId, user.id));
  const ids = edited.map((e) => e.id);
  return deps.db
    .select({
      id: achievementEnquiries.id,
      lastMessageAt: achievementEnquiries.lastMessageAt,
      achievement: { id: achievements.id, titleZh: achievements.titleZh, titleEn: achievements.titleEn },
      asker: { id: accounts.id, displayName: accounts.displayName, organisation: accounts.organisation },
    })
    .from(achievementEnquiries)
    .innerJoin(achievements, eq(achievements.id, achievementEnquiries.achievementId))
    .innerJoin(accounts, eq(accounts.id, achievementEnquiries.askerId))
    .where(
      or(
        eq(achievementEnquiries.askerId, user.id),
        inArray(achievementEnquiries.achievementId, ids.length ? ids : [0]),
      ),
    )
    .orderBy(desc(achievementEnquiries.lastMessageAt))
    .limit(100);
}

/** An admin withholds an abusive message; the parties see that it was hidden. Audited. */
export async function hideEnquiryMessage(deps: Deps, user: SessionUser, messageId: number) {
  return transact(deps, async (tx) => {
    const [message] = await tx.select().from(enquiryMessages).where(eq(enquiryMessages.id, messageId));
    if (!message) throw new AppError("NOT_FOUND", "That message does not exist");
    await loadEnquiry(tx, user, message.enquiryId);
    if (user.role !== "admin") throw new AppError("ADMIN_REQUIRED", "Only an administrator may hide a message");
    await tx.update(enquiryMessages).set({ hiddenAt: deps.now() }).where(eq(enquiryMessages.id, messageId));
    await recordAudit(tx, {
      actorId: user.id,
      action: "enquiry_message.hide",
      targetType: "enquiry_message",
      targetId: messageId,
    });
    return { id: messageId };
  });
}

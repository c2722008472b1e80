import { and, asc, desc, eq, inArray, or } from "drizzle-orm";
import type { z } from "zod";
import type { Db, Tx } from "@/db/client";
import {
  accounts,
  achievementEditors,
  achievementEnquiries,
  achievementOwners,
  achievements,
  enquiryMessages,
} from "@/db/schema";
import type { SessionUser } from "@/server/infra/auth/session";
import { AppError } from "@/server/errors";
import type { ServiceDeps } from "@/server/infra/deps";
import { notify } from "@/server/features/notifications";
import { recordAudit } from "@/server/infra/audit";
import { transact, type Emit } from "@/server/infra/transact";
import { readAtStreamHead } from "@/server/infra/realtime/catch-up";
import { streamKey } from "@/server/domain/stream-access";
import type { hideMessageInput, postMessageInput, startEnquiryInput } from "./contract";
import type { EnquiryMessageView } from "./events";
import { canEnquire, canSeeEnquiry, type Viewer } from "./rules/access";
import { dealRegionIds, sideOf } from "./rules/deal-terms";
import { termsOf } from "./terms-read";
import { loadVisibleNeed } from "./needs";
import { editorIdsOf, loadVisibleAchievement } from "./visibility";
import { setEnquiryMessageHidden } from "./message-moderation";

type Deps = Pick<ServiceDeps, "db" | "publisher" | "now">;

const notFound = () => new AppError("NOT_FOUND", "That enquiry does not exist");

/** The enquiry for one of its parties (or an admin), or NOT_FOUND: nobody else learns it exists. */
export async function loadEnquiry(db: Db | Tx, viewer: Viewer, enquiryId: number) {
  const [enquiry] = await db.select().from(achievementEnquiries).where(eq(achievementEnquiries.id, enquiryId));
  if (!enquiry) throw notFound();
  const editorIds = (await editorIdsOf(db, [enquiry.achievementId])).get(enquiry.achievementId) ?? [];
  if (!canSeeEnquiry({ askerId: enquiry.askerId, editorIds }, viewer)) throw notFound();
  return { enquiry, editorIds };
}

/** The other side of a negotiation hears of its messages at most once an hour per thread: a busy thread is one notice. */
const messageNoticeWindowMs = 60 * 60 * 1000;

async function addMessage(
  tx: Tx,
  emit: Emit,
  user: SessionUser,
  enquiry: { id: number; askerId: number; achievementId: number },
  editorIds: readonly number[],
  body: string,
  now: Date,
  opened: boolean,
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
  // The parties' open pages get the message itself; the author's name only, never a contact.
  await emit(streamKey({ kind: "enquiry", id: enquiry.id }), "enquiry:message", {
    enquiryId: enquiry.id,
    message: messageView({ ...message!, author: { id: user.id, displayName: user.displayName } }),
  });
  // The other side hears of it: the owners when the asker writes, the asker when an owner answers.
  // A new enquiry is interest in the achievement; later messages are batched per thread and hour.
  const recipients = user.id === enquiry.askerId ? editorIds : [enquiry.askerId];
  const window = Math.floor(now.getTime() / messageNoticeWindowMs);
  await notify(
    tx,
    emit,
    recipients.map((recipientId) => ({
      recipientId,
      kind: opened ? ("achievement_interest" as const) : ("achievement_enquiry" as const),
      actorId: user.id,
      link: `/achievements/enquiries/${enquiry.id}`,
      params: { where: `${achievement!.titleZh} / ${achievement!.titleEn}`, actor: user.displayName },
      dedupeKey: opened ? `enquiry:${enquiry.id}:opened` : `enquiry:${enquiry.id}:h${window}`,
    })),
  );
  return message!;
}

/** A message as the thread shows it to its parties: a hidden one keeps its place and the reason, not its text. */
export function messageView(m: {
  id: number;
  body: string;
  hiddenAt: Date | null;
  hiddenReason: string | null;
  createdAt: Date;
  author: { id: number; displayName: string };
}): EnquiryMessageView {
  return {
    id: m.id,
    body: m.hiddenAt ? null : m.body,
    hiddenAt: m.hiddenAt?.toISOString() ?? null,
    hiddenReason: m.hiddenAt ? m.hiddenReason : null,
    createdAt: m.createdAt.toISOString(),
    author: { id: m.author.id, displayName: m.author.displayName },
  };
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
    await addMessage(tx, emit, user, enquiry, editorIds, input.body, now, existing === undefined);
    return { enquiryId: enquiry.id };
  });
}

export async function postEnquiryMessage(deps: Deps, user: SessionUser, input: z.output<typeof postMessageInput>) {
  return transact(deps, async (tx, emit) => {
    const { enquiry, editorIds } = await loadEnquiry(tx, user, input.enquiryId);
    if (user.id !== enquiry.askerId && !editorIds.includes(user.id))
      throw new AppError("ACHIEVEMENT_FORBIDDEN", "Only the parties write in an enquiry");
    const message = await addMessage(tx, emit, user, enquiry, editorIds, input.body, deps.now(), false);
    return { id: message.id };
  });
}

/**
 * The thread for its parties (and admins), read at its stream's head so the page follows it live: the
 * messages (a hidden one without its text), the terms proposed so far, and the regions party to a deal.
 */
export async function getEnquiry(deps: Pick<ServiceDeps, "db">, viewer: Viewer, enquiryId: number) {
  const { enquiry, editorIds } = await loadEnquiry(deps.db, viewer, enquiryId);
  return readAtStreamHead(deps.db, streamKey({ kind: "enquiry", id: enquiry.id }), async (db) => {
    const [achievement] = await db
      .select({ id: achievements.id, titleZh: achievements.titleZh, titleEn: achievements.titleEn })
      .from(achievements)
      .where(eq(achievements.id, enquiry.achievementId));
    const [asker] = await db
      .select({
        id: accounts.id,
        displayName: accounts.displayName,
        organisation: accounts.organisation,
        regionId: accounts.regionId,
      })
      .from(accounts)
      .where(eq(accounts.id, enquiry.askerId));
    const messages = await db
      .select({
        id: enquiryMessages.id,
        body: enquiryMessages.body,
        hiddenAt: enquiryMessages.hiddenAt,
        hiddenReason: enquiryMessages.hiddenReason,
        createdAt: enquiryMessages.createdAt,
        author: { id: accounts.id, displayName: accounts.displayName },
      })
      .from(enquiryMessages)
      .innerJoin(accounts, eq(accounts.id, enquiryMessages.authorId))
      .where(eq(enquiryMessages.enquiryId, enquiry.id))
      .orderBy(asc(enquiryMessages.id));
    const ownerRegions = await db
      .select({ regionId: achievementOwners.regionId })
      .from(achievementOwners)
      .where(eq(achievementOwners.achievementId, enquiry.achievementId));
    const side = viewer ? sideOf({ askerId: enquiry.askerId, editorIds }, viewer.id) : null;
    return {
      id: enquiry.id,
      needId: enquiry.needId,
      achievement: achievement!,
      asker: asker!,
      isOwner: side === "owner",
      isAsker: side === "asker",
      isAdmin: viewer?.role === "admin",
      side,
      dealRegionIds: dealRegionIds(
        ownerRegions.map((o) => o.regionId),
        asker!.regionId,
      ),
      messages: messages.map(messageView),
      terms: await termsOf(db, enquiry.id),
    };
  });
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

/**
 * An admin withholds an abusive message, with a reason: the parties see that it was hidden and why,
 * live, and the action is audited. Admins are the only others who may read a negotiation.
 */
export async function hideEnquiryMessage(deps: Deps, user: SessionUser, input: z.output<typeof hideMessageInput>) {
  return transact(deps, async (tx, emit) => {
    const [message] = await tx.select().from(enquiryMessages).where(eq(enquiryMessages.id, input.messageId));
    if (!message) throw new AppError("NOT_FOUND", "That message does not exist");
    await loadEnquiry(tx, user, message.enquiryId);
    if (user.role !== "admin") throw new AppError("ADMIN_REQUIRED", "Only an administrator may hide a message");
    if (message.hiddenAt) return { id: message.id };
    const now = deps.now();
    await recordAudit(tx, {
      actorId: user.id,
      action: "enquiry_message.hide",
      targetType: "enquiry_message",
      targetId: message.id,
      reason: input.reason,
    });
    await setEnquiryMessageHidden(tx, emit, message, { at: now, byId: user.id, reason: input.reason });
    return { id: message.id };
  });
}

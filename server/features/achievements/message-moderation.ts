import { eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { accounts, achievementEnquiries, achievements, enquiryMessages } from "@/db/schema";
import type { Emit } from "@/server/infra/transact";
import { streamKey } from "@/server/domain/stream-access";
import { editorIdsOf } from "./visibility";

type EnquiryMessage = typeof enquiryMessages.$inferSelect;

/**
 * What moderation may know of one negotiation message: the message, who is party to its thread and
 * what the thread is about. Never the thread's other messages: a negotiation stays private to its
 * parties (and admins), and a moderator judges the reported message alone.
 */
export interface ReportedEnquiryMessage {
  message: EnquiryMessage;
  authorName: string;
  /** The asker and the achievement's editors. */
  partyIds: number[];
  achievementTitle: string;
}

/** The message and its parties, or null; with `forUpdate` the message row is locked for an action on it. */
export async function loadReportedEnquiryMessage(
  db: Db | Tx,
  messageId: number,
  options: { forUpdate?: boolean } = {},
): Promise<ReportedEnquiryMessage | null> {
  const query = db.select().from(enquiryMessages).where(eq(enquiryMessages.id, messageId));
  const [message] = options.forUpdate ? await query.for("update") : await query;
  if (!message) return null;
  const [row] = await db
    .select({
      askerId: achievementEnquiries.askerId,
      achievementId: achievementEnquiries.achievementId,
      titleZh: achievements.titleZh,
      titleEn: achievements.titleEn,
      authorName: accounts.displayName,
    })
    .from(achievementEnquiries)
    .innerJoin(achievements, eq(achievements.id, achievementEnquiries.achievementId))
    .innerJoin(accounts, eq(accounts.id, message.authorId))
    .where(eq(achievementEnquiries.id, message.enquiryId));
  if (!row) return null;
  const editorIds = (await editorIdsOf(db, [row.achievementId])).get(row.achievementId) ?? [];
  return {
    message,
    authorName: row.authorName,
    partyIds: [row.askerId, ...editorIds.filter((id) => id !== row.askerId)],
    achievementTitle: `${row.titleZh} / ${row.titleEn}`,
  };
}

/** Only a party to the negotiation has read the message, so only a party may report it. */
export function isEnquiryParty(reported: Pick<ReportedEnquiryMessage, "partyIds">, accountId: number): boolean {
  return reported.partyIds.includes(accountId);
}

/**
 * Hides (or shows again) a message for its parties and tells their open pages, in the caller's
 * transaction: the placeholder with the reason on hiding, the message itself on restoring.
 */
export async function setEnquiryMessageHidden(
  tx: Tx,
  emit: Emit,
  message: Pick<EnquiryMessage, "id" | "enquiryId" | "authorId" | "body" | "createdAt">,
  hidden: { at: Date; byId: number; reason: string } | null,
): Promise<void> {
  await tx
    .update(enquiryMessages)
    .set(
      hidden
        ? { hiddenAt: hidden.at, hiddenById: hidden.byId, hiddenReason: hidden.reason }
        : { hiddenAt: null, hiddenById: null, hiddenReason: null },
    )
    .where(eq(enquiryMessages.id, message.id));
  const stream = streamKey({ kind: "enquiry", id: message.enquiryId });
  if (hidden) {
    await emit(stream, "enquiry:message-hidden", {
      enquiryId: message.enquiryId,
      messageId: message.id,
      hiddenAt: hidden.at.toISOString(),
      hiddenReason: hidden.reason,
    });
    return;
  }
  const [author] = await tx
    .select({ id: accounts.id, displayName: accounts.displayName })
    .from(accounts)
    .where(eq(accounts.id, message.authorId));
  await emit(stream, "enquiry:message-restored", {
    enquiryId: message.enquiryId,
    message: {
      id: message.id,
      body: message.body,
      hiddenAt: null,
      hiddenReason: null,
      createdAt: message.createdAt.toISOString(),
      author: { id: author!.id, displayName: author!.displayName },
    },
  });
}

import { eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { accounts, blockedWords, comments, forumHoldSettings, reports } from "@/db/schema";
import { holdCauses, targetKey, type HoldCause, type ModerationTargetKind } from "./rules/moderation";
import type { Emit } from "@/server/infra/transact";
import { streamKey } from "@/server/domain/stream-access";
import { changedEntries, queueChange } from "./moderation-queue";

/**
 * Whether a new post in `forumId` must wait for review, and why (an empty list: it appears at once).
 * Called by the posting use-cases inside their own transaction.
 */
export async function holdForReview(
  tx: Tx,
  forumId: number | null,
  author: { id: number; role: Parameters<typeof holdCauses>[1]["role"] },
  text: string,
  now: Date,
): Promise<HoldCause[]> {
  if (forumId === null) return [];
  const [settings] = await tx.select().from(forumHoldSettings).where(eq(forumHoldSettings.forumId, forumId));
  if (!settings) return [];
  const [account] = await tx.select({ createdAt: accounts.createdAt }).from(accounts).where(eq(accounts.id, author.id));
  if (!account) return [];
  const words = settings.holdBlockedWords
    ? (await tx.select({ word: blockedWords.word }).from(blockedWords)).map((w) => w.word)
    : [];
  return holdCauses(settings, { role: author.role, createdAt: account.createdAt }, text, words, now);
}

/** Puts a held post in the moderation queue (an entry without a reporter) and tells moderators at once. */
export async function enqueueHeld(
  tx: Tx,
  emit: Emit,
  item: { kind: ModerationTargetKind; id: number; authorId: number; causes: readonly HoldCause[]; now: Date },
): Promise<void> {
  const [row] = await tx
    .insert(reports)
    .values({
      targetKind: item.kind,
      targetId: item.id,
      targetAuthorId: item.authorId,
      reporterId: null,
      reason: "held",
      note: item.causes.join(", "),
      createdAt: item.now,
    })
    .returning({ id: reports.id });
  const { entry } = await queueChange(tx, item, item.authorId);
  // A held comment shows, as held, in the context of the entries around it in its thread.
  const [comment] =
    item.kind === "comment"
      ? await tx.select({ threadId: comments.threadId }).from(comments).where(eq(comments.id, item.id))
      : [];
  const around = comment
    ? await changedEntries(tx, { items: [], thread: { id: comment.threadId, showing: item.id } })
    : [];
  await emit(streamKey({ kind: "moderation" }), "report:filed", {
    reportId: row!.id,
    targetKind: item.kind,
    targetId: item.id,
    held: true,
    entry,
    entries: around.filter((e) => e.key !== targetKey(item.kind, item.id)),
  });
}

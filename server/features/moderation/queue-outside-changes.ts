import { and, eq, inArray, or } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { comments, moderationActions, reports, threads } from "@/db/schema";
import { lockStreamHead, type Emit } from "@/server/infra/transact";
import { streamKey } from "@/server/domain/stream-access";
import type { ModerationTargetKind } from "./rules/moderation";
import { changedEntries, onItemsInThreads, openItemsInThread, queueAuthorChange } from "./moderation-queue";

// Changes people make outside moderation (an author's edit or withdrawal, a new comment, a new display
// name) reach the queue only when an open entry shows them. A post's check runs before the moderation
// stream's head lock, so the many changes that touch no entry never wait on the queue's writers; a
// rename (rare) takes the lock first, as a name shows where no lock on a post can order the two.

/**
 * A change to a post in `thread` (its comment `showing`, or the topic or project owning the thread,
 * with `showing` absent: every entry of the thread names it): the open entries that show it, read
 * as the queue reads them after the change, on the moderation stream. Nothing when none does.
 */
export async function announcePostChange(
  tx: Tx,
  emit: Emit,
  change: { item: { kind: ModerationTargetKind; id: number }; thread: { id: number; showing?: number } },
): Promise<void> {
  // A report filed in the thread meanwhile takes this row for update before it reads its entry: one
  // of the two waits for the other, so either the report reads this change or the check sees the report.
  await tx.select({ id: threads.id }).from(threads).where(eq(threads.id, change.thread.id)).for("share");
  if ((await openItemsInThread(tx, change.thread.id)).length === 0) return;
  const entries = await changedEntries(tx, { items: [change.item], thread: change.thread });
  if (entries.length > 0) await emit(streamKey({ kind: "moderation" }), "queue:entries", { entries });
}

/**
 * A new display name: every open entry that may show it (the account's own items, their reports,
 * the items of authors whose history names them as the moderator, items in threads they wrote in),
 * read again, with the account as the queue shows them. Nothing when no open entry is among these.
 */
export async function announceRename(tx: Tx, emit: Emit, accountId: number): Promise<void> {
  // A report being filed holds the queue's head from reading its entry (names included) to its commit:
  // waiting for it here, the check below sees that report; a report after this one reads the new name.
  await lockStreamHead(tx, streamKey({ kind: "moderation" }));
  const written = tx.select({ id: comments.threadId }).from(comments).where(eq(comments.authorId, accountId));
  const actedOn = tx
    .select({ id: moderationActions.subjectAccountId })
    .from(moderationActions)
    .where(eq(moderationActions.actorId, accountId));
  const items = await tx
    .selectDistinct({ kind: reports.targetKind, id: reports.targetId })
    .from(reports)
    .where(
      and(
        eq(reports.status, "open"),
        or(
          eq(reports.targetAuthorId, accountId),
          eq(reports.reporterId, accountId),
          inArray(reports.targetAuthorId, actedOn),
          onItemsInThreads(tx, (threadId) => inArray(threadId, written)),
        ),
      ),
    );
  if (items.length === 0) return;
  const entries = await changedEntries(tx, { items });
  await emit(streamKey({ kind: "moderation" }), "queue:entries", {
    entries,
    author: await queueAuthorChange(tx, accountId),
  });
}

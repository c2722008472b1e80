import { desc, eq } from "drizzle-orm";
import type { z } from "zod";
import { reports, threads } from "@/db/schema";
import type { SessionUser } from "@/server/infra/auth/session";
import type { fileReportInput } from "./contract";
import { AppError } from "@/server/errors";
import type { ServiceDeps } from "@/server/infra/deps";
import { ensureReportable, loadTarget } from "./moderation-targets";
import { transact } from "@/server/infra/transact";
import { queueChange } from "./moderation-queue";
import { streamKey } from "@/server/domain/stream-access";

/**
 * Any signed-in person reports an item once. The report reaches every moderator's queue live (the
 * `moderation` stream) and the reporter's own list, where they later see how it was resolved.
 */
export async function fileReport(deps: ServiceDeps, actor: SessionUser, input: z.output<typeof fileReportInput>) {
  return transact(deps, async (tx, emit) => {
    const target = await loadTarget(tx, input.targetKind, input.targetId);
    // After an edit or a new comment in the thread committing now, so the entry read below shows it;
    // one arriving later finds this report open and tells the queue itself (announcePostChange).
    if (target.threadId !== null)
      await tx.select({ id: threads.id }).from(threads).where(eq(threads.id, target.threadId)).for("update");
    await ensureReportable(tx, actor, target);
    if (target.state === "withdrawn") throw new AppError("ITEM_UNAVAILABLE", "That item was withdrawn by its author");
    if (target.state === "held" && target.authorId !== actor.id) throw unavailableFor(input.targetKind);
    if (target.authorId === actor.id)
      throw new AppError("CANNOT_REPORT_OWN", "You cannot report what you wrote yourself");
    const [row] = await tx
      .insert(reports)
      .values({
        targetKind: input.targetKind,
        targetId: input.targetId,
        targetAuthorId: target.authorId,
        reporterId: actor.id,
        reason: input.reason,
        note: input.note,
        createdAt: deps.now(),
      })
      // The unique index decides between two tabs reporting at once, as it does for one.
      .onConflictDoNothing()
      .returning();
    if (!row)
      throw new AppError("ALREADY_REPORTED", "You have already reported this; moderators have it in their queue");
    const { entry } = await queueChange(tx, { kind: row.targetKind, id: row.targetId }, target.authorId);
    await emit(streamKey({ kind: "moderation" }), "report:filed", {
      reportId: row.id,
      targetKind: row.targetKind,
      targetId: row.targetId,
      entry,
    });
    await emit(streamKey({ kind: "user", id: actor.id }), "report:received", { reportId: row.id });
    return { id: row.id, status: row.status, createdAt: row.createdAt };
  });
}

function unavailableFor(kind: string) {
  return new AppError("NOT_FOUND", `That ${kind} does not exist`);
}

/** The reporter's own reports, newest first, with how each was resolved. */
export async function myReports(deps: Pick<ServiceDeps, "db">, actor: SessionUser) {
  const rows = await deps.db
    .select({
      id: reports.id,
      targetKind: reports.targetKind,
      targetId: reports.targetId,
      reason: reports.reason,
      note: reports.note,
      status: reports.status,
      resolution: reports.resolution,
      resolvedAt: reports.resolvedAt,
      createdAt: reports.createdAt,
    })
    .from(reports)
    .where(eq(reports.reporterId, actor.id))
    .orderBy(desc(reports.createdAt), desc(reports.id))
    .limit(100);
  return rows;
}

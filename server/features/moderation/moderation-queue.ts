import { and, count, desc, eq, inArray } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { z } from "zod";
import { accounts, moderationActions, reports } from "@/db/schema";
import type { queueInput } from "./contract";
import { groupReports } from "./rules/moderation";
import type { ServiceDeps } from "@/server/infra/deps";
import { loadTargets, targetContext } from "./moderation-targets";

const reporters = alias(accounts, "reporters");
const actors = alias(accounts, "actors");
const maxGroups = 50;

/** Earlier actions against a person and how many of the reports on their content were upheld. */
export async function authorHistory(deps: Pick<ServiceDeps, "db">, accountId: number) {
  const actions = await deps.db
    .select({
      id: moderationActions.id,
      action: moderationActions.action,
      targetType: moderationActions.targetType,
      targetId: moderationActions.targetId,
      reason: moderationActions.reason,
      createdAt: moderationActions.createdAt,
      actorName: actors.displayName,
    })
    .from(moderationActions)
    .innerJoin(actors, eq(actors.id, moderationActions.actorId))
    .where(eq(moderationActions.subjectAccountId, accountId))
    .orderBy(desc(moderationActions.createdAt), desc(moderationActions.id))
    .limit(20);
  const byStatus = await deps.db
    .select({ status: reports.status, n: count() })
    .from(reports)
    .where(eq(reports.targetAuthorId, accountId))
    .groupBy(reports.status);
  const reportCounts = { open: 0, actioned: 0, dismissed: 0 };
  for (const row of byStatus) reportCounts[row.status] = Number(row.n);
  return { actions, reportCounts };
}

/**
 * Open reports grouped by item, each with the item, the thread around it and its author's history,
 * newest or most-reported first.
 */
export async function moderationQueue(deps: Pick<ServiceDeps, "db">, input: z.output<typeof queueInput>) {
  const open = await deps.db
    .select({
      id: reports.id,
      targetKind: reports.targetKind,
      targetId: reports.targetId,
      targetAuthorId: reports.targetAuthorId,
      reporterId: reports.reporterId,
      reporterName: reporters.displayName,
      reason: reports.reason,
      note: reports.note,
      createdAt: reports.createdAt,
    })
    .from(reports)
    .leftJoin(reporters, eq(reporters.id, reports.reporterId))
    .where(eq(reports.status, "open"))
    .orderBy(desc(reports.createdAt))
    .limit(2000);
  const groups = groupReports(open, input.order).slice(0, maxGroups);
  const targets = await loadTargets(
    deps.db,
    groups.map((g) => ({ kind: g.targetKind, id: g.targetId })),
  );
  const authorIds = [...new Set(groups.map((g) => g.reports[0]!.targetAuthorId))];
  const authorRows =
    authorIds.length === 0
      ? []
      : await deps.db
          .select({
            id: accounts.id,
            displayName: accounts.displayName,
            role: accounts.role,
            createdAt: accounts.createdAt,
            suspendedUntil: accounts.suspendedUntil,
          })
          .from(accounts)
          .where(inArray(accounts.id, authorIds));
  const authors = new Map(authorRows.map((a) => [a.id, a]));
  const histories = new Map(
    await Promise.all(authorIds.map(async (id) => [id, await authorHistory(deps, id)] as const)),
  );

  const items = [];
  for (const group of groups) {
    const target = targets.get(group.key);
    if (!target) continue;
    const author = authors.get(target.authorId) ?? null;
    items.push({
      key: group.key,
      targetKind: group.targetKind,
      targetId: group.targetId,
      count: group.count,
      newestAt: group.newestAt,
      reasons: group.reasons,
      held: group.held,
      reports: group.reports.map((r) => ({
        id: r.id,
        reason: r.reason,
        note: r.note,
        reporterName: r.reporterName,
        createdAt: r.createdAt,
      })),
      item: {
        state: target.state,
        hiddenReason: target.hiddenReason,
        title: target.title,
        bodyHtml: target.bodyHtml,
        // A private thread's page is its parties' alone: the queue has no link into it.
        path: target.privateTo ? null : target.path,
        threadId: target.threadId,
        createdAt: target.createdAt,
      },
      context: await targetContext(deps.db, target),
      author: author && { ...author, history: histories.get(author.id)! },
    });
  }
  return { items, openReports: open.length };
}

/** The number of items waiting, for the navigation badge. */
export async function openQueueSize(deps: Pick<ServiceDeps, "db">) {
  const rows = await deps.db
    .selectDistinct({ kind: reports.targetKind, id: reports.targetId })
    .from(reports)
    .where(and(eq(reports.status, "open")));
  return rows.length;
}

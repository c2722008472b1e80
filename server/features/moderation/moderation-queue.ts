import { and, count, desc, eq, inArray, or, type SQL, type SQLWrapper } from "drizzle-orm";
import { alias, type AnyPgColumn } from "drizzle-orm/pg-core";
import type { z } from "zod";
import { accounts, comments, moderationActions, projects, reports, topics } from "@/db/schema";
import type { queueInput } from "./contract";
import type { ServiceDeps } from "@/server/infra/deps";
import { loadTargets, targetContext } from "./moderation-targets";
import type { Db, Tx } from "@/db/client";
import type { QueueAuthor, QueueEntry } from "./events";
import {
  groupReports,
  maxQueueEntries,
  queueOrders,
  targetKey,
  type ModerationTargetKind,
  type OpenReport,
  type QueueGroup,
  type QueueOrder,
} from "./rules/moderation";
import { lockStreamHead } from "@/server/infra/transact";
import { streamKey } from "@/server/domain/stream-access";
import { onTheWire, type OnTheWire } from "@/shared/on-the-wire";

const reporters = alias(accounts, "reporters");
const actors = alias(accounts, "actors");

/** Earlier actions against a person and how many of the reports on their content were upheld. */
export async function authorHistory(deps: { db: Db | Tx }, accountId: number) {
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

const openReportColumns = {
  id: reports.id,
  targetKind: reports.targetKind,
  targetId: reports.targetId,
  targetAuthorId: reports.targetAuthorId,
  reporterId: reports.reporterId,
  reporterName: reporters.displayName,
  reason: reports.reason,
  note: reports.note,
  createdAt: reports.createdAt,
};

/** An author as every queue entry of theirs shows them: the account and its moderation history. */
export async function queueAuthor(db: Db | Tx, accountId: number): Promise<QueueAuthor | null> {
  const [author] = await db
    .select({
      id: accounts.id,
      displayName: accounts.displayName,
      role: accounts.role,
      createdAt: accounts.createdAt,
      suspendedUntil: accounts.suspendedUntil,
    })
    .from(accounts)
    .where(eq(accounts.id, accountId));
  return author ? { ...author, history: await authorHistory({ db }, accountId) } : null;
}

/** The entries of grouped open reports, each with the item, the thread around it and its author. */
async function queueEntries(
  db: Db | Tx,
  groups: QueueGroup<OpenReport & { id: number; reporterName: string | null; note: string }>[],
): Promise<QueueEntry[]> {
  const targets = await loadTargets(
    db,
    groups.map((g) => ({ kind: g.targetKind, id: g.targetId })),
  );
  // One read per author, sequential: a snapshot's reads share one connection.
  const authors = new Map<number, QueueAuthor | null>();
  const items: QueueEntry[] = [];
  for (const group of groups) {
    const target = targets.get(group.key);
    if (!target) continue;
    if (!authors.has(target.authorId)) authors.set(target.authorId, await queueAuthor(db, target.authorId));
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
      context: await targetContext(db, target),
      author: authors.get(target.authorId) ?? null,
    });
  }
  return items;
}

/**
 * Open reports grouped by item, each with the item, the thread around it and its author's history,
 * newest or most-reported first.
 */
export async function moderationQueue(deps: { db: Db | Tx }, input: z.output<typeof queueInput>) {
  const open = await openReports(deps.db);
  return { items: await queueEntries(deps.db, groupReports(open, input.order).slice(0, maxQueueEntries)) };
}

/** The open reports the queue is read from, newest first. */
function openReports(db: Db | Tx) {
  return db
    .select(openReportColumns)
    .from(reports)
    .leftJoin(reporters, eq(reporters.id, reports.reporterId))
    .where(eq(reports.status, "open"))
    .orderBy(desc(reports.createdAt), desc(reports.id))
    .limit(2000);
}

/** One item's entry as moderation.queue shows it; null once none of its reports is open. */
export async function queueEntryOf(
  db: Db | Tx,
  target: { kind: ModerationTargetKind; id: number },
): Promise<QueueEntry | null> {
  const open = await db
    .select(openReportColumns)
    .from(reports)
    .leftJoin(reporters, eq(reporters.id, reports.reporterId))
    .where(and(eq(reports.status, "open"), eq(reports.targetKind, target.kind), eq(reports.targetId, target.id)))
    .orderBy(desc(reports.createdAt), desc(reports.id));
  const [entry] = await queueEntries(db, groupReports(open, "newest"));
  return entry ?? null;
}

/**
 * What the moderation stream tells of a change to an item's entries: the entry and its author as the
 * queue reads them after it. Read under the stream's head lock, so the entry at each seq holds every
 * change committed before it (two reports on one item at once each see the other's, in seq order).
 */
export async function queueChange(
  tx: Tx,
  target: { kind: ModerationTargetKind; id: number },
  authorId: number,
): Promise<{ entry: OnTheWire<QueueEntry> | null; author: OnTheWire<QueueAuthor> | null }> {
  await lockStreamHead(tx, moderationStream);
  const entry = await queueEntryOf(tx, target);
  return { entry: onTheWire(entry), author: onTheWire(entry?.author ?? (await queueAuthor(tx, authorId))) };
}

/**
 * In each order, the last entry a full queue shows (null when fewer are open): after an entry leaves
 * or moves down, the one that takes the freed place. Read under the stream's head lock, after the change.
 */
export async function queueTails(tx: Tx): Promise<Record<QueueOrder, OnTheWire<QueueEntry> | null>> {
  await lockStreamHead(tx, moderationStream);
  const open = await openReports(tx);
  const tails = {} as Record<QueueOrder, OnTheWire<QueueEntry> | null>;
  for (const order of queueOrders) {
    const last = groupReports(open, order)[maxQueueEntries - 1];
    const [entry] = last ? await queueEntries(tx, [last]) : [];
    tails[order] = onTheWire(entry ?? null);
  }
  return tails;
}

/**
 * Reports on items in the threads `inThreads` picks (a thread id column → condition): the threads'
 * comments and the topics or projects owning them.
 */
export function onItemsInThreads(tx: Tx, inThreads: (threadId: AnyPgColumn) => SQL) {
  const on = (kind: ModerationTargetKind, ids: SQLWrapper) =>
    and(eq(reports.targetKind, kind), inArray(reports.targetId, ids));
  return or(
    on("comment", tx.select({ id: comments.id }).from(comments).where(inThreads(comments.threadId))),
    on("topic", tx.select({ id: topics.id }).from(topics).where(inThreads(topics.threadId))),
    on("project", tx.select({ id: projects.id }).from(projects).where(inThreads(projects.threadId))),
  );
}

/** Items with open entries whose thread is `threadId`: its comments and the topic or project it belongs to. */
export async function openItemsInThread(tx: Tx, threadId: number) {
  return tx
    .selectDistinct({ kind: reports.targetKind, id: reports.targetId })
    .from(reports)
    .where(
      and(
        eq(reports.status, "open"),
        onItemsInThreads(tx, (column) => eq(column, threadId)),
      ),
    );
}

/**
 * The open entries a change shows differently, as the queue reads them after it: the items' own
 * (`items`), and in `thread` those whose context shows its comment `showing` (every one of the
 * thread's when `showing` is absent: a moved topic's forum names them all). Under the stream's head lock.
 */
export async function changedEntries(
  tx: Tx,
  scope: { items: { kind: ModerationTargetKind; id: number }[]; thread?: { id: number; showing?: number } },
): Promise<OnTheWire<QueueEntry>[]> {
  await lockStreamHead(tx, moderationStream);
  const own = new Set(scope.items.map((i) => targetKey(i.kind, i.id)));
  const around = scope.thread ? await openItemsInThread(tx, scope.thread.id) : [];
  const keys = new Map([...scope.items, ...around].map((i) => [targetKey(i.kind, i.id), i]));
  const showing = scope.thread?.showing;
  const entries: QueueEntry[] = [];
  for (const [key, item] of [...keys].sort(([a], [b]) => a.localeCompare(b))) {
    const entry = await queueEntryOf(tx, item);
    if (!entry) continue;
    if (own.has(key) || showing === undefined || entry.context.entries.some((c) => c.id === showing))
      entries.push(entry);
  }
  return onTheWire(entries);
}

/** The moderation stream's view of an account whose standing changed (suspended, lifted), under its head lock. */
export async function queueAuthorChange(tx: Tx, accountId: number): Promise<OnTheWire<QueueAuthor> | null> {
  await lockStreamHead(tx, moderationStream);
  return onTheWire(await queueAuthor(tx, accountId));
}

const moderationStream = streamKey({ kind: "moderation" });

/** The number of items waiting, for the navigation badge. */
export async function openQueueSize(deps: Pick<ServiceDeps, "db">) {
  const rows = await deps.db
    .selectDistinct({ kind: reports.targetKind, id: reports.targetId })
    .from(reports)
    .where(and(eq(reports.status, "open")));
  return rows.length;
}

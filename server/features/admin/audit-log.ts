import { and, desc, eq, gte, like, lt, lte, or, type SQL } from "drizzle-orm";
import { z } from "zod";
import { accounts, auditEntries } from "@/db/schema";
import type { auditFilterInput, auditPageInput } from "./contract";
import { decodeCursor, encodeCursor } from "@/server/domain/cursor";
import { toCsv } from "@/server/domain/csv";
import { AppError } from "@/server/errors";
import type { ServiceDeps } from "@/server/infra/deps";

const idCursor = z.object({ id: z.number().int() });
const columns = {
  id: auditEntries.id,
  actorId: auditEntries.actorId,
  actorName: accounts.displayName,
  action: auditEntries.action,
  targetType: auditEntries.targetType,
  targetId: auditEntries.targetId,
  reason: auditEntries.reason,
  before: auditEntries.before,
  after: auditEntries.after,
  createdAt: auditEntries.createdAt,
};

function filters(input: z.output<typeof auditFilterInput>): SQL[] {
  const conditions: SQL[] = [];
  if (input.actorId) conditions.push(eq(auditEntries.actorId, input.actorId));
  // "moderation" finds every moderation.*; "moderation.hide" finds exactly that action.
  if (input.action) {
    const prefix = `${input.action.replace(/[\\%_]/g, (c) => `\\${c}`)}.%`;
    conditions.push(
      input.action.includes(".")
        ? eq(auditEntries.action, input.action)
        : or(eq(auditEntries.action, input.action), like(auditEntries.action, prefix))!,
    );
  }
  if (input.targetType) conditions.push(eq(auditEntries.targetType, input.targetType));
  if (input.targetId) conditions.push(eq(auditEntries.targetId, input.targetId));
  if (input.from) conditions.push(gte(auditEntries.createdAt, input.from));
  if (input.to) conditions.push(lte(auditEntries.createdAt, input.to));
  return conditions;
}

/** One page of the audit log, newest first, by an opaque cursor on the append-only id. */
export async function listAuditEntries(deps: Pick<ServiceDeps, "db">, input: z.output<typeof auditPageInput>) {
  const conditions = filters(input);
  if (input.cursor) {
    const cursor = decodeCursor(input.cursor, idCursor);
    if (!cursor) throw new AppError("BAD_CURSOR", "That page link is not valid; reload the audit log");
    conditions.push(lt(auditEntries.id, cursor.id));
  }
  const rows = await deps.db
    .select(columns)
    .from(auditEntries)
    .leftJoin(accounts, eq(accounts.id, auditEntries.actorId))
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(auditEntries.id))
    .limit(input.limit + 1);
  const items = rows.slice(0, input.limit);
  const nextCursor = rows.length > input.limit ? encodeCursor({ id: items[items.length - 1]!.id }) : null;
  return { items, nextCursor };
}

export const auditCsvHeader = [
  "id",
  "created_at",
  "actor_id",
  "actor",
  "action",
  "target_type",
  "target_id",
  "reason",
  "before",
  "after",
];

/** The filtered log as CSV (RFC 4180, UTF-8), oldest first, at most 50,000 rows. */
export async function exportAuditCsv(deps: Pick<ServiceDeps, "db">, input: z.output<typeof auditFilterInput>) {
  const conditions = filters(input);
  const rows = await deps.db
    .select(columns)
    .from(auditEntries)
    .leftJoin(accounts, eq(accounts.id, auditEntries.actorId))
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(auditEntries.id)
    .limit(50_000);
  const csv = toCsv([
    auditCsvHeader,
    ...rows.map((r) => [
      r.id,
      r.createdAt,
      r.actorId,
      r.actorName,
      r.action,
      r.targetType,
      r.targetId,
      r.reason,
      r.before,
      r.after,
    ]),
  ]);
  return { csv, rows: rows.length };
}

/** Distinct action names, for the filter's choices. */
export async function auditActions(deps: Pick<ServiceDeps, "db">) {
  const rows = await deps.db
    .selectDistinct({ action: auditEntries.action })
    .from(auditEntries)
    .orderBy(auditEntries.action);
  return rows.map((r) => r.action);
}

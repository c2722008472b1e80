import type { Tx } from "@/db/client";
import { auditEntries } from "@/db/schema";

export interface AuditRecord {
  actorId: number | null;
  action: string;
  targetType: string;
  targetId: string | number;
  reason?: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

/** Written inside the action's own transaction: a failed action leaves no row, a successful one always does. */
export async function recordAudit(tx: Tx, record: AuditRecord): Promise<void> {
  await tx.insert(auditEntries).values({
    actorId: record.actorId,
    action: record.action,
    targetType: record.targetType,
    targetId: String(record.targetId),
    reason: record.reason ?? null,
    before: record.before ?? null,
    after: record.after ?? null,
  });
}

/** One field an audited action changed, as text: absent on a side when the field was not recorded there. */
export interface AuditChange {
  field: string;
  before: string | null;
  after: string | null;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function text(value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

/**
 * The fields that differ between an entry's before and after snapshots, in a stable order (fields
 * of `before` first). A field with the same value on both sides is context, not a change, and is
 * left out; a value that is not an object is shown as one change named "".
 */
export function auditChanges(before: unknown, after: unknown): AuditChange[] {
  if (!isRecord(before) && !isRecord(after)) {
    if (before === null && after === null) return [];
    return [{ field: "", before: before === null ? null : text(before), after: after === null ? null : text(after) }];
  }
  const was = isRecord(before) ? before : {};
  const now = isRecord(after) ? after : {};
  const fields = [...new Set([...Object.keys(was), ...Object.keys(now)])];
  return fields
    .filter((field) => JSON.stringify(was[field]) !== JSON.stringify(now[field]))
    .map((field) => ({
      field,
      before: field in was ? text(was[field]) : null,
      after: field in now ? text(now[field]) : null,
    }));
}

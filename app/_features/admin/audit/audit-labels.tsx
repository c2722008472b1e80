"use client";
import { useTranslations } from "next-intl";
import { auditChanges } from "./audit-diff";

/** System-written reasons (the scheduler's, a chair's early close) as stored, by catalogue key. */
const systemReasons: Record<string, string> = {
  "closing time reached": "closingTimeReached",
  "closed early by its chair": "closedEarly",
  "no new round was opened in time": "noNewRound",
};

/** Audit codes in the reader's language; a code without a translation shows as itself. */
export function useAuditLabels() {
  const t = useTranslations("auditLog");
  return {
    action: (code: string) => (t.has(`actions.${code}`) ? t(`actions.${code}`) : code),
    field: (name: string) => (t.has(`fields.${name}`) ? t(`fields.${name}`) : name),
    // A moderator's own words are shown as written; only the system's fixed reasons are translated.
    reason: (reason: string | null) =>
      reason && systemReasons[reason] ? t(`systemReasons.${systemReasons[reason]}`) : reason,
  };
}

/** What an entry changed, one line per field: "Role: member → moderator". */
export function AuditChangeList({ before, after }: { before: unknown; after: unknown }) {
  const t = useTranslations("auditLog");
  const labels = useAuditLabels();
  const changes = auditChanges(before, after);
  if (changes.length === 0) return <span className="text-slate-600">{t("noChange")}</span>;
  return (
    <ul className="space-y-0.5">
      {changes.map((c) => {
        const field = c.field ? labels.field(c.field) : "";
        return (
          <li key={c.field}>
            {c.before === null
              ? t("added", { field, after: c.after ?? "" })
              : c.after === null
                ? t("removed", { field, before: c.before })
                : t("change", { field, before: c.before, after: c.after })}
          </li>
        );
      })}
    </ul>
  );
}

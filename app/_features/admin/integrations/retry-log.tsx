"use client";
import { useFormatter, useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { Button } from "@/app/components/ui/button";
import { Alert, EmptyState, Skeleton } from "@/app/components/ui/card";
import { describeError } from "@/app/lib/errors";

/** A row of an outgoing log: webhook deliveries and mail share these. */
interface LogRow {
  id: number;
  createdAt: Date;
  attempts: number;
  lastError: string | null;
  status: "pending" | "sent" | "failed";
}

/**
 * An outgoing log (webhook deliveries, mail) in its loading, error and empty states: when, who, what with
 * its last error, optionally the status, attempts, and "send again" on a failed row.
 */
export function RetryLog<R extends LogRow>({
  query,
  emptyTitle,
  skeletonLines,
  testId,
  tableClassName,
  who,
  what,
  status,
  retryingId,
  onRetry,
}: {
  query: { isPending: boolean; error: unknown; data: R[] | undefined };
  emptyTitle: string;
  skeletonLines: number;
  testId: string;
  /** The table's classes, its minimum width included (written out, so the stylesheet has it). */
  tableClassName: string;
  who: { label: string; cell: (row: R) => ReactNode; className?: string };
  what: { label: string; text: (row: R) => string };
  status?: { label: string; cell: (row: R) => ReactNode };
  retryingId: number | null;
  onRetry: (row: R) => void;
}) {
  const t = useTranslations("outgoing");
  const tErrors = useTranslations("errors");
  const format = useFormatter();
  if (query.isPending) return <Skeleton lines={skeletonLines} />;
  if (query.error) return <Alert>{describeError(query.error, tErrors)}</Alert>;
  const rows = query.data ?? [];
  if (rows.length === 0) return <EmptyState title={emptyTitle} />;
  return (
    <div className="relative overflow-x-auto">
      <table className={tableClassName} data-testid={testId}>
        <thead className="text-left text-slate-500">
          <tr>
            <th className="py-2 pr-3 font-medium">{t("when")}</th>
            <th className="py-2 pr-3 font-medium">{who.label}</th>
            <th className="py-2 pr-3 font-medium">{what.label}</th>
            {status ? <th className="py-2 pr-3 font-medium">{status.label}</th> : null}
            <th className="py-2 pr-3 text-right font-medium">{t("attempts")}</th>
            <th className="py-2 font-medium">
              <span className="sr-only">{t("retry")}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} className="border-t border-slate-100 align-top">
              <td className="whitespace-nowrap py-2 pr-3 text-slate-600">
                {format.dateTime(row.createdAt, { dateStyle: "short", timeStyle: "short" })}
              </td>
              <td className={who.className ?? "py-2 pr-3"}>{who.cell(row)}</td>
              <td className="py-2 pr-3">
                <span className="block">{what.text(row)}</span>
                {row.lastError ? (
                  <span className="block text-xs text-red-700">
                    {t("error")}: {row.lastError}
                  </span>
                ) : null}
              </td>
              {status ? <td className="py-2 pr-3">{status.cell(row)}</td> : null}
              <td className="py-2 pr-3 text-right tabular-nums">{row.attempts}</td>
              <td className="py-2">
                {row.status === "failed" ? (
                  <Button size="sm" variant="secondary" busy={retryingId === row.id} onClick={() => onRetry(row)}>
                    {t("retry")}
                  </Button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

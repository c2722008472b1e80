"use client";
import { useState, type ReactNode } from "react";
import { Button } from "./ui/button";
import { Alert } from "./ui/card";
import { useServerErrors } from "../lib/server-errors";
import { downloadText } from "../_features/fund/money";

const types = { csv: "text/csv;charset=utf-8", json: "application/json" } as const;
export type ExportFormat = keyof typeof types;

/**
 * "Download CSV / JSON" for an export procedure. `load` fetches the file fresh (staleTime 0): an export
 * is a snapshot of committed state at the moment it is asked for. A refusal shows in the reader's language.
 */
export function ExportButtons({
  label,
  labels,
  load,
  note,
  testId,
}: {
  label: string;
  labels: Record<ExportFormat, string>;
  load: (format: ExportFormat) => Promise<{ filename: string; text: string }>;
  note?: ReactNode;
  testId?: string;
}) {
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  const [error, setError] = useState<unknown>(null);
  const banner = useServerErrors(error, []).banner;

  async function download(format: ExportFormat) {
    setError(null);
    setBusy(format);
    try {
      const file = await load(format);
      downloadText(file.text, file.filename, types[format]);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="flex flex-wrap items-center gap-2 text-sm" data-testid={testId}>
      <span className="font-medium">{label}</span>
      {(["csv", "json"] as const).map((format) => (
        <Button key={format} variant="secondary" size="sm" busy={busy === format} onClick={() => void download(format)}>
          {labels[format]}
        </Button>
      ))}
      {note}
      {banner ? <Alert>{banner}</Alert> : null}
    </div>
  );
}

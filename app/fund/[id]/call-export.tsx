"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "../../components/ui/button";
import { Alert } from "../../components/ui/card";
import { useServerErrors } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";
import { downloadText } from "@/app/_features/fund/money";

const types = { csv: "text/csv;charset=utf-8", json: "application/json" } as const;

/** The call's data as the reader may see it on this page, as CSV or JSON. */
export function CallExport({ callId, manager }: { callId: number; manager: boolean }) {
  const t = useTranslations("fund.download");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState<keyof typeof types | null>(null);
  const [error, setError] = useState<unknown>(null);
  const banner = useServerErrors(error, []).banner;

  async function download(format: keyof typeof types) {
    setError(null);
    setBusy(format);
    try {
      // Fetched fresh: an export is a snapshot of committed state at the moment it is asked for.
      const file = await queryClient.fetchQuery({
        ...trpc.fund.exportCall.queryOptions({ callId, format }),
        staleTime: 0,
      });
      downloadText(file.text, file.filename, types[format]);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="mt-3 flex flex-wrap items-center gap-2 text-sm" data-testid="call-export">
      <span className="font-medium">{t("label")}</span>
      <Button variant="secondary" size="sm" busy={busy === "csv"} onClick={() => void download("csv")}>
        {t("csv")}
      </Button>
      <Button variant="secondary" size="sm" busy={busy === "json"} onClick={() => void download("json")}>
        {t("json")}
      </Button>
      {manager ? <span className="text-slate-600">{t("managerNote")}</span> : null}
      {banner ? <Alert>{banner}</Alert> : null}
    </div>
  );
}

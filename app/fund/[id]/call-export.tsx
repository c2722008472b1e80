"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { ExportButtons } from "../../components/export-buttons";
import { useTRPC } from "../../lib/trpc";

/** The call's data as the reader may see it on this page, as CSV or JSON. */
export function CallExport({ callId, manager }: { callId: number; manager: boolean }) {
  const t = useTranslations("fund.download");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return (
    <div className="mt-3">
      <ExportButtons
        testId="call-export"
        label={t("label")}
        labels={{ csv: t("csv"), json: t("json") }}
        load={(format) =>
          queryClient.fetchQuery({ ...trpc.fund.exportCall.queryOptions({ callId, format }), staleTime: 0 })
        }
        note={manager ? <span className="text-slate-600">{t("managerNote")}</span> : null}
      />
    </div>
  );
}

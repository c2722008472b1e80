"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import type { AchievementKind, TransferMode } from "@/shared/achievement-vocabulary";
import { Button } from "../../components/ui/button";
import { Alert } from "../../components/ui/card";
import { useServerErrors } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";
import { downloadText } from "../fund/money";

const types = { csv: "text/csv;charset=utf-8", json: "application/json" } as const;
type Format = keyof typeof types;
type ExportFile = { filename: string; text: string };

function ExportButtons({ label, load }: { label: string; load: (format: Format) => Promise<ExportFile> }) {
  const t = useTranslations("achievements.exports");
  const [busy, setBusy] = useState<Format | null>(null);
  const [error, setError] = useState<unknown>(null);
  const banner = useServerErrors(error, []).banner;

  async function download(format: Format) {
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
    <div className="flex flex-wrap items-center gap-2 text-sm">
      <span className="font-medium">{label}</span>
      <Button variant="secondary" size="sm" busy={busy === "csv"} onClick={() => void download("csv")}>
        {t("csv")}
      </Button>
      <Button variant="secondary" size="sm" busy={busy === "json"} onClick={() => void download("json")}>
        {t("json")}
      </Button>
      {banner ? <Alert>{banner}</Alert> : null}
    </div>
  );
}

export interface RegistryFilters {
  q: string | null;
  sector: string | null;
  regionId: number | null;
  kind: AchievementKind | null;
  mode: TransferMode | null;
  minTrl: number | null;
}

/** The published registry with the showcase's current filters (fetched fresh: a snapshot of committed state). */
export function RegistryExport({ filters }: { filters: RegistryFilters }) {
  const t = useTranslations("achievements.exports");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return (
    <ExportButtons
      label={t("registry")}
      load={(format) =>
        queryClient.fetchQuery({
          ...trpc.achievements.exportRegistry.queryOptions({ ...filters, format }),
          staleTime: 0,
        })
      }
    />
  );
}

/** The published deals; a value only where both sides agreed to publish it. */
export function DealsExport() {
  const t = useTranslations("achievements.exports");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return (
    <ExportButtons
      label={t("deals")}
      load={(format) =>
        queryClient.fetchQuery({ ...trpc.achievements.exportDeals.queryOptions({ format }), staleTime: 0 })
      }
    />
  );
}

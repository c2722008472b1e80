"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import type { AchievementKind, TransferMode } from "@/shared/achievement-vocabulary";
import { ExportButtons, type ExportFormat } from "../../components/export-buttons";
import { useTRPC } from "../../lib/trpc";

export interface RegistryFilters {
  q: string | null;
  sector: string | null;
  regionId: number | null;
  kind: AchievementKind | null;
  mode: TransferMode | null;
  minTrl: number | null;
}

/**
 * The published registry with the showcase's current filters (`filters` set), or the published deals
 * (a value only where both sides agreed to publish it).
 */
export function AchievementsExport({ filters }: { filters?: RegistryFilters }) {
  const t = useTranslations("achievements.exports");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const load = (format: ExportFormat) =>
    queryClient.fetchQuery({
      ...(filters
        ? trpc.achievements.exportRegistry.queryOptions({ ...filters, format })
        : trpc.achievements.exportDeals.queryOptions({ format })),
      staleTime: 0,
    });
  return (
    <ExportButtons label={t(filters ? "registry" : "deals")} labels={{ csv: t("csv"), json: t("json") }} load={load} />
  );
}

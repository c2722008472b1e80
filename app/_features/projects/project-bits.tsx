"use client";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import type { ProjectStatus } from "@/server/features/projects/rules/project-lifecycle";
import { Badge } from "@/app/components/ui/card";

const tones: Record<ProjectStatus, "slate" | "brand" | "green" | "amber" | "red"> = {
  draft: "slate",
  submitted: "brand",
  voting: "amber",
  approved: "green",
  rejected: "red",
  archived: "slate",
  withdrawn: "slate",
};

export function StatusBadge({ status }: { status: ProjectStatus }) {
  const t = useTranslations("projects.statuses");
  return (
    <span data-testid="project-status">
      <Badge tone={tones[status]}>{t(status)}</Badge>
    </span>
  );
}

/** Whole yuan as the reader's currency format: ¥1,200,000.00 is noise for a budget line. */
export function useYuan() {
  const format = useFormatter();
  return (yuan: number) =>
    format.number(yuan, {
      style: "currency",
      currency: "CNY",
      currencyDisplay: "narrowSymbol",
      maximumFractionDigits: 0,
    });
}

/** Region summaries are interfaces, which `pick` cannot index; the same choice of column. */
export function useRegionName() {
  const locale = useLocale();
  return (region: { nameZh: string; nameEn: string }) => (locale === "en" ? region.nameEn : region.nameZh);
}

export function useListJoin() {
  const locale = useLocale();
  return (parts: string[]) => parts.join(locale === "en" ? ", " : "、");
}

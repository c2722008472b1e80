"use client";
import { useLocale } from "next-intl";
import { useMemo } from "react";
import type { Project } from "../projects/project";

/** One colour per participating region, in the project's region order, the same on every chart. */
const palette = [
  "bg-brand-500",
  "bg-amber-500",
  "bg-emerald-500",
  "bg-sky-500",
  "bg-rose-500",
  "bg-violet-500",
  "bg-lime-500",
  "bg-orange-500",
];

export interface RegionInfo {
  id: number;
  name: string;
  color: string;
}

/** The project's regions, lead first then partners by id: the order the server lists shares in. */
export function useProjectRegions(project: Project): RegionInfo[] {
  const locale = useLocale();
  return useMemo(() => {
    const partners = [...project.partnerRegions].sort((a, b) => a.id - b.id);
    return [project.leadRegion, ...partners].map((r, index) => ({
      id: r.id,
      name: locale === "en" ? r.nameEn : r.nameZh,
      color: palette[index % palette.length]!,
    }));
  }, [project.leadRegion, project.partnerRegions, locale]);
}

/** Regions in the given order with their colours, for a ballot that is no project's (a fund call's portfolio). */
export function useRegionInfos(list: ReadonlyArray<{ id: number; nameZh: string; nameEn: string }>): RegionInfo[] {
  const locale = useLocale();
  return useMemo(
    () =>
      list.map((r, index) => ({
        id: r.id,
        name: locale === "en" ? r.nameEn : r.nameZh,
        color: palette[index % palette.length]!,
      })),
    [list, locale],
  );
}

export function regionNameOf(regions: readonly RegionInfo[], id: number): string {
  return regions.find((r) => r.id === id)?.name ?? "…";
}

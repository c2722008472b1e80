"use client";
import { useQuery } from "@tanstack/react-query";
import { useLocale } from "next-intl";
import { useMemo } from "react";
import { pick } from "./localized";
import { useTRPC } from "./trpc";

/** Region names in the reader's language, by id; reference data changes rarely, so it is cached long. */
export function useRegions() {
  const trpc = useTRPC();
  const locale = useLocale();
  const query = useQuery({ ...trpc.reference.regions.queryOptions(), staleTime: 10 * 60_000 });
  return useMemo(() => {
    const clusters = query.data ?? [];
    const byId = new Map(clusters.flatMap((c) => c.regions).map((r) => [r.id, r]));
    return {
      clusters,
      name: (id: number) => {
        const region = byId.get(id);
        return region ? pick(locale, region, "name") : "…";
      },
    };
  }, [query.data, locale]);
}

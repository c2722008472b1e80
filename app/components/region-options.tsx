"use client";
import { useLocale } from "next-intl";
import { pick } from "../lib/localized";
import { useRegions } from "../lib/use-regions";

/** The regions as <option>s grouped by city cluster, in the reader's language, for any region <select>. */
export function RegionOptions({ activeOnly = false }: { activeOnly?: boolean }) {
  const locale = useLocale();
  const { clusters } = useRegions();
  return (
    <>
      {clusters.map((cluster) => (
        <optgroup key={cluster.id} label={pick(locale, cluster, "name")}>
          {cluster.regions
            .filter((region) => !activeOnly || !region.retiredAt)
            .map((region) => (
              <option key={region.id} value={region.id}>
                {pick(locale, region, "name")}
              </option>
            ))}
        </optgroup>
      ))}
    </>
  );
}

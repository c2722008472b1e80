"use client";
import { useFormatter, useLocale } from "next-intl";

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

"use client";
import { useFormatter } from "next-intl";

/** Basis points as a percentage in the reader's format: 3333 → 33.33%. */
export function usePercent() {
  const format = useFormatter();
  return (bp: number) => format.number(bp / 10_000, { style: "percent", maximumFractionDigits: 2 });
}

"use client";
import { useFormatter } from "next-intl";
import { useMemo } from "react";

/** Integer yuan as the reader writes money: ¥1,200,000 / ¥1,200,000 (no fractions: amounts are whole yuan). */
export function useYuan() {
  const format = useFormatter();
  return useMemo(
    () => (yuan: number) => format.number(yuan, { style: "currency", currency: "CNY", maximumFractionDigits: 0 }),
    [format],
  );
}

/** Hundredths of a point as "3.50". */
export const points = (hundredths: number | null) => (hundredths === null ? "–" : (hundredths / 100).toFixed(2));

export function downloadText(text: string, name: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.click();
  URL.revokeObjectURL(url);
}

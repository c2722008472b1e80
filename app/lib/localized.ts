import type { AppLocale } from "@/i18n/locale";

/** Reference data carries both languages in columns; pick the reader's, never mixing the two. */
export function pick<T extends Record<string, unknown>>(locale: string, row: T, field: string): string {
  const suffix = (locale as AppLocale) === "en" ? "En" : "Zh";
  const value = row[`${field}${suffix}`];
  return typeof value === "string" ? value : "";
}

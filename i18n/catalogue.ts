import type { Locale } from "@/shared/vocabulary";
import * as en from "./catalogue-en";
import * as zh from "./catalogue-zh-cn";

/** Both locales' catalogues, each merged from its area files (i18n/catalogue-<locale>.ts). */
export const catalogues: Record<Locale, Record<string, unknown>> = { en: en.catalogue, "zh-CN": zh.catalogue };

export const catalogueParts: Record<Locale, Record<string, unknown>[]> = { en: en.parts, "zh-CN": zh.parts };

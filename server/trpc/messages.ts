import { createTranslator, type AbstractIntlMessages } from "next-intl";
import { catalogues } from "@/i18n/catalogue";
import { describeIssue, type FieldIssue } from "@/i18n/validation-messages";
import type { Locale } from "@/shared/vocabulary";

const translators = new Map<Locale, ReturnType<typeof createTranslator>>();
function translatorFor(locale: Locale) {
  let translator = translators.get(locale);
  if (!translator) {
    translator = createTranslator({ locale, messages: catalogues[locale] as AbstractIntlMessages });
    translators.set(locale, translator);
  }
  return translator;
}

/**
 * An error's message in the page's language, from the catalogues only: the validation problems, or
 * the reason of an expected failure, or the tRPC code. A key missing from a catalogue is a test
 * failure (server/trpc/messages.test.ts), not English text in a Chinese page.
 */
export function serverMessage(
  locale: Locale,
  error: { code: string; reason: string | null; fieldErrors: FieldIssue[] | null },
): string {
  const translator = translatorFor(locale);
  const t = Object.assign(
    (key: string, values?: Record<string, string | number>) => translator(key as never, values as never),
    { has: (key: string) => translator.has(key as never) },
  );
  if (error.fieldErrors && error.fieldErrors.length > 0) {
    const scoped = Object.assign(
      (key: string, values?: Record<string, string | number>) => t(`validation.${key}`, values),
      { has: (key: string) => t.has(`validation.${key}`) },
    );
    return [...new Set(error.fieldErrors.map((issue) => describeIssue(issue, scoped)))].join(" ");
  }
  if (error.reason && t.has(`errors.reasons.${error.reason}`)) return t(`errors.reasons.${error.reason}`);
  if (t.has(`errors.codes.${error.code}`)) return t(`errors.codes.${error.code}`);
  return t("errors.unknown");
}

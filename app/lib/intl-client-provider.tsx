"use client";
import { NextIntlClientProvider, type AbstractIntlMessages } from "next-intl";
import { use, type ReactNode } from "react";
import type { AppLocale } from "@/i18n/locale";

/*
 * The catalogue reaches client components as a chunk of its own per locale, loaded once (then cached by
 * the browser and the service worker, like every hashed static file), rather than as a prop of the root
 * layout: a prop is written into every page's payload and HTML and read back on every server render,
 * and the catalogue is most of a page's bytes.
 */
const loaders: Record<AppLocale, () => Promise<{ catalogue: Record<string, unknown> }>> = {
  en: () => import("@/i18n/catalogue-en"),
  "zh-CN": () => import("@/i18n/catalogue-zh-cn"),
};

// One promise per locale for the life of the page (or the server process), so `use` reads it at once
// after the first load.
const loading = new Map<AppLocale, Promise<AbstractIntlMessages>>();

function catalogueOf(locale: AppLocale): Promise<AbstractIntlMessages> {
  let pending = loading.get(locale);
  if (!pending) {
    pending = loaders[locale]().then((module) => module.catalogue as AbstractIntlMessages);
    // A failed chunk load (the network dropped) is tried again on the next render, not remembered.
    pending.catch(() => loading.delete(locale));
    loading.set(locale, pending);
  }
  return pending;
}

export function IntlClientProvider({
  locale,
  timeZone,
  children,
}: {
  locale: AppLocale;
  timeZone: string;
  children: ReactNode;
}) {
  const messages = use(catalogueOf(locale));
  return (
    <NextIntlClientProvider locale={locale} messages={messages} timeZone={timeZone}>
      {children}
    </NextIntlClientProvider>
  );
}

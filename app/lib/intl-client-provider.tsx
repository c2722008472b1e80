"use client";
import { NextIntlClientProvider, type AbstractIntlMessages } from "next-intl";
import { use, type ReactNode } from "react";

/*
 * next-intl's client provider, without the catalogue in the page: a prop of the root layout is written
 * into every page's payload and HTML and read back on every server render, and the catalogue is most of
 * a page's bytes. In the browser it comes from the locale's catalogue script (app/lib/catalogue-script.ts),
 * which the root layout preloads and queues for Next's bootstrap to run before it hydrates, so it is
 * downloaded alongside the page's own chunks. Should it not have run (it failed, or the locale has just
 * been switched), the provider loads it and the page waits for it. The server's render reads the
 * catalogues from the bundle.
 */

type LoadedCatalogues = Partial<Record<string, AbstractIntlMessages>>;

const loading = new Map<string, Promise<AbstractIntlMessages>>();

function loadedCatalogue(locale: string): AbstractIntlMessages | undefined {
  return (window as { __xietongCatalogue?: LoadedCatalogues }).__xietongCatalogue?.[locale];
}

function injectScript(src: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = src;
    script.async = true;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error(`could not load ${src}`));
    document.head.appendChild(script);
  });
}

function catalogueFromScript(locale: string, src: string): Promise<AbstractIntlMessages> {
  let pending = loading.get(locale);
  if (!pending) {
    // One retry: a dropped connection should not leave the page without words.
    pending = injectScript(src)
      .catch(() => injectScript(src))
      .then(() => loadedCatalogue(locale) ?? Promise.reject(new Error(`${src} did not define ${locale}`)));
    // A failure is tried again on the next render, not remembered.
    pending.catch(() => loading.delete(locale));
    loading.set(locale, pending);
  }
  return pending;
}

// The server's render: one promise per locale for the life of the process, which `use` reads at once
// after the first request. `typeof window` is replaced at build time, so the browser's bundle has no
// import of the catalogues.
const serverLoading = new Map<string, Promise<AbstractIntlMessages>>();

function serverCatalogue(locale: string): Promise<AbstractIntlMessages> {
  let pending = serverLoading.get(locale);
  if (!pending) {
    pending = import("@/i18n/catalogue").then(
      ({ catalogues }) => (catalogues as Record<string, AbstractIntlMessages>)[locale] ?? {},
    );
    serverLoading.set(locale, pending);
  }
  return pending;
}

export function IntlClientProvider({
  locale,
  catalogueSrc,
  timeZone,
  now,
  children,
}: {
  locale: string;
  /** The locale's catalogue script (app/lib/catalogue-script.ts). */
  catalogueSrc: string;
  timeZone: string;
  /** The request's time: what relative times are rendered against on the server and at hydration. */
  now: Date;
  children: ReactNode;
}) {
  const messages =
    typeof window === "undefined"
      ? use(serverCatalogue(locale))
      : (loadedCatalogue(locale) ?? use(catalogueFromScript(locale, catalogueSrc)));
  return (
    <NextIntlClientProvider locale={locale} messages={messages} timeZone={timeZone} now={now}>
      {children}
    </NextIntlClientProvider>
  );
}

import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { preload } from "react-dom";
import { defaultLocale, isAppLocale } from "@/i18n/locale";
import { AppHeader } from "./components/app-header";
import { catalogueScript } from "./lib/catalogue-script";
import { LayoutEffects } from "./lib/layout-effects";
import { preHydrationGuardScript } from "./lib/pre-hydration-guard";
import { currentUser } from "./lib/server";
import { AppProviders } from "./providers";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("app");
  return {
    title: { default: `${t("name")} · ${t("tagline")}`, template: `%s · ${t("name")}` },
    description: t("tagline"),
    icons: { icon: "/icons/icon-192.png", apple: "/icons/apple-touch-icon.png" },
    appleWebApp: { capable: true, title: t("name") },
  };
}

export const viewport: Viewport = { themeColor: "#2453c7" };

/** The request's script nonce: server/app.ts puts the page's CSP on the request for Next to read. */
function scriptNonce(policy: string | null): string | undefined {
  return /'nonce-([^']+)'/.exec(policy ?? "")?.[1];
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  // One translator for the layout and its header: each getTranslations and each async component is a
  // read and a row of the page's payload of its own, on every page.
  const [requested, requestHeaders, user, t] = await Promise.all([
    getLocale(),
    headers(),
    currentUser(),
    getTranslations(),
  ]);
  const locale = isAppLocale(requested) ? requested : defaultLocale;
  const catalogue = catalogueScript(locale).path;
  const nonce = scriptNonce(requestHeaders.get("content-security-policy"));
  // The catalogue script is fetched alongside the page's chunks, and Next's bootstrap runs the scripts
  // queued in self.__next_s (what next/script's beforeInteractive queues) before it hydrates: the
  // provider then finds the catalogue (app/lib/intl-client-provider.tsx). next/script itself would add
  // 2 kB to every page's first load for this one line.
  preload(catalogue, { as: "script", nonce });
  return (
    <html lang={locale}>
      <head>
        {/* First in the page, before any form can be used (app/lib/pre-hydration-guard.ts). */}
        <script
          nonce={nonce}
          dangerouslySetInnerHTML={{
            __html: `${preHydrationGuardScript(t("app.pageNotLoaded"))};(self.__next_s=self.__next_s||[]).push([${JSON.stringify(catalogue)},{}])`,
          }}
        />
      </head>
      <body className="flex min-h-screen flex-col">
        <AppProviders intl={{ locale, catalogueSrc: catalogue, timeZone: "Asia/Shanghai", now: new Date() }}>
          <LayoutEffects />
          <a
            href="#main"
            className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:rounded focus:bg-white focus:px-3 focus:py-2"
          >
            {t("app.skipToContent")}
          </a>
          <AppHeader user={user} t={t} />
          <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-8">
            {children}
          </main>
          <footer className="border-t border-slate-200 bg-white py-4 text-center text-xs text-slate-500">
            {t("app.footer")}
            <span aria-hidden> · </span>
            <Link href="/open-data" className="font-medium text-brand-700 underline-offset-2 hover:underline">
              {t("openData.nav")}
            </Link>
          </footer>
        </AppProviders>
      </body>
    </html>
  );
}

import type { Metadata, Viewport } from "next";
import Link from "next/link";
import { getLocale, getMessages, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { AppHeader } from "./components/app-header";
import { IntlClientProvider } from "./lib/intl-client-provider";
import { currentUser } from "./lib/server";
import { Providers } from "./providers";
import { ServiceWorkerRegistration } from "./_features/offline/service-worker";
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

// Each locale's catalogue is one object for the life of the process: turn it into text once.
const catalogueText = new WeakMap<object, string>();

function catalogueTextOf(messages: object): string {
  let text = catalogueText.get(messages);
  if (text === undefined) catalogueText.set(messages, (text = JSON.stringify(messages)));
  return text;
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const [locale, messages, user, t, tOpen] = await Promise.all([
    getLocale(),
    getMessages(),
    currentUser(),
    getTranslations("app"),
    getTranslations("openData"),
  ]);
  return (
    <html lang={locale}>
      <body className="flex min-h-screen flex-col">
        <IntlClientProvider
          locale={locale}
          catalogue={catalogueTextOf(messages)}
          timeZone="Asia/Shanghai"
          now={new Date()}
        >
          <Providers>
            <a
              href="#main"
              className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:rounded focus:bg-white focus:px-3 focus:py-2"
            >
              {t("skipToContent")}
            </a>
            <ServiceWorkerRegistration />
            <AppHeader user={user} />
            <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-8">
              {children}
            </main>
            <footer className="border-t border-slate-200 bg-white py-4 text-center text-xs text-slate-500">
              {t("footer")}
              <span aria-hidden> · </span>
              <Link href="/open-data" className="font-medium text-brand-700 underline-offset-2 hover:underline">
                {tOpen("nav")}
              </Link>
            </footer>
          </Providers>
        </IntlClientProvider>
      </body>
    </html>
  );
}

"use client";
import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { useHydrated } from "./ui/until-hydrated";
import { localeCookie, supportedLocales, type AppLocale } from "@/i18n/locale";

export function LocaleSwitcher() {
  const locale = useLocale() as AppLocale;
  const t = useTranslations("locale");
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  // The buttons act only through their click handler: before the page's code ran, a press did nothing.
  const hydrated = useHydrated();
  const choose = (next: AppLocale) => {
    // A year-long cookie: the choice persists across visits and wins over the browser's language.
    document.cookie = `${localeCookie}=${next}; path=/; max-age=31536000; samesite=lax`;
    startTransition(() => router.refresh());
  };
  return (
    <div
      role="group"
      aria-label={t("switchTo")}
      className="inline-flex shrink-0 rounded-md ring-1 ring-slate-300"
      aria-busy={pending || undefined}
    >
      {supportedLocales.map((option) => (
        <button
          key={option}
          type="button"
          lang={option}
          onClick={() => choose(option)}
          disabled={!hydrated}
          aria-pressed={option === locale}
          className={`whitespace-nowrap px-2.5 py-1 text-xs font-medium first:rounded-l-md last:rounded-r-md ${
            option === locale ? "bg-brand-600 text-white" : "bg-white text-slate-700 hover:bg-slate-50"
          }`}
        >
          {t(option)}
        </button>
      ))}
    </div>
  );
}

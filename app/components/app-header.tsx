import Link from "next/link";
import type { getTranslations } from "next-intl/server";
import type { SessionUser } from "@/server/infra/auth/session";
import { ConnectionBadge } from "./connection-badge";
import { LocaleSwitcher } from "./locale-switcher";
import { NotificationBell } from "./notification-bell";
import { SearchForm } from "./search-box";
import { SignOutButton } from "./sign-out-button";
import { buttonClasses } from "./ui/button";

/** The catalogue's root translator, as `getTranslations()` gives it. */
export type Translator = Awaited<ReturnType<typeof getTranslations>>;

/**
 * The header, rendered with the root layout's translator: a plain function of its props, so the layout's
 * payload holds its markup in place rather than as awaited components of their own.
 */
export function AppHeader({ user, t }: { user: SessionUser | null; t: Translator }) {
  const links = [
    { href: "/", label: t("nav.home") },
    { href: "/forums", label: t("nav.forums") },
    { href: "/projects", label: t("nav.projects") },
    { href: "/meetings", label: t("nav.meetings") },
    { href: "/fund", label: t("fund.nav") },
    { href: "/achievements", label: t("achievements.nav") },
    { href: "/talent", label: t("talent.nav") },
    { href: "/alliances", label: t("alliances.nav") },
    ...(user?.role === "moderator" || user?.role === "admin"
      ? [{ href: "/moderation", label: t("moderation.nav") }]
      : []),
    ...(user?.role === "admin" ? [{ href: "/admin", label: t("nav.admin") }] : []),
  ];
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
        <Link href="/" className="flex items-baseline gap-2">
          <span className="text-xl font-bold text-brand-700">{t("app.name")}</span>
          {/* The English tagline is twice as long as the Chinese and would push the nav onto a second line. */}
          <span className="hidden text-xs text-slate-500 xl:inline xl:[&:lang(en)]:hidden">{t("app.tagline")}</span>
        </Link>
        <nav aria-label={t("nav.menu")} className="order-3 flex w-full gap-1 overflow-x-auto sm:order-none sm:w-auto">
          {links.map((link) => (
            <Link
              key={link.href}
              href={link.href}
              className="whitespace-nowrap rounded-md px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100"
            >
              {link.label}
            </Link>
          ))}
        </nav>
        <div className="order-4 w-full sm:order-none sm:w-auto">
          <SearchForm
            id="header-search"
            compact
            words={{ label: t("search.label"), placeholder: t("search.placeholder"), submit: t("search.submit") }}
          />
        </div>
        <div className="ml-auto flex items-center gap-3">
          <ConnectionBadge />
          <LocaleSwitcher />
          {user ? (
            <>
              <NotificationBell userId={user.id} />
              {/* Shown on phones too (shorter), so one's profile is never a hidden link. */}
              <Link
                href="/me"
                className="max-w-24 truncate rounded text-sm font-medium text-slate-700 hover:text-brand-700 focus:outline-none focus:ring-2 focus:ring-brand-300 sm:max-w-40"
                data-testid="current-user"
                aria-label={`${t("nav.profile")}: ${user.displayName}`}
              >
                {user.displayName}
              </Link>
              <SignOutButton />
            </>
          ) : (
            <Link href="/sign-in" className={buttonClasses("primary", "sm")}>
              {t("nav.signIn")}
            </Link>
          )}
        </div>
      </div>
    </header>
  );
}

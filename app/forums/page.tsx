import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { Badge, PageHeader } from "../components/ui/card";
import { pick } from "../lib/localized";
import { serverCaller } from "../lib/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("forums");
  return { title: t("title") };
}

export default async function ForumsPage() {
  const [t, tAdmin, locale, caller] = await Promise.all([
    getTranslations("forums"),
    getTranslations("admin"),
    getLocale(),
    serverCaller(),
  ]);
  const forums = await caller.forums.list();
  return (
    <div>
      <PageHeader title={t("title")} description={t("description")} />
      <ol className="space-y-4" data-testid="forum-list">
        {forums.map((forum) => (
          <li key={forum.id} className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
            <div className="flex flex-wrap items-center gap-2 text-xs">
              {forum.recommendation ? (
                <span className="font-medium text-brand-700">
                  {t("section", { section: forum.recommendation.section })}
                </span>
              ) : (
                <span className="font-medium text-slate-500">{t("otherForums")}</span>
              )}
              <Badge>{t("topicCount", { count: forum.topicCount })}</Badge>
              {forum.archivedAt ? <Badge tone="amber">{tAdmin("archivedBadge")}</Badge> : null}
            </div>
            <h2 className="mt-1 text-lg font-semibold">
              <Link href={`/forums/${forum.slug}`} className="hover:text-brand-700">
                {pick(locale, forum, "title")}
              </Link>
            </h2>
            <p className="mt-2 text-slate-600">{pick(locale, forum, "description")}</p>
          </li>
        ))}
      </ol>
    </div>
  );
}

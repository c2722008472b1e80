import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { getFormatter } from "@/app/lib/server-formatter";
import { AchievementTabs } from "@/app/_features/achievements/achievement-bits";
import { Alert, EmptyState, PageHeader } from "../../components/ui/card";
import { currentUser, serverCaller } from "../../lib/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("achievements.enquiries");
  return { title: t("title") };
}

export default async function EnquiriesPage() {
  const [t, tCommon, user, locale, format] = await Promise.all([
    getTranslations("achievements.enquiries"),
    getTranslations("common"),
    currentUser(),
    getLocale(),
    getFormatter(),
  ]);
  const list = user ? await (await serverCaller()).achievements.myEnquiries() : null;
  return (
    <div>
      <PageHeader title={t("title")} description={t("description")} />
      <AchievementTabs signedIn={user !== null} admin={user?.role === "admin"} />
      {!list ? (
        <Alert tone="info">{tCommon("signInRequired")}</Alert>
      ) : list.length === 0 ? (
        <EmptyState title={t("empty")} />
      ) : (
        <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
          {list.map((e) => (
            <li key={e.id} className="p-4">
              <Link href={`/achievements/enquiries/${e.id}`} className="font-medium text-brand-700 hover:underline">
                {t("about", { title: locale === "en" ? e.achievement.titleEn : e.achievement.titleZh })}
              </Link>
              <p className="text-xs text-slate-500">
                {t("from", { name: e.asker.displayName, organisation: e.asker.organisation })} ·{" "}
                {format.dateTime(e.lastMessageAt, { dateStyle: "medium", timeStyle: "short" })}
              </p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

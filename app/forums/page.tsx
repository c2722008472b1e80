import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { PageHeader } from "../components/ui/card";
import { pick } from "../lib/localized";
import { serverCaller } from "../lib/server";

export default async function ForumsPage() {
  const [t, locale, caller] = await Promise.all([getTranslations("forums"), getLocale(), serverCaller()]);
  const recommendations = await caller.reference.recommendations();
  return (
    <div>
      <PageHeader title={t("title")} description={t("description")} />
      <ol className="space-y-4">
        {recommendations.map((recommendation) => (
          <li key={recommendation.id} className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
            <p className="text-xs font-medium text-brand-700">{t("section", { section: recommendation.section })}</p>
            <h2 className="mt-1 text-lg font-semibold">
              <Link href={`/forums/${recommendation.slug}`} className="hover:text-brand-700">
                {pick(locale, recommendation, "title")}
              </Link>
            </h2>
            <p className="mt-2 text-slate-600">{pick(locale, recommendation, "summary")}</p>
          </li>
        ))}
      </ol>
    </div>
  );
}

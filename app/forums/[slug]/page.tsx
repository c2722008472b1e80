import { TRPCError } from "@trpc/server";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { Card, EmptyState, PageHeader } from "../../components/ui/card";
import { pick } from "../../lib/localized";
import { serverCaller } from "../../lib/server";

export default async function RecommendationPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const [t, locale, caller] = await Promise.all([getTranslations("forums"), getLocale(), serverCaller()]);
  const recommendation = await caller.reference.recommendation({ slug }).catch((error: unknown) => {
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) notFound();
    throw error;
  });
  return (
    <div className="space-y-6">
      <Link href="/forums" className="text-sm text-brand-700 hover:underline">
        ← {t("back")}
      </Link>
      <PageHeader title={pick(locale, recommendation, "title")} description={pick(locale, recommendation, "summary")} />
      <Card>
        <h2 className="text-lg font-semibold">{t("measures")}</h2>
        <ol className="mt-3 space-y-4">
          {recommendation.measures.map((measure) => (
            <li key={measure.id} className="flex gap-3">
              <span className="mt-0.5 shrink-0 self-start rounded bg-brand-50 px-2 py-0.5 font-mono text-xs text-brand-700">{measure.code}</span>
              <div>
                <h3 className="font-medium">{pick(locale, measure, "title")}</h3>
                <p className="text-sm text-slate-600">{pick(locale, measure, "text")}</p>
              </div>
            </li>
          ))}
        </ol>
      </Card>
      <section>
        <h2 className="mb-3 text-lg font-semibold">{t("topics")}</h2>
        <EmptyState title={t("topicsEmpty")}>{t("topicsEmptyHint")}</EmptyState>
      </section>
    </div>
  );
}

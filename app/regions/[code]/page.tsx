import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { ProjectFigures } from "../../components/project-figures";
import { Alert, Card, PageHeader } from "../../components/ui/card";
import { serverCaller } from "../../lib/server";
import { RegionRecognition } from "@/app/_features/talent/region-recognition";
import { RegionDeals } from "@/app/_features/achievements/region-deals";

async function load(code: string) {
  const caller = await serverCaller();
  return caller.projects.regionDashboard({ regionCode: code }).catch((error: unknown) => {
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) notFound();
    throw error;
  });
}

export async function generateMetadata({ params }: { params: Promise<{ code: string }> }): Promise<Metadata> {
  const [dashboard, locale] = await Promise.all([load((await params).code), getLocale()]);
  return { title: locale === "en" ? dashboard.region.nameEn : dashboard.region.nameZh };
}

export default async function RegionPage({ params }: { params: Promise<{ code: string }> }) {
  const [dashboard, t, locale, tFund] = await Promise.all([
    load((await params).code),
    getTranslations("dashboards"),
    getLocale(),
    getTranslations("fund.accountability"),
  ]);
  const { region } = dashboard;
  const name = locale === "en" ? region.nameEn : region.nameZh;
  const clusterName = locale === "en" ? region.cluster.nameEn : region.cluster.nameZh;
  return (
    <div className="space-y-6">
      <PageHeader
        title={t("regionTitle", { region: name })}
        description={
          <Link href={`/clusters/${region.cluster.code}`} className="text-brand-700 hover:underline">
            {t("inCluster", { cluster: clusterName })}
          </Link>
        }
      />
      {region.retiredAt ? <Alert tone="info">{t("retired")}</Alert> : null}
      <p className="flex gap-4 text-sm text-slate-600">
        <span>{t("leadCount", { count: dashboard.totals.asLead })}</span>
        <span>{t("partnerCount", { count: dashboard.totals.asPartner })}</span>
      </p>
      <ProjectFigures
        label={name}
        byStatus={dashboard.byStatus}
        totals={dashboard.totals}
        network={dashboard.network}
      />
      <Card>
        <h2 className="font-semibold">{tFund("cardTitle")}</h2>
        <p className="mt-1 text-sm text-slate-600">{tFund("cardRegion")}</p>
        <Link href={`/fund/accountability?region=${region.code}`} className="text-sm text-brand-700 hover:underline">
          {tFund("open")} →
        </Link>
      </Card>
      <RegionDeals regionId={region.id} />
      <RegionRecognition regionId={region.id} />
    </div>
  );
}

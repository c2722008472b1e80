import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { getFormatter } from "@/app/lib/server-formatter";
import { ProjectFigures } from "../../components/project-figures";
import { Card, PageHeader } from "../../components/ui/card";
import { pick } from "../../lib/localized";
import { serverCaller } from "../../lib/server";

async function load(code: string) {
  const caller = await serverCaller();
  return caller.projects.clusterDashboard({ clusterCode: code }).catch((error: unknown) => {
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) notFound();
    throw error;
  });
}

export async function generateMetadata({ params }: { params: Promise<{ code: string }> }): Promise<Metadata> {
  const [dashboard, locale] = await Promise.all([load((await params).code), getLocale()]);
  return { title: pick(locale, dashboard.cluster, "name") };
}

export default async function ClusterPage({ params }: { params: Promise<{ code: string }> }) {
  const [dashboard, t, locale, format, ta, tFund] = await Promise.all([
    load((await params).code),
    getTranslations("dashboards"),
    getLocale(),
    getFormatter(),
    getTranslations("alliances"),
    getTranslations("fund.accountability"),
  ]);
  const name = pick(locale, dashboard.cluster, "name");
  const regionName = (r: { nameZh: string; nameEn: string }) => (locale === "en" ? r.nameEn : r.nameZh);
  return (
    <div className="space-y-6">
      <PageHeader
        title={t("clusterTitle", { cluster: name })}
        description={pick(locale, dashboard.cluster, "description")}
        actions={
          <Link
            className="text-sm text-brand-700 hover:underline"
            href={`/alliances/clusters/${dashboard.cluster.code}`}
          >
            {ta("clusterMatrices")} →
          </Link>
        }
      />
      <Card>
        <h2 className="font-semibold">{tFund("cardTitle")}</h2>
        <p className="mt-1 text-sm text-slate-600">{tFund("cardCluster")}</p>
        <Link
          href={`/fund/accountability?cluster=${dashboard.cluster.code}`}
          className="text-sm text-brand-700 hover:underline"
        >
          {tFund("open")} →
        </Link>
      </Card>
      <ProjectFigures
        label={name}
        byStatus={dashboard.byStatus}
        totals={dashboard.totals}
        network={dashboard.network}
      />
      <Card>
        <h2 className="mb-3 font-semibold">{t("perRegion")}</h2>
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="text-xs text-slate-500">
              <tr>
                <th scope="col" className="py-1 pr-3 font-medium" />
                <th scope="col" className="py-1 pr-3 font-medium">
                  {t("asLead")}
                </th>
                <th scope="col" className="py-1 pr-3 font-medium">
                  {t("asPartner")}
                </th>
                <th scope="col" className="py-1 font-medium">
                  {t("budget")}
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {dashboard.perRegion.map((row) => (
                <tr key={row.region.id}>
                  <th scope="row" className="py-2 pr-3 font-medium">
                    <Link href={`/regions/${row.region.code}`} className="text-brand-700 hover:underline">
                      {regionName(row.region)}
                    </Link>
                  </th>
                  <td className="py-2 pr-3 tabular-nums">{row.asLead}</td>
                  <td className="py-2 pr-3 tabular-nums">{row.asPartner}</td>
                  <td className="py-2 tabular-nums">
                    {format.number(row.leadBudgetYuan, {
                      style: "currency",
                      currency: "CNY",
                      currencyDisplay: "narrowSymbol",
                      maximumFractionDigits: 0,
                    })}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>
    </div>
  );
}

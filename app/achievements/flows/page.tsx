import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { getFormatter } from "@/app/lib/server-formatter";
import { AchievementTabs } from "@/app/_features/achievements/achievement-bits";
import { AchievementsExport } from "@/app/_features/achievements/export-buttons";
import type { ChartSpec } from "../../components/charts/chart-spec";
import { Card, EmptyState, PageHeader } from "../../components/ui/card";
import { currentUser, serverCaller } from "../../lib/server";
import { ClusterCharts } from "./cluster-charts";
import { FlowCharts } from "./flow-charts";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("achievements.flows");
  return { title: t("title") };
}

export default async function FlowsPage() {
  const [t, user, locale, format] = await Promise.all([
    getTranslations("achievements.flows"),
    currentUser(),
    getLocale(),
    getFormatter(),
  ]);
  const caller = await serverCaller();
  const [{ regions, flows, deals }, figures] = await Promise.all([
    caller.achievements.flows(),
    caller.achievements.clusterFigures(),
  ]);
  const name = (id: number) => {
    const region = regions.find((r) => r.id === id);
    return region ? (locale === "en" ? region.nameEn : region.nameZh) : "—";
  };
  // A region that both sends and receives is two nodes: a Sankey diagram cannot draw a cycle.
  const sankey: ChartSpec = {
    kind: "flows",
    nodes: [
      ...[...new Set(flows.map((f) => f.from))].map((id) => ({ name: t("outNode", { name: name(id) }) })),
      ...[...new Set(flows.map((f) => f.to))].map((id) => ({ name: t("inNode", { name: name(id) }) })),
    ],
    links: flows.map((f) => ({
      source: t("outNode", { name: name(f.from) }),
      target: t("inNode", { name: name(f.to) }),
      value: f.deals,
    })),
  };
  const involved = [...new Set(flows.flatMap((f) => [f.from, f.to]))];
  const sum = (id: number, side: "from" | "to") => flows.filter((f) => f[side] === id).reduce((n, f) => n + f.deals, 0);
  const bars: ChartSpec = {
    kind: "bars",
    horizontal: true,
    categories: involved.map(name),
    series: [
      { name: t("out"), values: involved.map((id) => sum(id, "from")) },
      { name: t("in"), values: involved.map((id) => sum(id, "to")) },
    ],
  };
  const quarter = (q: string) => t("quarter", { year: q.slice(0, 4), number: q.slice(6) });
  // One count scale for the three charts, so a taller line always means more.
  const top = Math.max(1, ...figures.clusters.flatMap((c) => [...c.achievements, ...c.dealsSold, ...c.dealsBought]));
  const clusterName = (id: number) => {
    const cluster = figures.clusterNames.find((c) => c.id === id);
    return cluster ? (locale === "en" ? cluster.nameEn : cluster.nameZh) : "—";
  };
  const clusterCharts = (["achievements", "dealsSold", "dealsBought"] as const).map((measure) => ({
    caption: t(`clusters.${measure}`),
    testId: `cluster-${measure}`,
    spec: {
      kind: "lines",
      max: top,
      categories: figures.quarters.map(quarter),
      series: figures.clusters.map((c) => ({ name: clusterName(c.clusterId), values: c[measure] })),
    } satisfies ChartSpec,
  }));
  const yuan = (n: number) =>
    format.number(n, { style: "currency", currency: "CNY", currencyDisplay: "narrowSymbol", maximumFractionDigits: 0 });
  return (
    <div>
      <PageHeader title={t("title")} description={t("description")} />
      <AchievementTabs signedIn={user !== null} admin={user?.role === "admin"} />
      <div className="mb-4 flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm text-slate-600">{t("deals", { count: deals })}</p>
        <AchievementsExport />
      </div>
      {flows.length === 0 ? (
        <EmptyState title={t("empty")} />
      ) : (
        <div className="space-y-6">
          <FlowCharts sankey={sankey} bars={bars} sankeyCaption={t("chartLabel")} barsCaption={t("outIn")} />
          <Card>
            <table className="w-full text-left text-sm">
              <caption className="mb-2 text-left font-semibold text-slate-900">{t("chartLabel")}</caption>
              <thead>
                <tr className="border-b border-slate-200 text-slate-500">
                  <th scope="col" className="py-2">
                    {t("from")}
                  </th>
                  <th scope="col">{t("to")}</th>
                  <th scope="col" className="text-right">
                    {t("count")}
                  </th>
                  <th scope="col" className="text-right">
                    {t("value")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {flows.map((f) => (
                  <tr key={`${f.from}-${f.to}`} className="border-b border-slate-100">
                    <th scope="row" className="py-2 font-normal">
                      {name(f.from)}
                    </th>
                    <td>{name(f.to)}</td>
                    <td className="text-right tabular-nums">{f.deals}</td>
                    <td className="text-right tabular-nums">
                      {f.publishedValueYuan ? yuan(f.publishedValueYuan) : "—"}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Card>
        </div>
      )}
      <section className="mt-8" aria-labelledby="cluster-figures">
        <h2 id="cluster-figures" className="mb-1 text-lg font-semibold text-slate-900">
          {t("clusters.title")}
        </h2>
        <p className="mb-4 text-sm text-slate-600">{t("clusters.description")}</p>
        {figures.quarters.length === 0 ? (
          <EmptyState title={t("clusters.empty")} />
        ) : (
          <ClusterCharts charts={clusterCharts} />
        )}
      </section>
    </div>
  );
}

import { getLocale, getTranslations } from "next-intl/server";
import { getFormatter } from "@/app/lib/server-formatter";
import type { ProjectStatus } from "@/server/features/projects/rules/project-lifecycle";
import type { RegionLink } from "@/server/features/projects/rules/project-network";
import { Card, EmptyState } from "./ui/card";
import { StackedBars } from "./charts/stacked-bars";

/** The look of a Card, on a plain div: a <section> may not stand inside a <dl>. */
const figureCard = "rounded-lg border border-slate-200 bg-white p-5 shadow-sm";

const statusColor: Record<ProjectStatus, string> = {
  draft: "bg-slate-300",
  submitted: "bg-brand-500",
  voting: "bg-amber-400",
  approved: "bg-emerald-500",
  rejected: "bg-red-400",
  archived: "bg-slate-400",
  withdrawn: "bg-slate-200",
};

interface Named {
  id: number;
  nameZh: string;
  nameEn: string;
}

/** The figures a region's and a cluster's page share: status bars, totals, and the partner matrix. */
export async function ProjectFigures({
  label,
  byStatus,
  totals,
  network,
}: {
  label: string;
  byStatus: { status: ProjectStatus; projects: number }[];
  totals: { projects: number; activeProjects: number; budgetRequestedYuan: number };
  network: { nodes: Named[]; links: RegionLink[] };
}) {
  const [t, tStatus, format, locale] = await Promise.all([
    getTranslations("dashboards"),
    getTranslations("projects.statuses"),
    getFormatter(),
    getLocale(),
  ]);
  const name = (r: Named) => (locale === "en" ? r.nameEn : r.nameZh);
  const legend = byStatus.map((row) => ({
    key: row.status,
    label: tStatus(row.status),
    color: statusColor[row.status],
  }));
  const shared = (a: number, b: number) =>
    network.links.find((l) => (l.a === a && l.b === b) || (l.a === b && l.b === a))?.projects ?? 0;
  const max = Math.max(1, ...network.links.map((l) => l.projects));
  return (
    <div className="space-y-6">
      <dl className="grid gap-4 sm:grid-cols-3">
        <div className={figureCard}>
          <dt className="text-sm text-slate-500">{t("total")}</dt>
          <dd className="mt-1 text-2xl font-semibold tabular-nums">{format.number(totals.projects)}</dd>
        </div>
        <div className={figureCard}>
          <dt className="text-sm text-slate-500">{t("active")}</dt>
          <dd className="mt-1 text-2xl font-semibold tabular-nums">{format.number(totals.activeProjects)}</dd>
        </div>
        <div className={figureCard}>
          <dt className="text-sm text-slate-500">{t("budget")}</dt>
          <dd className="mt-1 text-2xl font-semibold tabular-nums">
            {format.number(totals.budgetRequestedYuan, {
              style: "currency",
              currency: "CNY",
              currencyDisplay: "narrowSymbol",
              maximumFractionDigits: 0,
            })}
          </dd>
          <dd className="mt-1 text-xs text-slate-500">{t("budgetHint")}</dd>
        </div>
      </dl>
      <Card>
        <h2 className="mb-3 font-semibold">{t("byStatus")}</h2>
        <StackedBars
          caption={t("byStatus")}
          legend={legend}
          totalLabel={(total) => t("projectsCount", { count: total })}
          rows={[
            {
              key: "all",
              label,
              total: totals.projects,
              segments: byStatus.map((row) => ({
                key: row.status,
                label: tStatus(row.status),
                value: row.projects,
                color: statusColor[row.status],
              })),
            },
          ]}
        />
      </Card>
      <Card>
        <h2 className="font-semibold">{t("network")}</h2>
        <p className="mb-3 text-xs text-slate-500">{t("networkHint")}</p>
        {network.links.length === 0 ? (
          <EmptyState title={t("networkEmpty")} />
        ) : (
          <div className="overflow-x-auto">
            <table className="border-separate border-spacing-1 text-sm" data-testid="partner-matrix">
              <caption className="sr-only">{t("network")}</caption>
              <thead>
                <tr>
                  <td />
                  {network.nodes.map((n) => (
                    <th key={n.id} scope="col" className="px-1 text-xs font-medium text-slate-600">
                      {name(n)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {network.nodes.map((row) => (
                  <tr key={row.id}>
                    <th scope="row" className="whitespace-nowrap pr-2 text-left text-xs font-medium text-slate-600">
                      {name(row)}
                    </th>
                    {network.nodes.map((col) => {
                      const count = row.id === col.id ? null : shared(row.id, col.id);
                      return (
                        <td
                          key={col.id}
                          className={`size-10 rounded text-center tabular-nums ${count === null ? "bg-slate-50" : count === 0 ? "bg-slate-100 text-slate-400" : "bg-brand-600 text-white"}`}
                          style={count ? { opacity: 0.35 + (0.65 * count) / max } : undefined}
                        >
                          {count === null ? "" : count}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </div>
  );
}

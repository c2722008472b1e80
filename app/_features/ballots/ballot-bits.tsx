"use client";
import { useTranslations } from "next-intl";
import { StackedBars } from "../../components/charts/stacked-bars";
import type { PlanView } from "./ballot-views";
import { regionNameOf, type RegionInfo } from "./project-regions";
import { usePercent } from "./use-percent";

// Only the plan-shares chart is left here; it moves to the shared chart module with the other charts.
/** A plan's cost and benefit shares as two stacked bars, one segment per region. */
export function PlanSharesChart({
  plan,
  regions,
  caption,
}: {
  plan: Pick<PlanView, "shares">;
  regions: readonly RegionInfo[];
  caption: string;
}) {
  const t = useTranslations("ballots");
  const percent = usePercent();
  const segments = (field: "costBp" | "benefitBp") =>
    regions.map((r) => ({
      key: String(r.id),
      label: r.name,
      value: (plan.shares.find((s) => s.regionId === r.id)?.[field] ?? 0) / 100,
      color: r.color,
    }));
  return (
    <div className="space-y-2">
      <StackedBars
        caption={caption}
        legend={regions.map((r) => ({ key: String(r.id), label: r.name, color: r.color }))}
        totalLabel={(total) => percent(total * 100)}
        rows={[
          { key: "cost", label: t("plans.cost"), total: 100, segments: segments("costBp") },
          { key: "benefit", label: t("plans.benefit"), total: 100, segments: segments("benefitBp") },
        ]}
      />
      <table className="w-full text-xs tabular-nums text-slate-600">
        <thead>
          <tr className="text-left text-slate-500">
            <th className="py-1 font-medium">{t("plans.region")}</th>
            <th className="py-1 text-right font-medium">{t("plans.cost")}</th>
            <th className="py-1 text-right font-medium">{t("plans.benefit")}</th>
          </tr>
        </thead>
        <tbody>
          {plan.shares.map((s) => (
            <tr key={s.regionId} className="border-t border-slate-100">
              <td className="py-1">
                <span
                  className={`mr-1.5 inline-block size-2 rounded-sm ${regions.find((r) => r.id === s.regionId)?.color ?? "bg-slate-400"}`}
                  aria-hidden
                />
                {regionNameOf(regions, s.regionId)}
              </td>
              <td className="py-1 text-right">{percent(s.costBp)}</td>
              <td className="py-1 text-right">{percent(s.benefitBp)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

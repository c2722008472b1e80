"use client";
import { Chart } from "../../components/charts/chart";
import type { ChartSpec } from "../../components/charts/chart-spec";
import { Card } from "../../components/ui/card";

/** Figures per cluster over quarters, one line per cluster, every chart on the same count scale. */
export function ClusterCharts({ charts }: { charts: { caption: string; spec: ChartSpec; testId: string }[] }) {
  return (
    <div className="grid gap-6 lg:grid-cols-3">
      {charts.map((chart) => (
        <Card key={chart.testId}>
          <h3 className="mb-2 font-semibold text-slate-900">{chart.caption}</h3>
          <Chart spec={chart.spec} caption={chart.caption} height={260} testId={chart.testId} />
        </Card>
      ))}
    </div>
  );
}

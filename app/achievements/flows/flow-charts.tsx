"use client";
import { Chart } from "../../components/charts/chart";
import type { ChartSpec } from "../../components/charts/chart-spec";
import { Card } from "../../components/ui/card";

/** The Sankey of deals and the out/in bars on one count scale; ECharts loads only on this page. */
export function FlowCharts({
  sankey,
  bars,
  sankeyCaption,
  barsCaption,
}: {
  sankey: ChartSpec;
  bars: ChartSpec;
  sankeyCaption: string;
  barsCaption: string;
}) {
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <Card>
        <h2 className="mb-2 font-semibold text-slate-900">{sankeyCaption}</h2>
        <Chart spec={sankey} caption={sankeyCaption} height={320} testId="flow-chart" />
      </Card>
      <Card>
        <h2 className="mb-2 font-semibold text-slate-900">{barsCaption}</h2>
        <Chart spec={bars} caption={barsCaption} height={320} testId="flow-bars" />
      </Card>
    </div>
  );
}

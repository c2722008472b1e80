// The only module that imports ECharts. Loaded with import() by <Chart> when a chart mounts, so pages
// without charts never download it, and only the chart kinds in ChartSpec are registered.
import { BarChart, LineChart, SankeyChart, ScatterChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import { init, use as registerEcharts } from "echarts/core";
import { SVGRenderer } from "echarts/renderers";

registerEcharts([
  BarChart,
  LineChart,
  ScatterChart,
  SankeyChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  SVGRenderer,
]);

export { init };

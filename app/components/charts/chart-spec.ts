import { paletteColor } from "./palette";

/**
 * What a chart shows, as plain data: serialisable (a server component may build it), renderer-free (the
 * same spec gives the ECharts option and the screen-reader table), so the picture and the table can
 * never disagree.
 */
export interface ChartSeries {
  name: string;
  values: number[];
  color?: string;
}

export type ChartSpec =
  | {
      kind: "bars";
      categories: string[];
      series: ChartSeries[];
      stacked?: boolean;
      /** Bars run left to right, categories down the side: better for long names and phones. */
      horizontal?: boolean;
      /** Fix the value axis so several charts share one scale. */
      max?: number;
      /** With `max`, for values either side of zero (a drift). */
      min?: number;
      /** Counts: the value axis ticks whole numbers only. */
      integers?: boolean;
    }
  | { kind: "lines"; categories: string[]; series: ChartSeries[]; max?: number }
  | {
      kind: "scatter";
      groups: {
        name: string;
        color?: string;
        /** Dot size in pixels (10 by default); `outline` draws a ring of that colour around each dot. */
        size?: number;
        outline?: string;
        /** `symbol`: an ECharts symbol ("circle", "path://…") for this dot; the group's default otherwise. */
        points: { x: number; y: number; label: string; symbol?: string }[];
      }[];
      xLabel?: string;
      yLabel?: string;
    }
  | {
      kind: "flows";
      nodes: { name: string; color?: string }[];
      links: { source: string; target: string; value: number }[];
    };

export interface ChartTableData {
  columns: string[];
  rows: { header: string; cells: string[] }[];
}

export type ValueFormatter = (value: number) => string;

/** The same figures as the picture, one row per category, point or flow. */
export function chartTable(
  spec: ChartSpec,
  format: ValueFormatter,
  words: { group: string; x: string; y: string; from: string; to: string; value: string },
): ChartTableData {
  switch (spec.kind) {
    case "bars":
    case "lines":
      return {
        columns: spec.series.map((s) => s.name),
        rows: spec.categories.map((category, i) => ({
          header: category,
          cells: spec.series.map((s) => format(s.values[i] ?? 0)),
        })),
      };
    case "scatter":
      return {
        columns: [words.group, spec.xLabel ?? words.x, spec.yLabel ?? words.y],
        rows: spec.groups.flatMap((group) =>
          group.points.map((p) => ({
            header: p.label,
            cells: [group.name, p.x.toFixed(2), p.y.toFixed(2)],
          })),
        ),
      };
    case "flows":
      return {
        columns: [words.to, words.value],
        rows: spec.links.map((link) => ({ header: link.source, cells: [link.target, format(link.value)] })),
      };
  }
}

const axisLabel = { color: "#475569" };
/**
 * One line of legend whatever the width: the grid leaves it 32 px, and a legend that wrapped on a phone
 * drew its second line over the plot. Past the width it pages with arrows.
 */
const legend = { type: "scroll", top: 0, textStyle: axisLabel };
const splitLine = { lineStyle: { color: "#e2e8f0" } };

/** The ECharts option for a spec (a plain object: the renderer module is loaded only in the browser). */
export function chartOption(spec: ChartSpec, format: ValueFormatter, fontFamily: string): Record<string, unknown> {
  const base = {
    animationDuration: 300,
    textStyle: { fontFamily },
    tooltip: { trigger: spec.kind === "scatter" || spec.kind === "flows" ? "item" : "axis", confine: true },
    aria: { enabled: false },
  };
  switch (spec.kind) {
    case "bars":
    case "lines": {
      const valueAxis = {
        type: "value",
        max: spec.max,
        min: spec.kind === "bars" ? spec.min : undefined,
        minInterval: spec.kind === "bars" && spec.integers ? 1 : undefined,
        // Money labels ("¥1500万") are wide; on a phone every other one would overlap.
        axisLabel: { ...axisLabel, formatter: format, hideOverlap: true },
        splitLine,
      };
      const categoryAxis = { type: "category", data: spec.categories, axisLabel, axisTick: { show: false } };
      const horizontal = spec.kind === "bars" && spec.horizontal === true;
      return {
        ...base,
        legend: spec.series.length > 1 ? legend : undefined,
        grid: { left: 8, right: 16, top: spec.series.length > 1 ? 32 : 8, bottom: 8, containLabel: true },
        xAxis: horizontal ? valueAxis : categoryAxis,
        yAxis: horizontal ? { ...categoryAxis, inverse: true } : valueAxis,
        tooltip: { ...base.tooltip, valueFormatter: format },
        series: spec.series.map((s, i) => ({
          name: s.name,
          type: spec.kind === "bars" ? "bar" : "line",
          stack: spec.kind === "bars" && spec.stacked ? "total" : undefined,
          data: s.values,
          itemStyle: { color: s.color ?? paletteColor(i) },
          barMaxWidth: 28,
        })),
      };
    }
    case "scatter":
      return {
        ...base,
        legend,
        grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
        xAxis: { type: "value", name: spec.xLabel, axisLabel, splitLine, scale: true },
        yAxis: { type: "value", name: spec.yLabel, axisLabel, splitLine, scale: true },
        series: spec.groups.map((group, i) => ({
          name: group.name,
          type: "scatter",
          symbolSize: group.size ?? 10,
          itemStyle: {
            color: group.color ?? paletteColor(i),
            opacity: 0.85,
            ...(group.outline ? { borderColor: group.outline, borderWidth: 2, opacity: 1 } : {}),
          },
          // A marked group (the reader's own dot) is drawn above the others.
          z: group.outline ? 3 : 2,
          data: group.points.map((p) => ({ value: [p.x, p.y], name: p.label, symbol: p.symbol })),
        })),
      };
    case "flows":
      return {
        ...base,
        tooltip: { ...base.tooltip, valueFormatter: format },
        series: [
          {
            type: "sankey",
            left: 8,
            right: 96,
            top: 8,
            bottom: 8,
            nodeGap: 12,
            emphasis: { focus: "adjacency" },
            lineStyle: { color: "gradient", opacity: 0.45 },
            label: { color: "#334155" },
            data: spec.nodes.map((node, i) => ({
              name: node.name,
              itemStyle: { color: node.color ?? paletteColor(i) },
            })),
            links: spec.links.filter((link) => link.value > 0),
          },
        ],
      };
  }
}

import { describe, expect, it } from "vitest";
import { chartOption, chartTable, type ChartSpec } from "./chart-spec";
import { paletteColor } from "./palette";

const words = { group: "group", x: "x", y: "y", from: "from", to: "to", value: "value" };
const format = (value: number) => `${value}¥`;

describe("chart specs", () => {
  const bars: ChartSpec = {
    kind: "bars",
    categories: ["Shanghai", "Shenzhen"],
    series: [
      { name: "contributed", values: [300, 200] },
      { name: "committed", values: [250] },
    ],
    stacked: false,
    horizontal: true,
    max: 400,
  };

  it("tables bars by category with every series' value formatted, missing values as zero", () => {
    expect(chartTable(bars, format, words)).toEqual({
      columns: ["contributed", "committed"],
      rows: [
        { header: "Shanghai", cells: ["300¥", "250¥"] },
        { header: "Shenzhen", cells: ["200¥", "0¥"] },
      ],
    });
  });

  it("draws horizontal bars on one fixed value axis, categories in reading order", () => {
    const option = chartOption(bars, format, "Noto Sans") as {
      xAxis: { type: string; max?: number };
      yAxis: { type: string; inverse?: boolean; data: string[] };
      series: { type: string; stack?: string; itemStyle: { color: string } }[];
    };
    expect(option.xAxis).toMatchObject({ type: "value", max: 400 });
    expect(option.yAxis).toMatchObject({ type: "category", inverse: true, data: ["Shanghai", "Shenzhen"] });
    expect(option.series.map((s) => [s.type, s.stack, s.itemStyle.color])).toEqual([
      ["bar", undefined, paletteColor(0)],
      ["bar", undefined, paletteColor(1)],
    ]);
  });

  it("ticks whole numbers only on a count's axis", () => {
    const axis = (spec: typeof bars) => (chartOption(spec, format, "x") as { xAxis: { minInterval?: number } }).xAxis;
    expect(axis({ ...bars, integers: true }).minInterval).toBe(1);
    expect(axis(bars).minInterval).toBeUndefined();
  });

  it("stacks bars only when asked", () => {
    const option = chartOption({ ...bars, stacked: true }, format, "x") as { series: { stack?: string }[] };
    expect(option.series.every((s) => s.stack === "total")).toBe(true);
  });

  it("tables scatter points with their group and coordinates", () => {
    const spec: ChartSpec = {
      kind: "scatter",
      groups: [{ name: "A", points: [{ x: 0.5, y: -1, label: "p1" }] }],
      xLabel: "PC1",
    };
    expect(chartTable(spec, format, words)).toEqual({
      columns: ["group", "PC1", "y"],
      rows: [{ header: "p1", cells: ["A", "0.50", "-1.00"] }],
    });
  });

  it("draws each scatter point in its own shape when given one, and rings a marked group above the rest", () => {
    const spec: ChartSpec = {
      kind: "scatter",
      groups: [
        {
          name: "A",
          points: [
            { x: 0, y: 0, label: "p1", symbol: "triangle" },
            { x: 1, y: 1, label: "p2" },
          ],
        },
        { name: "me", size: 16, outline: "#ffffff", points: [{ x: 2, y: 2, label: "p3", symbol: "rect" }] },
      ],
    };
    const option = chartOption(spec, format, "x") as {
      series: {
        symbolSize: number;
        z: number;
        itemStyle: { borderWidth?: number };
        data: { symbol?: string }[];
      }[];
    };
    expect(option.series[0]!.data.map((d) => d.symbol)).toEqual(["triangle", undefined]);
    expect(option.series[0]!.itemStyle.borderWidth).toBeUndefined();
    expect(option.series[1]).toMatchObject({ symbolSize: 16, itemStyle: { borderWidth: 2 } });
    expect(option.series[1]!.z).toBeGreaterThan(option.series[0]!.z);
    // The table is the same with or without shapes.
    expect(chartTable(spec, format, words).rows.map((r) => r.header)).toEqual(["p1", "p2", "p3"]);
  });

  it("drops empty flows from the picture but keeps them in the table", () => {
    const spec: ChartSpec = {
      kind: "flows",
      nodes: [{ name: "Shenzhen" }, { name: "Suzhou" }, { name: "Qingdao" }],
      links: [
        { source: "Shenzhen", target: "Suzhou", value: 5 },
        { source: "Shenzhen", target: "Qingdao", value: 0 },
      ],
    };
    const option = chartOption(spec, format, "x") as { series: { links: unknown[] }[] };
    expect(option.series[0]!.links).toHaveLength(1);
    expect(chartTable(spec, format, words).rows).toHaveLength(2);
  });

  it("cycles the palette for any index", () => {
    expect(paletteColor(8)).toBe(paletteColor(0));
    expect(paletteColor(-1)).toBe(paletteColor(7));
  });
});

"use client";
import { useFormatter, useTranslations, type NumberFormatOptions } from "next-intl";
import { useEffect, useMemo, useRef, useState } from "react";
import { chartOption, chartTable, type ChartSpec } from "./chart-spec";

type Runtime = typeof import("./echarts-runtime");
let runtime: Promise<Runtime> | null = null;
function loadRuntime(): Promise<Runtime> {
  runtime ??= import("./echarts-runtime").catch((error: unknown) => {
    runtime = null; // a failed chunk load may succeed on the next mount
    throw error;
  });
  return runtime;
}

/**
 * Every chart of the product goes through here (simple region bars through StackedBars beside it): the
 * picture is drawn by ECharts, loaded on first use, and the same figures are always in a table — hidden
 * for sighted readers, shown if the picture cannot be drawn.
 */
export function Chart({
  spec,
  caption,
  height = 280,
  valueFormat,
  testId,
}: {
  spec: ChartSpec;
  /** What the chart shows, read by screen readers as the table's caption. */
  caption: string;
  height?: number;
  valueFormat?: NumberFormatOptions;
  testId?: string;
}) {
  const t = useTranslations("charts");
  const formatter = useFormatter();
  const container = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<"loading" | "ready" | "error">("loading");
  const format = useMemo(() => (value: number) => formatter.number(value, valueFormat), [formatter, valueFormat]);
  const table = useMemo(
    () =>
      chartTable(spec, format, {
        group: t("group"),
        x: t("x"),
        y: t("y"),
        from: t("from"),
        to: t("to"),
        value: t("value"),
      }),
    [spec, format, t],
  );

  // The chart is made once per mount; a new spec (a live tally moving) updates it in place.
  const chartRef = useRef<ReturnType<Runtime["init"]> | null>(null);
  useEffect(() => {
    const element = container.current;
    if (!element) return;
    let disposed = false;
    let dispose = () => {};
    loadRuntime()
      .then(({ init }) => {
        if (disposed) return;
        const chart = init(element, undefined, { renderer: "svg" });
        const resize = new ResizeObserver(() => chart.resize());
        resize.observe(element);
        chartRef.current = chart;
        dispose = () => {
          resize.disconnect();
          chart.dispose();
          chartRef.current = null;
        };
        setState("ready");
      })
      .catch(() => {
        if (!disposed) setState("error");
      });
    return () => {
      disposed = true;
      dispose();
    };
  }, []);

  useEffect(() => {
    const chart = chartRef.current;
    const element = container.current;
    if (state !== "ready" || !chart || !element) return;
    const fontFamily = getComputedStyle(element).fontFamily || "sans-serif";
    const reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    chart.setOption({ ...chartOption(spec, format, fontFamily), animation: !reduceMotion }, { notMerge: true });
  }, [state, spec, format]);

  return (
    <figure className="relative overflow-hidden" data-testid={testId} data-state={state}>
      <div
        ref={container}
        aria-hidden
        className={state === "loading" ? "animate-pulse rounded bg-slate-100" : ""}
        style={{ height, display: state === "error" ? "none" : undefined }}
      />
      {state === "error" ? (
        <p role="status" className="mb-2 text-sm text-slate-600">
          {t("failed")}
        </p>
      ) : null}
      <table className={state === "error" ? "w-full text-sm tabular-nums" : "sr-only"}>
        <caption className={state === "error" ? "text-left font-medium" : undefined}>{caption}</caption>
        <thead>
          <tr>
            <th scope="col" />
            {table.columns.map((column) => (
              <th key={column} scope="col" className="text-left">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, i) => (
            <tr key={`${row.header}-${i}`}>
              <th scope="row" className="text-left font-normal">
                {row.header}
              </th>
              {row.cells.map((cell, j) => (
                <td key={j}>{cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

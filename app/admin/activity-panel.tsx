"use client";
import { useQuery } from "@tanstack/react-query";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { Alert, Card, EmptyState, Skeleton } from "../components/ui/card";
import { Field, SelectInput } from "../components/ui/field";
import { Chart } from "../components/charts/chart";
import type { ChartSpec } from "../components/charts/chart-spec";
import { StackedBars } from "../components/charts/stacked-bars";
import { pick } from "../lib/localized";
import { useTRPC } from "../lib/trpc";

const kinds = ["comments", "projects", "votes"] as const;
type Kind = (typeof kinds)[number];
const kindColors: Record<Kind, string> = { comments: "bg-sky-500", projects: "bg-violet-500", votes: "bg-emerald-500" };
/** Line colours for the busiest regions; the rest are summed as "other" so the chart stays readable. */
const lineColors = ["#0284c7", "#7c3aed", "#059669", "#d97706", "#dc2626", "#475569"];
const maxLines = 6;

/** Activity per region over time: a line per region for the chosen measure, and totals as stacked bars. */
export function ActivityPanel() {
  const t = useTranslations("adminConsole.activity");
  const locale = useLocale();
  const format = useFormatter();
  const trpc = useTRPC();
  const [weeks, setWeeks] = useState(12);
  const [kind, setKind] = useState<Kind>("comments");
  const activity = useQuery(trpc.admin.activity.queryOptions({ weeks }));

  const lines = useMemo(() => {
    if (!activity.data) return [];
    const ranked = activity.data.regions
      .map((r) => ({
        key: r.code,
        label: pick(locale, r, "name"),
        values: r.series[kind],
        total: r.series[kind].reduce((a, b) => a + b, 0),
      }))
      .filter((r) => r.total > 0)
      .sort((a, b) => b.total - a.total);
    return ranked.slice(0, maxLines);
  }, [activity.data, kind, locale]);

  const lineSpec = useMemo(
    (): ChartSpec => ({
      kind: "lines",
      categories: (activity.data?.weeks ?? []).map((w) =>
        format.dateTime(new Date(`${w}T00:00:00Z`), { month: "numeric", day: "numeric" }),
      ),
      series: lines.map((line, i) => ({ name: line.label, values: line.values, color: lineColors[i] })),
    }),
    [activity.data, lines, format],
  );

  const bars = useMemo(
    () =>
      (activity.data?.regions ?? [])
        .map((r) => {
          const segments = kinds.map((k) => ({
            key: k,
            label: t(`kinds.${k}`),
            value: r.series[k].reduce((a, b) => a + b, 0),
            color: kindColors[k],
          }));
          return {
            key: r.code,
            label: pick(locale, r, "name"),
            total: segments.reduce((a, s) => a + s.value, 0),
            segments,
          };
        })
        .filter((row) => row.total > 0)
        .sort((a, b) => b.total - a.total),
    [activity.data, locale, t],
  );

  return (
    <Card className="space-y-4">
      <div className="flex flex-wrap items-end gap-3">
        <div>
          <h3 className="font-semibold">{t("title")}</h3>
          <p className="text-sm text-slate-600">{t("hint")}</p>
        </div>
        <div className="ml-auto flex gap-3">
          <Field label={t("measure")} htmlFor="activity-kind">
            <SelectInput id="activity-kind" value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
              {kinds.map((k) => (
                <option key={k} value={k}>
                  {t(`kinds.${k}`)}
                </option>
              ))}
            </SelectInput>
          </Field>
          <Field label={t("period")} htmlFor="activity-weeks">
            <SelectInput id="activity-weeks" value={weeks} onChange={(e) => setWeeks(Number(e.target.value))}>
              {[4, 12, 26, 52].map((w) => (
                <option key={w} value={w}>
                  {t("weeks", { count: w })}
                </option>
              ))}
            </SelectInput>
          </Field>
        </div>
      </div>
      {activity.isPending ? (
        <Skeleton lines={6} />
      ) : activity.error ? (
        <Alert>{activity.error.message}</Alert>
      ) : bars.length === 0 ? (
        <EmptyState title={t("empty")} />
      ) : (
        <>
          <Chart testId="activity-chart" caption={t("caption", { kind: t(`kinds.${kind}`) })} spec={lineSpec} />
          <StackedBars
            rows={bars}
            caption={t("title")}
            legend={kinds.map((k) => ({ key: k, label: t(`kinds.${k}`), color: kindColors[k] }))}
            totalLabel={(n) => String(n)}
          />
        </>
      )}
    </Card>
  );
}

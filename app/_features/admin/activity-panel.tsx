"use client";
import { useQuery } from "@tanstack/react-query";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { Alert, Card, EmptyState, Skeleton } from "@/app/components/ui/card";
import { Field, SelectInput } from "@/app/components/ui/field";
import { StackedBars } from "@/app/components/ui/stacked-bars";
import { pick } from "@/app/lib/localized";
import { useTRPC } from "@/app/lib/trpc";

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
          <LineChart
            weeks={activity.data.weeks}
            lines={lines}
            caption={t("caption", { kind: t(`kinds.${kind}`) })}
            weekLabel={(w) => format.dateTime(new Date(`${w}T00:00:00Z`), { month: "numeric", day: "numeric" })}
          />
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

function LineChart({
  weeks,
  lines,
  caption,
  weekLabel,
}: {
  weeks: string[];
  lines: { key: string; label: string; values: number[] }[];
  caption: string;
  weekLabel: (week: string) => string;
}) {
  const width = 640;
  const height = 220;
  const pad = { left: 32, right: 8, top: 8, bottom: 24 };
  const max = Math.max(1, ...lines.flatMap((l) => l.values));
  const x = (i: number) =>
    pad.left + (weeks.length <= 1 ? 0 : (i / (weeks.length - 1)) * (width - pad.left - pad.right));
  const y = (v: number) => pad.top + (1 - v / max) * (height - pad.top - pad.bottom);
  const ticks = [0, Math.round(max / 2), max];
  const every = Math.max(1, Math.ceil(weeks.length / 6));
  return (
    <figure className="relative space-y-2 overflow-hidden">
      <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600" aria-hidden>
        {lines.map((line, i) => (
          <li key={line.key} className="flex items-center gap-1.5">
            <span className="inline-block h-0.5 w-4" style={{ backgroundColor: lineColors[i % lineColors.length] }} />
            {line.label}
          </li>
        ))}
      </ul>
      <svg
        viewBox={`0 0 ${width} ${height}`}
        className="h-auto w-full"
        role="img"
        aria-label={caption}
        data-testid="activity-chart"
      >
        {ticks.map((tick) => (
          <g key={tick}>
            <line x1={pad.left} x2={width - pad.right} y1={y(tick)} y2={y(tick)} stroke="#e2e8f0" />
            <text x={pad.left - 6} y={y(tick) + 4} textAnchor="end" fontSize="10" fill="#64748b">
              {tick}
            </text>
          </g>
        ))}
        {weeks.map((week, i) =>
          i % every === 0 ? (
            <text key={week} x={x(i)} y={height - 6} textAnchor="middle" fontSize="10" fill="#64748b">
              {weekLabel(week)}
            </text>
          ) : null,
        )}
        {lines.map((line, i) => (
          <polyline
            key={line.key}
            fill="none"
            stroke={lineColors[i % lineColors.length]}
            strokeWidth="2"
            strokeLinejoin="round"
            points={line.values.map((v, j) => `${x(j)},${y(v)}`).join(" ")}
          />
        ))}
      </svg>
      <table className="sr-only">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col" />
            {weeks.map((week) => (
              <th key={week} scope="col">
                {weekLabel(week)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {lines.map((line) => (
            <tr key={line.key}>
              <th scope="row">{line.label}</th>
              {line.values.map((v, i) => (
                <td key={weeks[i]}>{v}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <figcaption className="sr-only">{caption}</figcaption>
    </figure>
  );
}

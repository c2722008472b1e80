"use client";
import { useFormatter, useTranslations } from "next-intl";
import { useMemo } from "react";
import { Chart } from "../../components/charts/chart";
import type { ChartSpec } from "../../components/charts/chart-spec";
import { Card } from "../../components/ui/card";
import { chartSymbol, hiddenRegionShape, shapesByRegion } from "./region-shapes";
import { groupColor, groupName, type OpinionMap } from "./round-bits";

/**
 * The map of participants: each dot a person placed by their votes, coloured by group and shaped by
 * region (a ring where the region is not shown), the reader's own dot larger and outlined. The same points are in a table for screen readers (and anyone who prefers numbers).
 */
export function OpinionMapPanel({
  map,
  computedAt,
  minVotes,
  myDot,
  regionName,
}: {
  map: OpinionMap | null;
  computedAt: string | null;
  minVotes: number;
  myDot: string | null;
  regionName: (id: number) => string;
}) {
  const t = useTranslations("opinions.map");
  const format = useFormatter();
  const placed = map && map.placed > 0 ? map : null;
  return (
    <Card>
      <section aria-labelledby="map-heading" className="space-y-3" data-testid="opinion-map">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="map-heading" className="text-lg font-semibold">
            {t("heading")}
          </h2>
          {computedAt ? (
            <p className="text-xs text-slate-500" data-testid="map-updated">
              {t("updated", { time: format.dateTime(new Date(computedAt), { timeStyle: "medium" }) })}
            </p>
          ) : null}
        </div>
        {!placed ? (
          <p className="text-sm text-slate-600" data-testid="map-empty">
            {t("empty", { min: minVotes })}
          </p>
        ) : (
          <>
            <p className="text-sm text-slate-600">{t("intro", { min: placed.minVotes })}</p>
            <p className="text-sm text-slate-700" data-testid="map-counts">
              {t("placed", { placed: placed.placed, voters: placed.voters, votes: placed.votes })}
            </p>
            <ul className="flex flex-wrap gap-3 text-sm" data-testid="map-legend">
              {placed.groups.map((g) => (
                <li key={g.label} className="flex items-center gap-1.5">
                  <span
                    className="inline-block size-3 rounded-full"
                    style={{ backgroundColor: groupColor(g.label) }}
                    aria-hidden
                  />
                  {t("group", { name: groupName(g.label) })} · {t("groupSize", { count: g.size })}
                </li>
              ))}
            </ul>
            <RegionLegend map={placed} regionName={regionName} />
            <MapPoints map={placed} myDot={myDot} regionName={regionName} />
          </>
        )}
        <p className="text-xs text-slate-500">{t("updating")}</p>
      </section>
    </Card>
  );
}

function MapPoints({
  map,
  myDot,
  regionName,
}: {
  map: OpinionMap;
  myDot: string | null;
  regionName: (id: number) => string;
}) {
  const t = useTranslations("opinions.map");
  const spec = useMemo<ChartSpec>(() => {
    const shapes = shapesByRegion(map.points.map((p) => p.regionId));
    const symbolOf = (p: OpinionMap["points"][number]) =>
      chartSymbol((p.regionId === null ? undefined : shapes.get(p.regionId)) ?? hiddenRegionShape);
    const label = (p: OpinionMap["points"][number], i: number) =>
      `${p.id === myDot ? t("you") : i + 1} · ${p.regionId === null ? t("regionHidden") : regionName(p.regionId)}`;
    const indexed = map.points.map((p, i) => ({ p, label: label(p, i) }));
    const groups: Extract<ChartSpec, { kind: "scatter" }>["groups"] = map.groups.map((g) => ({
      name: t("group", { name: groupName(g.label) }),
      color: groupColor(g.label),
      points: indexed
        .filter(({ p }) => p.group === g.label && p.id !== myDot)
        .map(({ p, label }) => ({ x: p.x, y: p.y, label, symbol: symbolOf(p) })),
    }));
    // The reader's own dot is a series of its own, drawn on top, larger, in a colour no group takes and
    // ringed, in their region's shape.
    const mine = indexed.find(({ p }) => p.id === myDot);
    if (mine)
      groups.push({
        name: t("you"),
        color: "#0f172a",
        size: 18,
        outline: "#fbbf24",
        points: [{ x: mine.p.x, y: mine.p.y, label: mine.label, symbol: symbolOf(mine.p) }],
      });
    // The components have no meaning of their own to name, and axis names crowd the legend on a phone.
    return { kind: "scatter", groups };
  }, [map, myDot, regionName, t]);
  return <Chart spec={spec} caption={t("caption")} height={340} testId="opinion-scatter" />;
}

/** Which shape is which region: the shapes the dots are drawn in, named. */
function RegionLegend({ map, regionName }: { map: OpinionMap; regionName: (id: number) => string }) {
  const t = useTranslations("opinions.map");
  const shapes = [...shapesByRegion(map.points.map((p) => p.regionId))];
  const anyHidden = map.points.some((p) => p.regionId === null);
  const entries = [
    ...shapes.map(([id, path]) => ({ key: String(id), path, name: regionName(id) })),
    ...(anyHidden ? [{ key: "hidden", path: hiddenRegionShape, name: t("regionHidden") }] : []),
  ];
  if (entries.length === 0) return null;
  return (
    <div className="text-sm">
      <h3 className="sr-only">{t("shapesHeading")}</h3>
      <ul className="flex flex-wrap gap-x-3 gap-y-1 text-slate-700" data-testid="map-region-legend">
        {entries.map((entry) => (
          <li key={entry.key} className="flex items-center gap-1.5">
            <svg viewBox="0 0 100 100" className="size-3 shrink-0 text-slate-600" aria-hidden>
              <path d={entry.path} fill="currentColor" fillRule="evenodd" />
            </svg>
            {entry.name}
          </li>
        ))}
      </ul>
    </div>
  );
}

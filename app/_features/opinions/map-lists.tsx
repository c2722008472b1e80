"use client";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { isConsensus } from "@/server/features/opinions/rules/round-rules";
import { Badge, Card } from "../../components/ui/card";
import { Field, SelectInput } from "../../components/ui/field";
import { StackedBars } from "../../components/charts/stacked-bars";
import { choiceBarColors, groupColor, groupName, textOf, type OpinionMap, type StatementText } from "./round-bits";
import { PromoteButtons } from "./promote-buttons";

type Percent = (v: number) => string;
const usePercent = (): Percent => {
  const format = useFormatter();
  return (v) => format.number(v, { style: "percent", maximumFractionDigits: 0 });
};

export function GroupCards({ map, statements }: { map: OpinionMap; statements: readonly StatementText[] }) {
  const t = useTranslations("opinions");
  const percent = usePercent();
  if (map.groups.length < 2) return null;
  return (
    <section aria-labelledby="groups-heading" className="space-y-3">
      <h2 id="groups-heading" className="text-lg font-semibold">
        {t("groups.heading")}
      </h2>
      <div className="grid gap-3 md:grid-cols-2">
        {map.groups.map((group) => (
          <Card key={group.label}>
            <div data-testid={`group-${groupName(group.label)}`} className="space-y-2">
              <h3 className="flex items-center gap-2 font-semibold">
                <span
                  className="inline-block size-3 rounded-full"
                  style={{ backgroundColor: groupColor(group.label) }}
                  aria-hidden
                />
                {t("map.group", { name: groupName(group.label) })}
                <span className="text-sm font-normal text-slate-600">{t("map.groupSize", { count: group.size })}</span>
              </h3>
              {group.representative.length === 0 ? (
                <p className="text-sm text-slate-600">{t("groups.none")}</p>
              ) : (
                <ul className="space-y-2">
                  {group.representative.map((r) => (
                    <li key={r.statementId} className="text-sm">
                      <p className="text-slate-900">{textOf(statements, r.statementId)}</p>
                      <p className={r.direction === "agree" ? "text-emerald-700" : "text-red-700"}>
                        {t(`groups.${r.direction}`, { rate: percent(r.rate), rest: percent(r.restRate) })}
                      </p>
                    </li>
                  ))}
                </ul>
              )}
            </div>
          </Card>
        ))}
      </div>
    </section>
  );
}

export function ConsensusLists({
  map,
  statements,
  canPropose,
  measures,
  hasTopic,
}: {
  map: OpinionMap;
  statements: readonly StatementText[];
  canPropose: boolean;
  measures: { id: number; code: string; title: string }[];
  hasTopic: boolean;
}) {
  const t = useTranslations("opinions");
  const percent = usePercent();
  const [everyRegion, setEveryRegion] = useState(false);
  const stats = (id: number) => map.statements.find((s) => s.id === id);
  const regionList = map.regionConsensus.filter((id) => !everyRegion || (stats(id)?.minRegionAgree ?? 0) >= 0.6);
  const item = (id: number, score: number | null | undefined, extra?: string) => {
    const s = stats(id);
    return (
      <li key={id} className="space-y-1 text-sm">
        <p className="text-slate-900">{textOf(statements, id)}</p>
        <p className="text-xs text-slate-600">
          {score !== null && score !== undefined ? t("consensus.score", { score: percent(score) }) : null}
          {extra ? ` · ${extra}` : null}
        </p>
        {canPropose && s && isConsensus(s) ? (
          <PromoteButtons statementId={id} measures={measures} hasTopic={hasTopic} />
        ) : null}
      </li>
    );
  };
  return (
    <div className="grid gap-3 md:grid-cols-2">
      <Card>
        <section aria-labelledby="consensus-heading" className="space-y-3" data-testid="consensus-list">
          <h2 id="consensus-heading" className="text-lg font-semibold">
            {t("consensus.heading")}
          </h2>
          {map.consensus.length === 0 ? <p className="text-sm text-slate-600">{t("consensus.empty")}</p> : null}
          <ol className="space-y-3">{map.consensus.map((id) => item(id, stats(id)?.groupConsensus))}</ol>
        </section>
      </Card>
      <Card>
        <section aria-labelledby="region-consensus-heading" className="space-y-3" data-testid="region-consensus-list">
          <h2 id="region-consensus-heading" className="text-lg font-semibold">
            {t("consensus.regionHeading")}
          </h2>
          <p className="text-xs text-slate-600">{t("consensus.regionNote")}</p>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={everyRegion} onChange={(e) => setEveryRegion(e.target.checked)} />
            {t("consensus.filter")}
          </label>
          {regionList.length === 0 ? <p className="text-sm text-slate-600">{t("consensus.empty")}</p> : null}
          <ol className="space-y-3">
            {regionList.map((id) => {
              const min = stats(id)?.minRegionAgree;
              return item(
                id,
                stats(id)?.regionConsensus,
                min !== null && min !== undefined ? t("consensus.minRegion", { rate: percent(min) }) : undefined,
              );
            })}
          </ol>
        </section>
      </Card>
    </div>
  );
}

export function DivisiveLists({ map, statements }: { map: OpinionMap; statements: readonly StatementText[] }) {
  const t = useTranslations("opinions.divisive");
  const format = useFormatter();
  const stats = (id: number) => map.statements.find((s) => s.id === id);
  const list = (ids: number[], spread: (id: number) => number | null | undefined, testId: string) =>
    ids.length === 0 ? (
      <p className="text-sm text-slate-600">{t("empty")}</p>
    ) : (
      <ol className="space-y-2" data-testid={testId}>
        {ids.map((id) => (
          <li key={id} className="text-sm">
            <p className="text-slate-900">{textOf(statements, id)}</p>
            <p className="text-xs text-slate-600">
              {t("spread", { value: format.number(spread(id) ?? 0, { maximumFractionDigits: 3 }) })}
            </p>
          </li>
        ))}
      </ol>
    );
  return (
    <div className="grid gap-3 md:grid-cols-2">
      <Card>
        <section aria-labelledby="divisive-heading" className="space-y-3">
          <h2 id="divisive-heading" className="text-lg font-semibold">
            {t("heading")}
          </h2>
          {list(map.divisiveGroups, (id) => stats(id)?.groupSpread, "divisive-groups")}
        </section>
      </Card>
      <Card>
        <section aria-labelledby="divisive-region-heading" className="space-y-3">
          <h2 id="divisive-region-heading" className="text-lg font-semibold">
            {t("regionHeading")}
          </h2>
          {list(map.divisiveRegions, (id) => stats(id)?.regionSpread, "divisive-regions")}
        </section>
      </Card>
    </div>
  );
}

/** Agree / disagree / pass for one statement, per group and per region, on one scale each. */
export function StatementBars({
  map,
  statements,
  regionName,
}: {
  map: OpinionMap;
  statements: readonly StatementText[];
  regionName: (id: number) => string;
}) {
  const t = useTranslations("opinions");
  const tVote = useTranslations("opinions.vote");
  const [chosen, setChosen] = useState<number | null>(null);
  const id = chosen ?? map.divisiveGroups[0] ?? map.statements[0]?.id ?? null;
  const s = map.statements.find((x) => x.id === id);
  const legend = (["agree", "disagree", "pass"] as const).map((c) => ({
    key: c,
    label: tVote(c),
    color: choiceBarColors[c],
  }));
  const row = (key: string, label: string, c: { agree: number; disagree: number; pass: number; n: number }) => ({
    key,
    label,
    total: c.n,
    segments: (["agree", "disagree", "pass"] as const).map((k) => ({
      key: k,
      label: tVote(k),
      value: c[k],
      color: choiceBarColors[k],
    })),
  });
  if (!s) return null;
  return (
    <Card>
      <section aria-labelledby="bars-heading" className="space-y-4">
        <h2 id="bars-heading" className="text-lg font-semibold">
          {t("bars.heading")}
        </h2>
        <Field label={t("bars.choose")} htmlFor="bars-statement">
          <SelectInput id="bars-statement" value={s.id} onChange={(e) => setChosen(Number(e.target.value))}>
            {map.statements.map((x) => (
              <option key={x.id} value={x.id}>
                {textOf(statements, x.id).slice(0, 90)}
              </option>
            ))}
          </SelectInput>
        </Field>
        <div className="grid gap-4 md:grid-cols-2">
          <div className="min-w-0">
            <h3 className="mb-2 text-sm font-medium text-slate-700">{t("bars.byGroup")}</h3>
            {s.groups.length === 0 ? (
              <p className="text-sm text-slate-600">{t("bars.none")}</p>
            ) : (
              <StackedBars
                testId="bars-groups"
                caption={`${t("bars.byGroup")}: ${textOf(statements, s.id)}`}
                legend={legend}
                totalLabel={(total) => t("bars.votes", { count: total })}
                rows={s.groups.map((g) => row(String(g.group), t("map.group", { name: groupName(g.group) }), g))}
              />
            )}
          </div>
          <div className="min-w-0">
            <h3 className="mb-2 text-sm font-medium text-slate-700">{t("bars.byRegion")}</h3>
            {s.regions.length === 0 ? (
              <p className="text-sm text-slate-600">{t("bars.none")}</p>
            ) : (
              <StackedBars
                testId="bars-regions"
                caption={`${t("bars.byRegion")}: ${textOf(statements, s.id)}`}
                legend={legend}
                totalLabel={(total) => t("bars.votes", { count: total })}
                rows={s.regions.map((r) => row(String(r.regionId), regionName(r.regionId), r))}
              />
            )}
          </div>
        </div>
      </section>
    </Card>
  );
}

/** Whether the groups follow regions or kinds of organisation, with the cross-tabulation behind it. */
export function SplitPanel({ map, regionName }: { map: OpinionMap; regionName: (id: number) => string }) {
  const t = useTranslations("opinions");
  const format = useFormatter();
  const { crossTab } = map;
  if (map.groups.length < 2) return null;
  const table = <K extends string | number>(
    caption: string,
    cells: { group: number; people: number; key: K }[],
    label: (key: K) => string,
  ) => {
    const keys = [...new Set(cells.map((c) => c.key))];
    return (
      <div className="overflow-x-auto">
        <table className="min-w-full text-left text-sm">
          <caption className="mb-1 text-left text-sm font-medium text-slate-700">{caption}</caption>
          <thead>
            <tr>
              <th scope="col" className="py-1 pr-3 font-medium text-slate-600">
                {t("map.tableGroup")}
              </th>
              {keys.map((k) => (
                <th key={String(k)} scope="col" className="py-1 pr-3 font-medium text-slate-600">
                  {label(k)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {map.groups.map((g) => (
              <tr key={g.label} className="border-t border-slate-100">
                <th scope="row" className="py-1 pr-3 font-medium">
                  {groupName(g.label)}
                </th>
                {keys.map((k) => (
                  <td key={String(k)} className="py-1 pr-3 tabular-nums">
                    {cells.find((c) => c.group === g.label && c.key === k)?.people ?? "–"}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  };
  return (
    <Card>
      <section aria-labelledby="split-heading" className="space-y-3" data-testid="split-panel">
        <h2 id="split-heading" className="text-lg font-semibold">
          {t("split.heading")}
        </h2>
        <p className="text-sm text-slate-800">
          <Badge>{t(`split.${crossTab.split}`)}</Badge>
        </p>
        <p className="text-xs text-slate-600">
          {t("split.association", {
            region: format.number(crossTab.regionAssociation, { maximumFractionDigits: 2 }),
            organisation: format.number(crossTab.organisationAssociation, { maximumFractionDigits: 2 }),
          })}
        </p>
        <div className="grid gap-4 md:grid-cols-2">
          {table(
            t("split.byRegion"),
            crossTab.regions.map((c) => ({ group: c.group, people: c.people, key: c.regionId })),
            regionName,
          )}
          {table(
            t("split.byOrganisation"),
            crossTab.organisations.map((c) => ({ group: c.group, people: c.people, key: c.kind })),
            (k) => t(`kinds.${k}`),
          )}
        </div>
        <p className="text-xs text-slate-500">{t("split.suppressed")}</p>
      </section>
    </Card>
  );
}

/** Everything the map says once someone is placed on it, as one part the round page loads after itself. */
export function MapAnalysis({
  map,
  statements,
  canPropose,
  measures,
  hasTopic,
  regionName,
}: {
  map: OpinionMap;
  statements: readonly StatementText[];
  canPropose: boolean;
  measures: { id: number; code: string; title: string }[];
  hasTopic: boolean;
  regionName: (id: number) => string;
}) {
  return (
    <>
      <GroupCards map={map} statements={statements} />
      <ConsensusLists
        map={map}
        statements={statements}
        canPropose={canPropose}
        measures={measures}
        hasTopic={hasTopic}
      />
      <DivisiveLists map={map} statements={statements} />
      <StatementBars map={map} statements={statements} regionName={regionName} />
      <SplitPanel map={map} regionName={regionName} />
    </>
  );
}

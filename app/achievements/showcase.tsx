"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { useDeferredValue, useState } from "react";
import {
  achievementKinds,
  transferModes,
  type AchievementKind,
  type TransferMode,
} from "@/shared/achievement-vocabulary";
import { TrlBadge, useBilingual, useRegionLabel } from "@/app/_features/achievements/achievement-bits";
import { AchievementsExport } from "@/app/_features/achievements/export-buttons";
import { RegionOptions } from "../components/region-options";
import { Pager } from "../components/ui/pager";
import { Alert, Badge, EmptyState, Skeleton } from "../components/ui/card";
import { TextInput } from "../components/ui/field";
import { FilterBar, FilterChoice, FilterField } from "../components/ui/filter-bar";
import { describeError } from "../lib/errors";
import { useTRPC } from "../lib/trpc";
import { useUrlId, useUrlOptionalChoice, useUrlText } from "../lib/url-state";
import { useYuan } from "../_features/projects/locale-format";

const pageSize = 20;

/** The public showcase: filters in the URL (so a shared link shows the same list), search in both languages. */
export function Showcase({ signedIn }: { signedIn: boolean }) {
  const t = useTranslations("achievements");
  const tErrors = useTranslations("errors");
  const locale = useLocale();
  const trpc = useTRPC();
  const title = useBilingual();
  const regionName = useRegionLabel();
  const yuan = useYuan();
  const [q, setQ] = useUrlText("q");
  const [sector, setSector] = useUrlText("sector");
  const [regionId, setRegionId] = useUrlId("region");
  const [kind, setKind] = useUrlOptionalChoice<AchievementKind>("kind", achievementKinds);
  const [mode, setMode] = useUrlOptionalChoice<TransferMode>("mode", transferModes);
  const [minTrl, setMinTrl] = useUrlId("trl");
  const [mine, setMine] = useState(false);
  const [offset, setOffset] = useState(0);
  const search = useDeferredValue(q.trim());
  const sectorFilter = useDeferredValue(sector.trim());
  const filters = {
    q: search || null,
    sector: sectorFilter || null,
    regionId,
    kind,
    mode,
    minTrl: minTrl && minTrl <= 9 ? minTrl : null,
  };
  const list = useQuery({
    ...trpc.achievements.list.queryOptions({
      ...filters,
      mine,
      offset,
      limit: pageSize,
    }),
    placeholderData: keepPreviousData,
  });
  const reset =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      setOffset(0);
      set(v);
    };
  const summary = (row: { summaryZh: string; summaryEn: string }) => (locale === "en" ? row.summaryEn : row.summaryZh);

  return (
    <div className="space-y-4">
      <FilterBar columns="grid-cols-2 lg:grid-cols-6">
        <FilterField label={t("filters.search")} className="col-span-2">
          <TextInput
            type="search"
            value={q}
            placeholder={t("filters.searchPlaceholder")}
            onChange={(e) => reset(setQ)(e.target.value)}
            maxLength={200}
          />
        </FilterField>
        <FilterChoice
          label={t("filters.kind")}
          anyLabel={t("filters.any")}
          value={kind}
          onChange={(v) => reset(setKind)((v || null) as AchievementKind | null)}
          options={achievementKinds.map((k) => ({ value: k, label: t(`kinds.${k}`) }))}
        />
        <FilterChoice
          label={t("filters.minTrl")}
          anyLabel={t("filters.any")}
          value={minTrl}
          onChange={(v) => reset(setMinTrl)(v ? Number(v) : null)}
        >
          {Array.from({ length: 9 }, (_, i) => i + 1).map((level) => (
            <option key={level} value={level}>
              ≥ {level}
            </option>
          ))}
        </FilterChoice>
        <FilterChoice
          label={t("filters.region")}
          anyLabel={t("filters.any")}
          value={regionId}
          onChange={(v) => reset(setRegionId)(v ? Number(v) : null)}
        >
          <RegionOptions />
        </FilterChoice>
        <FilterChoice
          label={t("filters.mode")}
          anyLabel={t("filters.any")}
          value={mode}
          onChange={(v) => reset(setMode)((v || null) as TransferMode | null)}
          options={transferModes.map((m) => ({ value: m, label: t(`modes.${m}`) }))}
        />
        <FilterField label={t("filters.sector")} className="col-span-2 lg:col-span-2">
          <TextInput value={sector} onChange={(e) => reset(setSector)(e.target.value)} maxLength={60} />
        </FilterField>
        {signedIn ? (
          <label className="flex items-center gap-2 self-end text-sm">
            <input type="checkbox" checked={mine} onChange={(e) => reset(setMine)(e.target.checked)} />
            {t("filters.mine")}
          </label>
        ) : null}
      </FilterBar>
      <AchievementsExport filters={filters} />

      {list.isError ? (
        <Alert>
          {t("loadError")} {describeError(list.error, tErrors)}
        </Alert>
      ) : !list.data ? (
        <Skeleton lines={6} />
      ) : list.data.items.length === 0 ? (
        <EmptyState title={t("empty")}>{t("emptyHint")}</EmptyState>
      ) : (
        <>
          <p className="text-sm text-slate-600" aria-live="polite">
            {list.data.totalExact
              ? t("count", { count: list.data.total })
              : t("countAtLeast", { count: list.data.total })}
          </p>
          <ul className="grid gap-3 md:grid-cols-2">
            {list.data.items.map((item) => (
              <li key={item.id} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
                <div className="flex flex-wrap items-center gap-2">
                  <Badge tone="brand">{t(`kinds.${item.kind}`)}</Badge>
                  <TrlBadge trl={item.trl} />
                  {item.status !== "published" ? <Badge tone="amber">{t(`statuses.${item.status}`)}</Badge> : null}
                </div>
                <h2 className="mt-2 font-semibold text-slate-900">
                  <Link href={`/achievements/${item.id}`} className="hover:text-brand-700 hover:underline">
                    {title(item)}
                  </Link>
                </h2>
                <p className="mt-1 line-clamp-2 text-sm text-slate-600">{summary(item)}</p>
                <p className="mt-2 text-xs text-slate-500">
                  {item.owners.map((o) => `${o.organisation}（${regionName(o.region)}）`).join(" · ")}
                </p>
                <p className="mt-1 text-xs text-slate-500">
                  {item.transferModes.map((m) => t(`modes.${m}`)).join(" / ")} ·{" "}
                  {item.priceYuan ? t("price", { price: yuan(item.priceYuan) }) : t("negotiable")}
                </p>
              </li>
            ))}
          </ul>
          <Pager
            offset={offset}
            pageSize={pageSize}
            // Past the count's cap there is surely a next page.
            total={list.data.totalExact ? list.data.total : offset + pageSize + 1}
            onChange={setOffset}
            previous={t("previous")}
            next={t("next")}
          />
        </>
      )}
    </div>
  );
}

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
import { RegionOptions } from "../components/region-options";
import { Pager } from "../components/ui/pager";
import { Alert, Badge, EmptyState, Skeleton } from "../components/ui/card";
import { SelectInput, TextInput } from "../components/ui/field";
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
  const list = useQuery({
    ...trpc.achievements.list.queryOptions({
      q: search || null,
      sector: sectorFilter || null,
      regionId,
      kind,
      mode,
      minTrl: minTrl && minTrl <= 9 ? minTrl : null,
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
      <form
        role="search"
        onSubmit={(e) => e.preventDefault()}
        className="grid grid-cols-2 gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm lg:grid-cols-6"
      >
        <label className="col-span-2 space-y-1 text-sm">
          <span className="block font-medium text-slate-700">{t("filters.search")}</span>
          <TextInput
            type="search"
            value={q}
            placeholder={t("filters.searchPlaceholder")}
            onChange={(e) => reset(setQ)(e.target.value)}
            maxLength={200}
          />
        </label>
        <label className="space-y-1 text-sm">
          <span className="block font-medium text-slate-700">{t("filters.kind")}</span>
          <SelectInput
            value={kind ?? ""}
            onChange={(e) => reset(setKind)((e.target.value || null) as AchievementKind | null)}
          >
            <option value="">{t("filters.any")}</option>
            {achievementKinds.map((k) => (
              <option key={k} value={k}>
                {t(`kinds.${k}`)}
              </option>
            ))}
          </SelectInput>
        </label>
        <label className="space-y-1 text-sm">
          <span className="block font-medium text-slate-700">{t("filters.minTrl")}</span>
          <SelectInput
            value={minTrl ?? ""}
            onChange={(e) => reset(setMinTrl)(e.target.value ? Number(e.target.value) : null)}
          >
            <option value="">{t("filters.any")}</option>
            {Array.from({ length: 9 }, (_, i) => i + 1).map((level) => (
              <option key={level} value={level}>
                ≥ {level}
              </option>
            ))}
          </SelectInput>
        </label>
        <label className="space-y-1 text-sm">
          <span className="block font-medium text-slate-700">{t("filters.region")}</span>
          <SelectInput
            value={regionId ?? ""}
            onChange={(e) => reset(setRegionId)(e.target.value ? Number(e.target.value) : null)}
          >
            <option value="">{t("filters.any")}</option>
            <RegionOptions />
          </SelectInput>
        </label>
        <label className="space-y-1 text-sm">
          <span className="block font-medium text-slate-700">{t("filters.mode")}</span>
          <SelectInput
            value={mode ?? ""}
            onChange={(e) => reset(setMode)((e.target.value || null) as TransferMode | null)}
          >
            <option value="">{t("filters.any")}</option>
            {transferModes.map((m) => (
              <option key={m} value={m}>
                {t(`modes.${m}`)}
              </option>
            ))}
          </SelectInput>
        </label>
        <label className="col-span-2 space-y-1 text-sm lg:col-span-2">
          <span className="block font-medium text-slate-700">{t("filters.sector")}</span>
          <TextInput value={sector} onChange={(e) => reset(setSector)(e.target.value)} maxLength={60} />
        </label>
        {signedIn ? (
          <label className="flex items-center gap-2 self-end text-sm">
            <input type="checkbox" checked={mine} onChange={(e) => reset(setMine)(e.target.checked)} />
            {t("filters.mine")}
          </label>
        ) : null}
      </form>

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

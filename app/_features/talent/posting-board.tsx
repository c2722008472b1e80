"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useDeferredValue, useState } from "react";
import { postingKinds, type PostingKind } from "@/shared/talent-vocabulary";
import { RegionOptions } from "../../components/region-options";
import { Pager } from "../../components/ui/pager";
import { Alert, Badge, EmptyState, Skeleton } from "../../components/ui/card";
import { TextInput } from "../../components/ui/field";
import { FilterBar, FilterChoice, FilterField } from "../../components/ui/filter-bar";
import { describeError } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc";
import { useUrlId, useUrlOptionalChoice, useUrlText } from "../../lib/url-state";
import { useRegions } from "../../lib/use-regions";

const pageSize = 20;

/** The postings board: kind, host region and field filters live in the URL, so a shared link shows the same list. */
export function PostingBoard() {
  const t = useTranslations("talent");
  const tErrors = useTranslations("errors");
  const trpc = useTRPC();
  const regions = useRegions();
  const [kind, setKind] = useUrlOptionalChoice<PostingKind>("kind", postingKinds);
  const [regionId, setRegionId] = useUrlId("region");
  const [field, setField] = useUrlText("field");
  const [offset, setOffset] = useState(0);
  const fieldFilter = useDeferredValue(field.trim());
  const list = useQuery({
    ...trpc.talent.list.queryOptions({ kind, regionId, field: fieldFilter || null, offset, limit: pageSize }),
    placeholderData: keepPreviousData,
  });
  const reset =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      setOffset(0);
      set(v);
    };

  return (
    <div className="space-y-4">
      <FilterBar columns="grid-cols-1 sm:grid-cols-3">
        <FilterChoice
          label={t("filters.kind")}
          anyLabel={t("filters.any")}
          value={kind}
          onChange={(v) => reset(setKind)((v || null) as PostingKind | null)}
          options={postingKinds.map((k) => ({ value: k, label: t(`kinds.${k}`) }))}
        />
        <FilterChoice
          label={t("filters.region")}
          anyLabel={t("filters.any")}
          value={regionId}
          onChange={(v) => reset(setRegionId)(v ? Number(v) : null)}
        >
          <RegionOptions />
        </FilterChoice>
        <FilterField label={t("filters.field")}>
          <TextInput
            type="search"
            value={field}
            placeholder={t("filters.fieldPlaceholder")}
            maxLength={80}
            onChange={(e) => reset(setField)(e.target.value)}
          />
        </FilterField>
      </FilterBar>

      {list.isError ? (
        <Alert>{describeError(list.error, tErrors)}</Alert>
      ) : !list.data ? (
        <Skeleton lines={6} />
      ) : list.data.items.length === 0 ? (
        <EmptyState title={t("empty")}>{t("emptyHint")}</EmptyState>
      ) : (
        <>
          <p className="text-sm text-slate-600" aria-live="polite">
            {t("count", { count: list.data.total })}
          </p>
          <ul className="grid gap-3 md:grid-cols-2" data-testid="posting-list">
            {list.data.items.map((item) => (
              <li key={item.id} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
                <div className="flex flex-wrap items-center gap-2">
                  <Badge tone="brand">{t(`kinds.${item.kind}`)}</Badge>
                  <Badge>{item.field}</Badge>
                </div>
                <h2 className="mt-2 font-semibold text-slate-900">
                  <Link href={`/talent/${item.id}`} className="hover:text-brand-700 hover:underline">
                    {item.title}
                  </Link>
                </h2>
                <p className="mt-1 text-sm text-slate-600">
                  {t("hostLine", { organisation: item.hostOrganisation, region: regions.name(item.hostRegionId) })}
                </p>
                <p className="mt-1 text-xs text-slate-500">
                  {t("duration", { months: item.durationMonths })} · {t("places", { count: item.places })}
                  {item.startsOn ? ` · ${t("startsOn", { date: item.startsOn })}` : ""}
                </p>
                {item.support ? <p className="mt-1 line-clamp-2 text-xs text-slate-500">{item.support}</p> : null}
              </li>
            ))}
          </ul>
          <Pager
            offset={offset}
            pageSize={pageSize}
            total={list.data.total}
            onChange={setOffset}
            previous={t("previous")}
            next={t("next")}
          />
        </>
      )}
    </div>
  );
}

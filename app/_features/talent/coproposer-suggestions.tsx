"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { useDeferredValue } from "react";
import { useTRPC } from "../../lib/trpc";
import { useRegions } from "../../lib/use-regions";

/**
 * While a joint project is drafted: people and organisations in the chosen partner regions whose
 * opted-in expertise fits the draft, each with why (shared phrases, named keywords, region).
 */
export function CoproposerSuggestions({
  text,
  tags,
  partnerRegionIds,
  projectId,
}: {
  text: string;
  tags: string[];
  partnerRegionIds: number[];
  projectId?: number;
}) {
  const t = useTranslations("talent.suggest");
  const locale = useLocale();
  const trpc = useTRPC();
  const regions = useRegions();
  const draft = useDeferredValue(text);
  const ready = partnerRegionIds.length > 0 && draft.trim().length >= 4;
  const query = useQuery({
    ...trpc.talent.suggestCoproposers.queryOptions({
      text: draft.slice(0, 20_000),
      tags: tags.slice(0, 20),
      partnerRegionIds,
      projectId: projectId ?? null,
    }),
    enabled: ready,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
  const join = (items: string[]) => items.join(locale === "zh-CN" ? "、" : ", ");
  return (
    <section
      aria-labelledby="suggestions-heading"
      aria-live="polite"
      className="space-y-2 rounded-md border border-slate-200 bg-slate-50 p-3"
      data-testid="coproposer-suggestions"
    >
      <h3 id="suggestions-heading" className="text-sm font-semibold text-slate-800">
        {t("title")}
      </h3>
      {!ready ? (
        <p className="text-xs text-slate-500">{t("needInput")}</p>
      ) : query.isError ? (
        <p className="text-xs text-slate-500">{t("unavailable")}</p>
      ) : !query.data ? (
        <p className="text-xs text-slate-500">{t("loading")}</p>
      ) : query.data.people.length === 0 ? (
        <p className="text-xs text-slate-500">{t("none")}</p>
      ) : (
        <>
          <ul className="space-y-2">
            {query.data.people.map((p) => {
              const shared = [...new Set([...p.reasons.keywords, ...p.reasons.fields, ...p.reasons.terms])].slice(0, 5);
              return (
                <li key={p.accountId} className="text-sm">
                  <Link href={`/people/${p.accountId}`} className="font-medium text-brand-700 hover:underline">
                    {p.displayName}
                  </Link>{" "}
                  <span className="text-slate-600">
                    {p.organisation} · {regions.name(p.regionId)}
                  </span>
                  <span className="block text-xs text-slate-500">
                    {t("why", { shared: join(shared), region: regions.name(p.regionId), score: p.score })}
                  </span>
                </li>
              );
            })}
          </ul>
          {query.data.organisations.length > 0 ? (
            <p className="text-xs text-slate-600">
              {t("organisations", {
                list: join(
                  query.data.organisations.slice(0, 5).map((o) => `${o.organisation}（${regions.name(o.regionId)}）`),
                ),
              })}
            </p>
          ) : null}
          <p className="text-xs text-slate-500">{projectId ? t("inviteHintEdit") : t("inviteHint")}</p>
        </>
      )}
    </section>
  );
}

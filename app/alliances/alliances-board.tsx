"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { useDeferredValue } from "react";
import { Alert, Card, EmptyState, Skeleton } from "../components/ui/card";
import { Field, TextInput } from "../components/ui/field";
import { pick } from "../lib/localized";
import { useTRPC } from "../lib/trpc";
import { useUrlText } from "../lib/url-state";

/** The alliances, searchable by name in either language; the search sits in the URL so a link keeps it. */
export function AlliancesBoard() {
  const t = useTranslations("alliances");
  const locale = useLocale();
  const trpc = useTRPC();
  const [q, setQ] = useUrlText("q");
  const query = useDeferredValue(q.trim());
  const list = useQuery({ ...trpc.alliances.list.queryOptions({ query }), placeholderData: keepPreviousData });
  return (
    <div className="space-y-4">
      <Field label={t("search")} htmlFor="alliance-search">
        <TextInput
          id="alliance-search"
          type="search"
          value={q}
          placeholder={t("searchPlaceholder")}
          onChange={(e) => setQ(e.target.value)}
        />
      </Field>
      {list.isPending ? (
        <Card>
          <Skeleton lines={4} />
        </Card>
      ) : list.isError ? (
        <Alert>{t("loadFailed")}</Alert>
      ) : list.data.length === 0 ? (
        <EmptyState title={t("empty")}>{t("emptyHint")}</EmptyState>
      ) : (
        <ul className="space-y-3">
          {list.data.map((a) => (
            <li key={a.id}>
              <Card>
                <Link href={`/alliances/${a.id}`} className="text-lg font-semibold text-brand-700 hover:underline">
                  {pick(locale, a, "name")}
                </Link>
                <p className="text-sm text-slate-500" lang={locale === "en" ? "zh-CN" : "en"}>
                  {locale === "en" ? a.nameZh : a.nameEn}
                </p>
                <p className="mt-2 text-sm text-slate-700">
                  {t("memberCount", { count: a.members })} · {t("cityCount", { count: a.cities })}
                  {a.sectors.length ? ` · ${a.sectors.join(locale === "en" ? ", " : "、")}` : ""}
                </p>
              </Card>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

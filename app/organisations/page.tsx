import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { Button } from "../components/ui/button";
import { Badge, Card, EmptyState, PageHeader } from "../components/ui/card";
import { Field, TextInput } from "../components/ui/field";
import { pick } from "../lib/localized";
import { serverCaller } from "../lib/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("organisations");
  return { title: t("title") };
}

/** Organisations by name; a plain GET form, so the search is a link and needs no script. */
export default async function OrganisationsPage({ searchParams }: { searchParams: Promise<{ q?: string }> }) {
  const q = ((await searchParams).q ?? "").slice(0, 120);
  const [t, locale, caller] = await Promise.all([getTranslations("organisations"), getLocale(), serverCaller()]);
  const list = await caller.organisations.list({ query: q, regionId: null });
  return (
    <div className="space-y-6">
      <PageHeader title={t("title")} description={t("description")} />
      <form method="get" className="flex flex-col gap-2 sm:flex-row sm:items-end">
        <div className="flex-1">
          <Field label={t("search")} htmlFor="organisation-search">
            <TextInput id="organisation-search" type="search" name="q" defaultValue={q} />
          </Field>
        </div>
        <Button type="submit" variant="secondary">
          {t("search")}
        </Button>
      </form>
      {list.length === 0 ? (
        <EmptyState title={t("empty")} />
      ) : (
        <ul className="grid gap-3 md:grid-cols-2">
          {list.map((o) => (
            <li key={o.id}>
              <Card>
                <Link className="font-medium text-brand-700 hover:underline" href={`/organisations/${o.id}`}>
                  {pick(locale, o, "name")}
                </Link>
                <p className="mt-1 flex flex-wrap items-center gap-2 text-sm text-slate-600">
                  <Badge>{t(`types.${o.type}`)}</Badge>
                  {pick(locale, o.region, "name")}
                  {o.sectors.length ? ` · ${o.sectors.join(locale === "en" ? ", " : "、")}` : ""}
                </p>
              </Card>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { Button } from "../../components/ui/button";
import { Card, PageHeader } from "../../components/ui/card";
import { Field, SelectInput } from "../../components/ui/field";
import { pick } from "../../lib/localized";
import { serverCaller } from "../../lib/server";
import { AccountabilityView } from "@/app/_features/fund/accountability-view";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("fund.accountability");
  return { title: t("title") };
}

const one = (value: string | string[] | undefined) => (typeof value === "string" && value !== "" ? value : undefined);

/** The fund's public accountability across calls, for all regions, a cluster or a region (a plain GET form). */
export default async function FundAccountabilityPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const caller = await serverCaller();
  const [t, locale, data] = await Promise.all([
    getTranslations("fund.accountability"),
    getLocale(),
    caller.fund.accountability({ cluster: one(params.cluster), region: one(params.region) }),
  ]);
  const scope = data.filter.region
    ? pick(locale, data.regions.find((r) => r.code === data.filter.region) ?? {}, "name")
    : data.filter.cluster
      ? pick(locale, data.clusters.find((c) => c.code === data.filter.cluster) ?? {}, "name")
      : t("scopeAll");
  return (
    <div className="space-y-6">
      <PageHeader title={t("title")} description={t("description")} />
      <Card>
        <form method="get" className="flex flex-wrap items-end gap-3" data-testid="accountability-filter">
          <Field label={t("cluster")} htmlFor="filter-cluster">
            <SelectInput id="filter-cluster" name="cluster" defaultValue={data.filter.cluster ?? ""}>
              <option value="">{t("all")}</option>
              {data.clusters.map((c) => (
                <option key={c.code} value={c.code}>
                  {pick(locale, c, "name")}
                </option>
              ))}
            </SelectInput>
          </Field>
          <Field label={t("region")} htmlFor="filter-region">
            <SelectInput id="filter-region" name="region" defaultValue={data.filter.region ?? ""}>
              <option value="">{t("all")}</option>
              {data.clusters.map((c) => (
                <optgroup key={c.code} label={pick(locale, c, "name")}>
                  {data.regions
                    .filter((r) => r.cluster === c.code)
                    .map((r) => (
                      <option key={r.code} value={r.code}>
                        {pick(locale, r, "name")}
                      </option>
                    ))}
                </optgroup>
              ))}
            </SelectInput>
          </Field>
          <Button type="submit" variant="secondary">
            {t("apply")}
          </Button>
        </form>
      </Card>
      <AccountabilityView data={data} scope={scope} />
    </div>
  );
}

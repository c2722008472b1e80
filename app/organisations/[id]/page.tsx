import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { orNotFound, routeId } from "@/app/_features/achievements/load";
import { Badge, Card } from "../../components/ui/card";
import { pick } from "../../lib/localized";
import { serverCaller } from "../../lib/server";

async function load(id: string) {
  const caller = await serverCaller();
  return orNotFound(caller.organisations.get({ organisationId: routeId(id) }));
}

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const [org, locale] = await Promise.all([load((await params).id), getLocale()]);
  return { title: pick(locale, org, "name") };
}

/** An organisation's profile: names, type, region, sectors, its alliances and the people who act for it. */
export default async function OrganisationPage({ params }: { params: Promise<{ id: string }> }) {
  const [org, locale, t, ta] = await Promise.all([
    load((await params).id),
    getLocale(),
    getTranslations("organisations"),
    getTranslations("alliances"),
  ]);
  const list = (items: string[]) => items.join(locale === "en" ? ", " : "、");
  return (
    <div className="space-y-6">
      <Link href="/organisations" className="text-sm text-brand-700 hover:underline">
        ← {t("back")}
      </Link>
      <header className="space-y-1">
        <Badge tone="brand">{t(`types.${org.type}`)}</Badge>
        <h1 className="text-2xl font-semibold text-slate-900">{pick(locale, org, "name")}</h1>
        <p className="text-slate-500" lang={locale === "en" ? "zh-CN" : "en"}>
          {locale === "en" ? org.nameZh : org.nameEn}
        </p>
      </header>
      <div className="grid gap-6 md:grid-cols-3">
        <Card>
          <dl className="space-y-2 text-sm">
            <div>
              <dt className="text-slate-500">{t("region")}</dt>
              <dd>
                <Link className="text-brand-700 hover:underline" href={`/regions/${org.region.code}`}>
                  {pick(locale, org.region, "name")}
                </Link>
              </dd>
            </div>
            <div>
              <dt className="text-slate-500">{t("sectors")}</dt>
              <dd className="text-slate-800">{list(org.sectors) || "—"}</dd>
            </div>
            {org.aliases.length ? (
              <div>
                <dt className="text-slate-500">{t("aliases")}</dt>
                <dd className="text-slate-800">{list(org.aliases)}</dd>
              </div>
            ) : null}
          </dl>
        </Card>
        <Card className="md:col-span-2">
          <h2 className="mb-2 font-semibold text-slate-900">{t("alliances")}</h2>
          {org.alliances.length === 0 ? (
            <p className="text-sm text-slate-600">{t("noAlliances")}</p>
          ) : (
            <ul className="space-y-2 text-sm">
              {org.alliances.map((a) => (
                <li key={a.allianceId} className="flex flex-wrap items-baseline gap-2">
                  <Link className="font-medium text-brand-700 hover:underline" href={`/alliances/${a.allianceId}`}>
                    {pick(locale, a, "name")}
                  </Link>
                  <Badge tone={a.status === "accepted" ? "brand" : "amber"}>{ta(`chain.${a.chainRole}`)}</Badge>
                  {a.status !== "accepted" ? <Badge tone="amber">{ta(`statuses.${a.status}`)}</Badge> : null}
                  {a.contribution ? <span className="text-slate-600">{a.contribution}</span> : null}
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
      <Card>
        <h2 className="mb-2 font-semibold text-slate-900">{t("people")}</h2>
        {org.peopleHidden ? (
          <p className="text-sm text-slate-600">{t("peopleSignIn")}</p>
        ) : org.people.length === 0 ? (
          <p className="text-sm text-slate-600">{t("noPeople")}</p>
        ) : (
          <ul className="flex flex-wrap gap-3 text-sm">
            {org.people.map((p) => (
              <li key={p.id}>
                <Link className="text-brand-700 hover:underline" href={`/people/${p.id}`}>
                  {p.displayName}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}

import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { ButtonLink } from "./components/ui/button";
import { MyWork } from "./components/my-work";
import { RecentTopics } from "./components/recent-topics";
import { Badge, Card } from "./components/ui/card";
import { pick } from "./lib/localized";
import { currentUser, serverCaller } from "./lib/server";

export default async function DashboardPage() {
  const [t, locale, user, caller] = await Promise.all([getTranslations(), getLocale(), currentUser(), serverCaller()]);
  const [recommendations, clusters, forums] = await Promise.all([
    caller.reference.recommendations(),
    caller.reference.regions(),
    caller.forums.list(),
  ]);
  const userRegion = user ? clusters.flatMap((c) => c.regions).find((r) => r.id === user.regionId) : undefined;

  return (
    <div className="space-y-8">
      <section className="rounded-xl bg-gradient-to-br from-brand-800 to-brand-600 px-6 py-8 text-white shadow">
        <h1 className="text-2xl font-semibold sm:text-3xl">
          {user ? t("home.welcome", { name: user.displayName }) : t("home.signedOutTitle")}
        </h1>
        <p className="mt-3 max-w-3xl text-brand-50">{t("home.intro")}</p>
        <div className="mt-5 flex flex-wrap items-center gap-3">
          {user ? (
            <>
              <Badge tone="brand">{t(`roles.${user.role}`)}</Badge>
              {userRegion ? (
                <span className="text-sm text-brand-100">
                  {t("home.yourRegion", { region: pick(locale, userRegion, "name") })}
                </span>
              ) : null}
            </>
          ) : (
            <ButtonLink href="/sign-in" variant="secondary">
              {t("home.signedOutCta")}
            </ButtonLink>
          )}
        </div>
      </section>

      {user ? <MyWork /> : null}

      <section aria-labelledby="recent">
        <h2 id="recent" className="mb-3 text-lg font-semibold">
          {t("home.recent")}
        </h2>
        <RecentTopics forumIds={forums.map((forum) => forum.id)} />
      </section>

      <section aria-labelledby="recommendations">
        <h2 id="recommendations" className="mb-3 text-lg font-semibold">
          {t("home.recommendations")}
        </h2>
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3" data-testid="recommendation-list">
          {recommendations.map((recommendation) => (
            <li key={recommendation.id}>
              <Link
                href={`/forums/${recommendation.slug}`}
                className="block h-full rounded-lg border border-slate-200 bg-white p-5 shadow-sm transition hover:border-brand-300 hover:shadow"
              >
                <p className="text-xs font-medium text-brand-700">
                  {t("forums.section", { section: recommendation.section })}
                </p>
                <h3 className="mt-1 font-semibold text-slate-900">{pick(locale, recommendation, "title")}</h3>
                <p className="mt-2 line-clamp-3 text-sm text-slate-600">{pick(locale, recommendation, "summary")}</p>
                <p className="mt-3 text-xs text-slate-500">
                  {t("home.measureCount", { count: recommendation.measures.length })}
                </p>
              </Link>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="regions">
        <h2 id="regions" className="mb-3 text-lg font-semibold">
          {t("home.regions")}
        </h2>
        <div className="grid gap-4 sm:grid-cols-2">
          {clusters.map((cluster) => (
            <Card key={cluster.id}>
              <div className="flex items-baseline justify-between gap-2">
                <h3 className="font-semibold">
                  <Link href={`/clusters/${cluster.code}`} className="hover:text-brand-700">
                    {pick(locale, cluster, "name")}
                  </Link>
                </h3>
                <span className="text-xs text-slate-500">
                  {t("home.regionCount", { count: cluster.regions.length })}
                </span>
              </div>
              <p className="mt-1 text-sm text-slate-600">{pick(locale, cluster, "description")}</p>
              <ul className="mt-3 flex flex-wrap gap-2">
                {cluster.regions.map((region) => (
                  <li key={region.id} title={pick(locale, region, "strength")}>
                    <Link href={`/regions/${region.code}`} className="rounded-full hover:ring-2 hover:ring-brand-200">
                      <Badge tone={region.id === user?.regionId ? "brand" : "slate"}>
                        {pick(locale, region, "name")}
                      </Badge>
                    </Link>
                  </li>
                ))}
              </ul>
            </Card>
          ))}
        </div>
      </section>
    </div>
  );
}

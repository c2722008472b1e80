import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { Card, PageHeader } from "../components/ui/card";
import { pick } from "../lib/localized";
import { currentUser, serverCaller } from "../lib/server";
import { AlliancesBoard } from "./alliances-board";
import { FoundAllianceForm } from "./found-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("alliances");
  return { title: t("title") };
}

/** Founding is the server's decision (a researcher or member who acts for an organisation); the form only saves others a refusal. */
const foundingRoles = new Set(["researcher", "member", "admin"]);

export default async function AlliancesPage() {
  const [t, user, locale, caller] = await Promise.all([
    getTranslations("alliances"),
    currentUser(),
    getLocale(),
    serverCaller(),
  ]);
  const [clusters, mine] = await Promise.all([
    caller.reference.regions(),
    user ? caller.organisations.mine() : Promise.resolve(null),
  ]);
  return (
    <div className="space-y-6">
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          <Link href="/organisations" className="text-sm text-brand-700 hover:underline">
            {t("organisationsLink")}
          </Link>
        }
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="lg:col-span-2">
          <AlliancesBoard />
        </div>
        <div className="space-y-6">
          <Card>
            <h2 className="font-semibold text-slate-900">{t("clusterMatrices")}</h2>
            <p className="mt-1 text-sm text-slate-600">{t("clusterMatricesHint")}</p>
            <ul className="mt-3 space-y-1 text-sm">
              {clusters.map((c) => (
                <li key={c.id}>
                  <Link className="text-brand-700 hover:underline" href={`/alliances/clusters/${c.code}`}>
                    {pick(locale, c, "name")}
                  </Link>
                </li>
              ))}
            </ul>
          </Card>
          <Card>
            <h2 className="mb-3 font-semibold text-slate-900">{t("found.heading")}</h2>
            {!user ? (
              <p className="text-sm text-slate-600">{t("found.signIn")}</p>
            ) : !foundingRoles.has(user.role) || !mine ? (
              <p className="text-sm text-slate-600">{t("found.needsOrganisation")}</p>
            ) : (
              <FoundAllianceForm organisationName={pick(locale, mine, "name")} />
            )}
          </Card>
        </div>
      </div>
    </div>
  );
}

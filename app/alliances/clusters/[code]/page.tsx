import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { orNotFound } from "@/app/_features/achievements/load";
import { Card, PageHeader } from "../../../components/ui/card";
import { pick } from "../../../lib/localized";
import { serverCaller } from "../../../lib/server";
import { ClusterMatrix } from "./cluster-matrix";

async function load(code: string) {
  const caller = await serverCaller();
  return orNotFound(caller.alliances.clusterMatrix({ clusterCode: code }));
}

export async function generateMetadata({ params }: { params: Promise<{ code: string }> }): Promise<Metadata> {
  const [data, locale, t] = await Promise.all([load((await params).code), getLocale(), getTranslations("alliances")]);
  return { title: t("cluster.title", { name: pick(locale, data.cluster, "name") }) };
}

/** A cluster's division of labour across every alliance: where its cities overlap and where the chain has gaps. */
export default async function ClusterMatrixPage({ params }: { params: Promise<{ code: string }> }) {
  const [data, locale, t] = await Promise.all([load((await params).code), getLocale(), getTranslations("alliances")]);
  return (
    <div className="space-y-6">
      <Link href="/alliances" className="text-sm text-brand-700 hover:underline">
        ← {t("cluster.back")}
      </Link>
      <PageHeader
        title={t("cluster.title", { name: pick(locale, data.cluster, "name") })}
        description={t("cluster.description")}
      />
      <ClusterMatrix clusterCode={data.cluster.code} matrix={data.matrix} organisations={data.organisations} />
      <div className="grid gap-6 md:grid-cols-2">
        <Card>
          <h2 className="mb-2 font-semibold text-slate-900">{t("cluster.alliances")}</h2>
          {data.alliances.length === 0 ? (
            <p className="text-sm text-slate-600">{t("cluster.none")}</p>
          ) : (
            <ul className="space-y-1 text-sm">
              {data.alliances.map((a) => (
                <li key={a.id}>
                  <Link className="text-brand-700 hover:underline" href={`/alliances/${a.id}`}>
                    {pick(locale, a, "name")}
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card>
          <h2 className="mb-2 font-semibold text-slate-900">{t("cluster.organisations")}</h2>
          {data.organisations.length === 0 ? (
            <p className="text-sm text-slate-600">{t("cluster.none")}</p>
          ) : (
            <ul className="space-y-1 text-sm">
              {data.organisations.map((o) => (
                <li key={o.id}>
                  <Link className="text-brand-700 hover:underline" href={`/organisations/${o.id}`}>
                    {pick(locale, o, "name")}
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </div>
  );
}

import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { getFormatter } from "@/app/lib/server-formatter";
import { Card } from "../../components/ui/card";
import { serverCaller } from "../../lib/server";
import type { RouterOutputs } from "../../lib/router-types";

type Deal = RouterOutputs["achievements"]["regionDeals"]["out"]["deals"][number];

/**
 * A region page's "achievements out / in": counts and the newest deals where the region is on the
 * owner side and on the buyer side, read through the same public-deal rule as the flows and exports.
 */
export async function RegionDeals({ regionId }: { regionId: number }) {
  const [t, locale, format, caller] = await Promise.all([
    getTranslations("achievements.regionDeals"),
    getLocale(),
    getFormatter(),
    serverCaller(),
  ]);
  const deals = await caller.achievements.regionDeals({ regionId });
  const en = locale === "en";
  const yuan = (n: number) =>
    format.number(n, { style: "currency", currency: "CNY", currencyDisplay: "narrowSymbol", maximumFractionDigits: 0 });
  const item = (deal: Deal, side: "out" | "in") => (
    <li key={deal.id} className="py-2">
      <Link href={`/achievements/${deal.achievementId}#transfers`} className="text-brand-700 hover:underline">
        {en ? deal.titleEn : deal.titleZh}
      </Link>
      <p className="text-xs text-slate-600">
        {deal.signedOn} ·{" "}
        {side === "out"
          ? t("to", {
              organisation: deal.buyerOrganisation,
              region: en ? deal.buyerRegion.nameEn : deal.buyerRegion.nameZh,
            })
          : t("from", {
              owners: deal.owners
                .map((o) => `${o.organisation} (${en ? o.region.nameEn : o.region.nameZh})`)
                .join(", "),
            })}
        {deal.valueYuan === null ? null : ` · ${t("value", { value: yuan(deal.valueYuan) })}`}
      </p>
    </li>
  );
  const column = (side: "out" | "in") => (
    <div>
      <h3 className="font-medium text-slate-900">{t(side, { count: deals[side].count })}</h3>
      {deals[side].deals.length === 0 ? (
        <p className="mt-1 text-sm text-slate-500">{t("none")}</p>
      ) : (
        <ul className="divide-y divide-slate-100 text-sm" aria-label={t(side === "out" ? "outList" : "inList")}>
          {deals[side].deals.map((deal) => item(deal, side))}
        </ul>
      )}
    </div>
  );
  return (
    <Card>
      <h2 className="text-lg font-semibold text-slate-900">{t("heading")}</h2>
      <p className="mt-1 text-sm text-slate-600">{t("description")}</p>
      <div className="mt-3 grid gap-4 md:grid-cols-2">
        {column("out")}
        {column("in")}
      </div>
      <Link href="/achievements/flows" className="mt-3 inline-block text-sm text-brand-700 hover:underline">
        {t("all")}
      </Link>
    </Card>
  );
}

import { getLocale, getTranslations } from "next-intl/server";
import type { RecognitionCounts } from "@/server/features/talent/rules/recognition";
import { StackedBars } from "../../components/charts/stacked-bars";
import { Card } from "../../components/ui/card";
import { serverCaller } from "../../lib/server";

const colors = {
  projects: "bg-sky-400",
  decisions: "bg-brand-600",
  achievements: "bg-amber-400",
  exchanges: "bg-emerald-500",
} as const;

/**
 * Cross-regional collaboration per region on one scale: this region's figures and its place among
 * the others (the regions with most, and this one). Approved projects are split out of the joint
 * projects so the stack adds up to distinct pieces of work.
 */
export async function RegionRecognition({ regionId, limit = 8 }: { regionId: number; limit?: number }) {
  const [t, locale, caller] = await Promise.all([getTranslations("talent.recognition"), getLocale(), serverCaller()]);
  const [rows, clusters] = await Promise.all([caller.talent.regionRecognition(), caller.reference.regions()]);
  const names = new Map(
    clusters.flatMap((c) => c.regions).map((r) => [r.id, locale === "en" ? r.nameEn : r.nameZh] as const),
  );
  const own = rows.find((r) => r.regionId === regionId);
  const shown = rows.slice(0, limit);
  if (own && !shown.includes(own)) shown.push(own);
  const segmentsOf = (c: RecognitionCounts) => [
    { key: "projects", label: t("chart.projectsOther"), value: c.projects - c.decisions, color: colors.projects },
    { key: "decisions", label: t("chart.decisions"), value: c.decisions, color: colors.decisions },
    { key: "achievements", label: t("kinds.achievements"), value: c.achievements, color: colors.achievements },
    { key: "exchanges", label: t("kinds.exchanges"), value: c.exchanges, color: colors.exchanges },
  ];
  const legend = segmentsOf({ projects: 0, decisions: 0, achievements: 0, exchanges: 0 }).map(
    ({ value: _value, ...rest }) => rest,
  );
  return (
    <Card>
      <section aria-labelledby="region-recognition" className="space-y-3" data-testid="region-recognition">
        <h2 id="region-recognition" className="text-lg font-semibold text-slate-900">
          {t("regionTitle")}
        </h2>
        <p className="text-sm text-slate-600">{t("regionIntro")}</p>
        {own ? (
          <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
            {(["projects", "decisions", "achievements", "exchanges"] as const).map((kind) => (
              <div key={kind} className="rounded-md bg-slate-50 p-3">
                <dt className="text-xs text-slate-500">{t(`kinds.${kind}`)}</dt>
                <dd className="text-xl font-semibold text-slate-900">{own.counts[kind]}</dd>
              </div>
            ))}
          </dl>
        ) : null}
        <StackedBars
          caption={t("chart.caption")}
          legend={legend}
          totalLabel={(total) => String(total)}
          rows={shown.map((row) => {
            const segments = segmentsOf(row.counts);
            const name = names.get(row.regionId) ?? String(row.regionId);
            return {
              key: String(row.regionId),
              label: row.regionId === regionId ? `▸ ${name}` : name,
              total: segments.reduce((sum, s) => sum + s.value, 0),
              segments,
            };
          })}
        />
      </section>
    </Card>
  );
}

"use client";
import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { outcomeTypes } from "@/shared/fund-vocabulary";
import { Chart } from "@/app/components/charts/chart";
import { Card } from "@/app/components/ui/card";
import { pick } from "@/app/lib/localized";
import type { RouterOutputs } from "@/app/lib/router-types";
import { compactYuan } from "@/app/lib/money-format";

type Data = RouterOutputs["fund"]["accountability"];

const timings = ["on_time", "late", "overdue", "pending"] as const;
const timingColors = { on_time: "#16a34a", late: "#d97706", overdue: "#dc2626", pending: "#94a3b8" } as const;

/**
 * The fund's figures for one scope: money per funder planned and paid (one scale), milestones on time and
 * late per region, outcomes per quarter; each chart with its table for screen readers.
 */
export function AccountabilityView({ data, scope }: { data: Data; scope: string }) {
  const t = useTranslations("fund.accountability");
  const tFund = useTranslations("fund");
  const tTypes = useTranslations("fund.results.outcomeTypes");
  const locale = useLocale();
  const funderName = (m: Data["money"][number]) =>
    m.code === "central" ? tFund("centre") : pick(locale, m as { nameZh: string; nameEn: string }, "name");
  if (data.projects.length === 0 && data.money.length === 0)
    return (
      <Card>
        <p className="text-slate-600" data-testid="accountability-empty">
          {t("none")}
        </p>
      </Card>
    );
  return (
    <div className="space-y-6">
      <Card>
        <h2 className="mb-2 text-lg font-semibold">
          {t("moneyHeading")} · {scope}
        </h2>
        <Chart
          testId="accountability-money"
          caption={t("moneyCaption")}
          height={Math.max(200, 44 * data.money.length)}
          valueFormat={compactYuan}
          spec={{
            kind: "bars",
            horizontal: true,
            categories: data.money.map(funderName),
            series: [
              { name: t("planned"), values: data.money.map((m) => m.plannedYuan), color: "#94a3b8" },
              { name: t("paid"), values: data.money.map((m) => m.paidYuan) },
            ],
          }}
        />
      </Card>
      <Card>
        <h2 className="mb-2 text-lg font-semibold">{t("milestonesHeading")}</h2>
        {data.milestones.length === 0 ? (
          <p className="text-sm text-slate-600">{t("empty")}</p>
        ) : (
          <Chart
            testId="accountability-milestones"
            caption={t("milestonesCaption")}
            height={Math.max(200, 40 * data.milestones.length)}
            spec={{
              kind: "bars",
              horizontal: true,
              stacked: true,
              integers: true,
              categories: data.milestones.map((r) => pick(locale, r, "name")),
              series: timings.map((timing) => ({
                name: t(`timing.${timing}`),
                values: data.milestones.map((r) => r.counts[timing]),
                color: timingColors[timing],
              })),
            }}
          />
        )}
      </Card>
      <Card>
        <h2 className="mb-2 text-lg font-semibold">{t("outcomesHeading")}</h2>
        <dl className="mb-3 grid grid-cols-2 gap-2 text-sm sm:grid-cols-3" aria-label={t("totalsCaption")}>
          {outcomeTypes.map((type) => (
            <div key={type} className="rounded-md bg-slate-50 px-3 py-2">
              <dt className="text-slate-600">{tTypes(type)}</dt>
              <dd className="text-lg font-semibold" data-testid={`outcome-total-${type}`}>
                {data.outcomes.totals[type]}
              </dd>
            </div>
          ))}
        </dl>
        {data.outcomes.quarters.length === 0 ? (
          <p className="text-sm text-slate-600">{t("empty")}</p>
        ) : (
          <Chart
            testId="accountability-outcomes"
            caption={t("outcomesCaption")}
            spec={{
              kind: "bars",
              stacked: true,
              integers: true,
              categories: data.outcomes.quarters,
              series: outcomeTypes.map((type) => ({ name: tTypes(type), values: data.outcomes.counts[type] })),
            }}
          />
        )}
      </Card>
      <Card>
        <h2 className="mb-2 text-lg font-semibold">{t("projectsHeading")}</h2>
        {data.projects.length === 0 ? <p className="text-sm text-slate-600">{t("none")}</p> : null}
        <ul className="space-y-2 text-sm" data-testid="accountability-projects">
          {data.projects.map((p) => (
            <li key={p.submissionId}>
              <Link href={`/fund/${p.callId}`} className="font-medium text-brand-700 hover:underline">
                {p.title}
              </Link>
              <span className="ml-2 text-slate-600">
                {p.regions.map((r) => pick(locale, r, "name")).join(locale === "en" ? ", " : "、")} ·{" "}
                {t("inCall", { call: pick(locale, { titleZh: p.callTitleZh, titleEn: p.callTitleEn }, "title") })}
              </span>
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}

"use client";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import { useEffect, useMemo, useState } from "react";
import type { BallotRule } from "@/server/domain/ballot-rules";
import { StackedBars } from "../../components/charts/stacked-bars";
import type { RouterOutputs } from "../../lib/router-types";
import type { Project } from "../projects/project";

export type PlanView = RouterOutputs["ballots"]["plans"]["list"][number];
export type BallotView = RouterOutputs["ballots"]["get"];

/** One colour per participating region, in the project's region order, the same on every chart. */
const palette = [
  "bg-brand-500",
  "bg-amber-500",
  "bg-emerald-500",
  "bg-sky-500",
  "bg-rose-500",
  "bg-violet-500",
  "bg-lime-500",
  "bg-orange-500",
];

export interface RegionInfo {
  id: number;
  name: string;
  color: string;
}

/** The project's regions, lead first then partners by id: the order the server lists shares in. */
export function useProjectRegions(project: Project): RegionInfo[] {
  const locale = useLocale();
  return useMemo(() => {
    const partners = [...project.partnerRegions].sort((a, b) => a.id - b.id);
    return [project.leadRegion, ...partners].map((r, index) => ({
      id: r.id,
      name: locale === "en" ? r.nameEn : r.nameZh,
      color: palette[index % palette.length]!,
    }));
  }, [project.leadRegion, project.partnerRegions, locale]);
}

export function regionNameOf(regions: readonly RegionInfo[], id: number): string {
  return regions.find((r) => r.id === id)?.name ?? "…";
}

/** Basis points as a percentage in the reader's format: 3333 → 33.33%. */
export function usePercent() {
  const format = useFormatter();
  return (bp: number) => format.number(bp / 10_000, { style: "percent", maximumFractionDigits: 2 });
}

/** A plan's cost and benefit shares as two stacked bars, one segment per region. */
export function PlanSharesChart({
  plan,
  regions,
  caption,
}: {
  plan: Pick<PlanView, "shares">;
  regions: readonly RegionInfo[];
  caption: string;
}) {
  const t = useTranslations("ballots");
  const percent = usePercent();
  const segments = (field: "costBp" | "benefitBp") =>
    regions.map((r) => ({
      key: String(r.id),
      label: r.name,
      value: (plan.shares.find((s) => s.regionId === r.id)?.[field] ?? 0) / 100,
      color: r.color,
    }));
  return (
    <div className="space-y-2">
      <StackedBars
        caption={caption}
        legend={regions.map((r) => ({ key: String(r.id), label: r.name, color: r.color }))}
        totalLabel={(total) => percent(total * 100)}
        rows={[
          { key: "cost", label: t("plans.cost"), total: 100, segments: segments("costBp") },
          { key: "benefit", label: t("plans.benefit"), total: 100, segments: segments("benefitBp") },
        ]}
      />
      <table className="w-full text-xs tabular-nums text-slate-600">
        <thead>
          <tr className="text-left text-slate-500">
            <th className="py-1 font-medium">{t("plans.region")}</th>
            <th className="py-1 text-right font-medium">{t("plans.cost")}</th>
            <th className="py-1 text-right font-medium">{t("plans.benefit")}</th>
          </tr>
        </thead>
        <tbody>
          {plan.shares.map((s) => (
            <tr key={s.regionId} className="border-t border-slate-100">
              <td className="py-1">
                <span
                  className={`mr-1.5 inline-block size-2 rounded-sm ${regions.find((r) => r.id === s.regionId)?.color ?? "bg-slate-400"}`}
                  aria-hidden
                />
                {regionNameOf(regions, s.regionId)}
              </td>
              <td className="py-1 text-right">{percent(s.costBp)}</td>
              <td className="py-1 text-right">{percent(s.benefitBp)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function RuleSummary({
  rule,
  quorumBp,
  visibility,
}: {
  rule: BallotRule;
  quorumBp: number;
  visibility: "secret" | "roll_call";
}) {
  const t = useTranslations("ballots");
  const percent = usePercent();
  return (
    <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-3">
      <div>
        <dt className="text-slate-500">{t("settings.rule")}</dt>
        <dd className="font-medium text-slate-900">{t(`rules.${rule}`)}</dd>
        <dd className="text-xs text-slate-500">{t(`ruleHints.${rule}`)}</dd>
      </div>
      <div>
        <dt className="text-slate-500">{t("settings.quorum")}</dt>
        <dd className="font-medium tabular-nums text-slate-900">{percent(quorumBp)}</dd>
      </div>
      <div>
        <dt className="text-slate-500">{t("settings.visibility")}</dt>
        <dd className="font-medium text-slate-900">{t(`visibilities.${visibility}`)}</dd>
      </div>
    </dl>
  );
}

/** The time left until `until`, re-rendered every second; zero once past. */
export function useRemaining(until: Date): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1_000);
    return () => window.clearInterval(timer);
  }, []);
  return Math.max(0, until.getTime() - now);
}

export function Countdown({ until }: { until: Date }) {
  const t = useTranslations("ballots");
  const ms = useRemaining(until);
  const seconds = Math.floor(ms / 1_000);
  const parts = {
    days: Math.floor(seconds / 86_400),
    hours: Math.floor((seconds % 86_400) / 3_600),
    minutes: Math.floor((seconds % 3_600) / 60),
    seconds: seconds % 60,
  };
  return (
    <span className="tabular-nums" data-testid="countdown" suppressHydrationWarning>
      {ms === 0 ? t("panel.closing") : t("panel.countdown", parts)}
    </span>
  );
}

"use client";
import { useTranslations } from "next-intl";
import type { BallotRule } from "@/server/features/ballots/rules/ballot-rules";
import { usePercent } from "./use-percent";

/** A ballot's rule, quorum and visibility, as the panel and the result state them. */
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

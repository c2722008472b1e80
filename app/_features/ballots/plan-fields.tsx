"use client";
import { useTranslations } from "next-intl";
import { Field, TextInput } from "../../components/ui/field";
import { TextArea } from "../../components/ui/text-area";
import type { RegionInfo } from "./project-regions";
import { usePercent } from "./use-percent";

type Row = { cost: string; benefit: string };

/** A plan as it is being typed: percentages as text, so half-typed numbers are kept as they are. */
export interface PlanDraft {
  rows: Record<number, Row>;
  rationale: string;
  terms: string;
}

export interface PlanShareInput {
  regionId: number;
  costBp: number;
  benefitBp: number;
}

/** "33.33" → 3333 basis points; null unless a number between 0 and 100 with at most two decimals. */
function toBp(text: string): number | null {
  const trimmed = text.trim().replace(",", ".");
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(trimmed)) return null;
  const bp = Math.round(Number(trimmed) * 100);
  return bp <= 10_000 ? bp : null;
}

const fromBp = (bp: number) => String(bp / 100);

export function emptyDraft(regions: readonly RegionInfo[]): PlanDraft {
  return { rows: Object.fromEntries(regions.map((r) => [r.id, { cost: "", benefit: "" }])), rationale: "", terms: "" };
}

export function draftOf(plan: {
  shares: readonly PlanShareInput[];
  rationale: string;
  terms?: string | null;
}): PlanDraft {
  return {
    rows: Object.fromEntries(
      plan.shares.map((s) => [s.regionId, { cost: fromBp(s.costBp), benefit: fromBp(s.benefitBp) }]),
    ),
    rationale: plan.rationale,
    terms: plan.terms ?? "",
  };
}

function parse(draft: PlanDraft, regions: readonly RegionInfo[]) {
  const parsed = regions.map((r) => ({
    regionId: r.id,
    costBp: toBp(draft.rows[r.id]?.cost ?? ""),
    benefitBp: toBp(draft.rows[r.id]?.benefit ?? ""),
  }));
  return {
    parsed,
    costSum: parsed.reduce((s, r) => s + (r.costBp ?? 0), 0),
    benefitSum: parsed.reduce((s, r) => s + (r.benefitBp ?? 0), 0),
    allNumbers: parsed.every((r) => r.costBp !== null && r.benefitBp !== null),
  };
}

export type DraftProblem = "badNumber" | "badSums" | "needRationale";

/** The same checks the server makes, so that a mistake is named before anything is sent. */
export function checkDraft(
  draft: PlanDraft,
  regions: readonly RegionInfo[],
): { problem: DraftProblem } | { plan: { shares: PlanShareInput[]; rationale: string; terms: string | undefined } } {
  const { parsed, costSum, benefitSum, allNumbers } = parse(draft, regions);
  if (!allNumbers) return { problem: "badNumber" };
  if (costSum !== 10_000 || benefitSum !== 10_000) return { problem: "badSums" };
  if (!draft.rationale.trim()) return { problem: "needRationale" };
  return {
    plan: {
      shares: parsed.map((r) => ({ regionId: r.regionId, costBp: r.costBp ?? 0, benefitBp: r.benefitBp ?? 0 })),
      rationale: draft.rationale,
      terms: draft.terms.trim() ? draft.terms : undefined,
    },
  };
}

/** The share table with live sums, the rationale and the terms of one plan; the caller keeps the state. */
export function PlanFields({
  idPrefix,
  regions,
  draft,
  onChange,
}: {
  idPrefix: string;
  regions: readonly RegionInfo[];
  draft: PlanDraft;
  onChange: (draft: PlanDraft) => void;
}) {
  const t = useTranslations("ballots.form");
  const percent = usePercent();
  const { costSum, benefitSum } = parse(draft, regions);
  const setCell = (regionId: number, field: keyof Row, value: string) =>
    onChange({
      ...draft,
      rows: { ...draft.rows, [regionId]: { ...(draft.rows[regionId] ?? { cost: "", benefit: "" }), [field]: value } },
    });
  const sumClass = (sum: number) => (sum === 10_000 ? "text-emerald-700" : "text-red-700");
  const invalid = (text: string | undefined) => (text ?? "") !== "" && toBp(text ?? "") === null;

  return (
    <div className="space-y-4">
      <div className="overflow-x-auto">
        <table className="w-full min-w-[18rem] text-sm">
          <thead>
            <tr className="text-left text-slate-500">
              <th className="pb-2 font-medium">{t("region")}</th>
              <th className="pb-2 font-medium">{t("costPercent")}</th>
              <th className="pb-2 font-medium">{t("benefitPercent")}</th>
            </tr>
          </thead>
          <tbody>
            {regions.map((r) => (
              <tr key={r.id}>
                <th scope="row" className="whitespace-nowrap py-1 pr-2 text-left font-medium text-slate-700">
                  <span className={`mr-1.5 inline-block size-2.5 rounded-sm ${r.color}`} aria-hidden />
                  {r.name}
                </th>
                <td className="py-1 pr-2">
                  <TextInput
                    inputMode="decimal"
                    aria-label={t("costFor", { region: r.name })}
                    value={draft.rows[r.id]?.cost ?? ""}
                    onChange={(e) => setCell(r.id, "cost", e.target.value)}
                    invalid={invalid(draft.rows[r.id]?.cost)}
                  />
                </td>
                <td className="py-1">
                  <TextInput
                    inputMode="decimal"
                    aria-label={t("benefitFor", { region: r.name })}
                    value={draft.rows[r.id]?.benefit ?? ""}
                    onChange={(e) => setCell(r.id, "benefit", e.target.value)}
                    invalid={invalid(draft.rows[r.id]?.benefit)}
                  />
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr className="border-t border-slate-200 tabular-nums" aria-live="polite">
              <th scope="row" className="pt-2 text-left font-medium text-slate-700">
                {t("sum")}
              </th>
              <td className={`pt-2 font-medium ${sumClass(costSum)}`} data-testid="cost-sum">
                {percent(costSum)}
              </td>
              <td className={`pt-2 font-medium ${sumClass(benefitSum)}`} data-testid="benefit-sum">
                {percent(benefitSum)}
              </td>
            </tr>
          </tfoot>
        </table>
      </div>
      <p className="text-xs text-slate-500">{t("sumsHint")}</p>
      <Field label={t("rationale")} htmlFor={`${idPrefix}-rationale`}>
        <TextArea
          id={`${idPrefix}-rationale`}
          rows={3}
          maxLength={2_000}
          value={draft.rationale}
          onChange={(e) => onChange({ ...draft, rationale: e.target.value })}
        />
      </Field>
      <Field label={t("terms")} htmlFor={`${idPrefix}-terms`} hint={t("termsHint")}>
        <TextArea
          id={`${idPrefix}-terms`}
          rows={2}
          maxLength={5_000}
          value={draft.terms}
          onChange={(e) => onChange({ ...draft, terms: e.target.value })}
        />
      </Field>
    </div>
  );
}

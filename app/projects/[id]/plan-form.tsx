"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { Button } from "../../components/ui/button";
import { Alert } from "../../components/ui/card";
import { Field, TextInput } from "../../components/ui/field";
import { TextArea } from "../../components/ui/text-area";
import { describeError } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc";
import { usePercent, type RegionInfo } from "./ballot-bits";

type Row = { cost: string; benefit: string };

/** "33.33" → 3333 basis points; null unless a number between 0 and 100 with at most two decimals. */
function toBp(text: string): number | null {
  const trimmed = text.trim().replace(",", ".");
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(trimmed)) return null;
  const bp = Math.round(Number(trimmed) * 100);
  return bp <= 10_000 ? bp : null;
}

const fromBp = (bp: number) => String(bp / 100);

export function ProposePlanForm({ projectId, regions, onProposed }: { projectId: number; regions: readonly RegionInfo[]; onProposed: () => void }) {
  const t = useTranslations("ballots.form");
  const tErrors = useTranslations("errors");
  const percent = usePercent();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const empty = () => Object.fromEntries(regions.map((r) => [r.id, { cost: "", benefit: "" }])) as Record<number, Row>;
  const [rows, setRows] = useState<Record<number, Row>>(empty);
  const [rationale, setRationale] = useState("");
  const [terms, setTerms] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [loadingStart, setLoadingStart] = useState(false);
  const propose = useMutation(
    trpc.ballots.plans.propose.mutationOptions({
      onSuccess: () => {
        setRows(empty());
        setRationale("");
        setTerms("");
        setDone(true);
        onProposed();
      },
    }),
  );

  const parsed = regions.map((r) => ({ regionId: r.id, costBp: toBp(rows[r.id]?.cost ?? ""), benefitBp: toBp(rows[r.id]?.benefit ?? "") }));
  const costSum = parsed.reduce((s, r) => s + (r.costBp ?? 0), 0);
  const benefitSum = parsed.reduce((s, r) => s + (r.benefitBp ?? 0), 0);
  const allNumbers = parsed.every((r) => r.costBp !== null && r.benefitBp !== null);

  async function fillStartingPlan() {
    setLoadingStart(true);
    setProblem(null);
    try {
      const start = await queryClient.fetchQuery(trpc.ballots.plans.startingPlan.queryOptions({ projectId }));
      setRows(Object.fromEntries(start.shares.map((s) => [s.regionId, { cost: fromBp(s.costBp), benefit: fromBp(s.benefitBp) }])));
      // The server's rationale is English only; the reader gets the same sentence in their language.
      if (!rationale.trim()) setRationale(t("startingRationale"));
    } catch (error) {
      setProblem(describeError(error, tErrors));
    } finally {
      setLoadingStart(false);
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    setDone(false);
    if (!allNumbers) return setProblem(t("badNumber"));
    if (costSum !== 10_000 || benefitSum !== 10_000) return setProblem(t("badSums"));
    if (!rationale.trim()) return setProblem(t("needRationale"));
    setProblem(null);
    propose.mutate({
      projectId,
      shares: parsed.map((r) => ({ regionId: r.regionId, costBp: r.costBp ?? 0, benefitBp: r.benefitBp ?? 0 })),
      rationale,
      terms: terms.trim() ? terms : undefined,
    });
  }

  const setCell = (regionId: number, field: keyof Row, value: string) => setRows((current) => ({ ...current, [regionId]: { ...(current[regionId] ?? { cost: "", benefit: "" }), [field]: value } }));
  const sumClass = (sum: number) => (sum === 10_000 ? "text-emerald-700" : "text-red-700");

  return (
    <form onSubmit={submit} className="space-y-4" noValidate data-testid="plan-form">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 className="font-semibold">{t("heading")}</h3>
        <Button type="button" variant="secondary" size="sm" busy={loadingStart} onClick={() => void fillStartingPlan()}>
          {t("useStarting")}
        </Button>
      </div>
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
                  <TextInput inputMode="decimal" aria-label={t("costFor", { region: r.name })} value={rows[r.id]?.cost ?? ""} onChange={(e) => setCell(r.id, "cost", e.target.value)} invalid={(rows[r.id]?.cost ?? "") !== "" && toBp(rows[r.id]?.cost ?? "") === null} />
                </td>
                <td className="py-1">
                  <TextInput inputMode="decimal" aria-label={t("benefitFor", { region: r.name })} value={rows[r.id]?.benefit ?? ""} onChange={(e) => setCell(r.id, "benefit", e.target.value)} invalid={(rows[r.id]?.benefit ?? "") !== "" && toBp(rows[r.id]?.benefit ?? "") === null} />
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
      <Field label={t("rationale")} htmlFor="plan-rationale">
        <TextArea id="plan-rationale" rows={3} maxLength={2_000} value={rationale} onChange={(e) => setRationale(e.target.value)} />
      </Field>
      <Field label={t("terms")} htmlFor="plan-terms" hint={t("termsHint")}>
        <TextArea id="plan-terms" rows={2} maxLength={5_000} value={terms} onChange={(e) => setTerms(e.target.value)} />
      </Field>
      {problem ? <Alert>{problem}</Alert> : null}
      {propose.error ? <Alert>{describeError(propose.error, tErrors)}</Alert> : null}
      {done ? <Alert tone="success">{t("proposed")}</Alert> : null}
      <Button type="submit" busy={propose.isPending}>
        {t("submit")}
      </Button>
    </form>
  );
}

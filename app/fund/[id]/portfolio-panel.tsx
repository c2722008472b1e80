"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { Chart } from "../../components/charts/chart";
import { Button } from "../../components/ui/button";
import { Alert, Badge, Card } from "../../components/ui/card";
import { Field, SelectInput } from "../../components/ui/field";
import { TextArea } from "../../components/ui/text-area";
import { useServerErrors } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";
import { points, useYuan } from "@/app/_features/fund/money";
import type { CallData } from "./call-data";
import { BallotSettingsForm } from "@/app/_features/ballots/ballot-settings-form";
import { compactYuan } from "@/app/lib/money-format";

const methods = ["exact", "greedy", "equal_shares"] as const;

/**
 * The three portfolios side by side: what each funds, what it takes from every funder against that
 * funder's contribution (one chart, one scale), and the score it captures; managers decide in selection.
 */
export function PortfolioPanel({ call, names, onDecided }: { call: CallData; names: string[]; onDecided: () => void }) {
  const t = useTranslations("fund.portfolio");
  const tFund = useTranslations("fund");
  const yuan = useYuan();
  const trpc = useTRPC();
  const data = useQuery(trpc.fund.portfolios.queryOptions({ callId: call.id }));
  const [method, setMethod] = useState<(typeof methods)[number]>("exact");
  const [reason, setReason] = useState("");
  const decide = useMutation(trpc.fund.decide.mutationOptions({ onSuccess: onDecided }));
  const queryClient = useQueryClient();
  const ballots = useQuery(trpc.ballots.forCall.queryOptions({ callId: call.id }));
  // While the regions vote, the form waits: one undecided portfolio ballot per call.
  const pending = ballots.data?.some((b) => b.outcome === null) ?? false;
  const putToVote = useMutation(
    trpc.ballots.openPortfolio.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.ballots.forCall.queryKey({ callId: call.id }) });
        onDecided();
      },
    }),
  );
  const errors = useServerErrors(decide.error ?? putToVote.error, ["method", "reason"]);
  // The settings form shows its own fields' refusals; method and reason show theirs above it.
  const ballotFailure = errors.at("method") || errors.at("reason") ? null : putToVote.error;

  if (data.isPending) return <Card>{tFund("loading")}</Card>;
  if (data.isError) return <Alert>{tFund("loadFailed")}</Alert>;
  const { funders, proposals, portfolios, decided } = data.data;
  const title = (id: number) => proposals.find((p) => p.id === id)?.title ?? String(id);
  const max = Math.max(1, ...funders.map((f) => f.capYuan), ...portfolios.flatMap((p) => p.spent.map((s) => s.yuan)));

  function send(event: FormEvent) {
    event.preventDefault();
    putToVote.reset();
    decide.mutate({ callId: call.id, method, reason });
  }

  return (
    <Card>
      <h2 className="text-lg font-semibold">{t("heading")}</h2>
      <p className="mb-3 text-sm text-slate-600">{t("hint")}</p>
      <Chart
        testId="portfolio-chart"
        caption={t("chartCaption")}
        height={Math.max(220, 48 * names.length)}
        valueFormat={compactYuan}
        spec={{
          kind: "bars",
          horizontal: true,
          max,
          categories: names,
          series: [
            { name: t("contribution"), values: funders.map((f) => f.capYuan), color: "#cbd5e1" },
            ...portfolios.map((p) => ({ name: t(`methods.${p.method}`), values: p.spent.map((s) => s.yuan) })),
          ],
        }}
      />
      <div className="mt-4 grid gap-3 md:grid-cols-3" data-testid="portfolios">
        {portfolios.map((p) => (
          <section
            key={p.method}
            className="rounded-md border border-slate-200 p-3"
            data-testid={`portfolio-${p.method}`}
          >
            <h3 className="flex flex-wrap items-center gap-2 font-semibold">
              {t(`methods.${p.method}`)}
              {decided === p.method ? <Badge tone="green">{t("chosen")}</Badge> : null}
            </h3>
            <p className="text-xs text-slate-600">{t(`explain.${p.method}`)}</p>
            <p className="mt-1 text-sm">
              {t("captured", { score: points(p.totalScore), count: p.selected.length })}
              {p.optimal ? null : <span className="text-amber-700"> {t("notProven")}</span>}
            </p>
            <p className="text-sm">
              {t("cost", {
                total: yuan(p.spent.reduce((s, x) => s + x.yuan, 0)),
              })}
            </p>
            <ul className="mt-2 list-inside list-disc text-sm">
              {p.selected.length === 0 ? <li>{t("none")}</li> : p.selected.map((id) => <li key={id}>{title(id)}</li>)}
            </ul>
          </section>
        ))}
      </div>
      {call.viewer.manager && call.status === "selection" && !pending ? (
        <div className="mt-4 space-y-3 border-t border-slate-200 pt-4" data-testid="portfolio-ballot-form">
          <p className="text-sm text-slate-600">{t("ballotHint")}</p>
          <Field label={t("method")} htmlFor="portfolio-method" error={errors.at("method")}>
            <SelectInput
              id="portfolio-method"
              value={method}
              onChange={(e) => setMethod(e.target.value as (typeof methods)[number])}
            >
              {methods.map((m) => (
                <option key={m} value={m}>
                  {t(`methods.${m}`)}
                </option>
              ))}
            </SelectInput>
          </Field>
          <Field label={t("reason")} htmlFor="portfolio-reason" error={errors.at("reason")}>
            <TextArea
              id="portfolio-reason"
              rows={2}
              invalid={errors.at("reason") !== null}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
          </Field>
          <BallotSettingsForm
            idPrefix="portfolio-ballot"
            fixedRule="regional_consent"
            submitLabel={t("putToVote")}
            busy={putToVote.isPending}
            failure={ballotFailure}
            onSubmit={(settings) => {
              decide.reset();
              putToVote.mutate({
                callId: call.id,
                method,
                reason,
                closesAt: settings.closesAt,
                quorumBp: settings.quorumBp,
                visibility: settings.visibility,
                showRunningTallies: settings.showRunningTallies,
              });
            }}
          />
          <form onSubmit={send} className="space-y-2 border-t border-slate-200 pt-3" data-testid="decide-portfolio">
            <p className="text-sm text-slate-600">{t("decideDirectly")}</p>
            {decide.error && errors.banner ? <Alert>{errors.banner}</Alert> : null}
            <Button type="submit" variant="secondary" busy={decide.isPending}>
              {t("decide")}
            </Button>
          </form>
        </div>
      ) : null}
    </Card>
  );
}

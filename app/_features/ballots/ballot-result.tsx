"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { voteChoices } from "@/server/features/ballots/rules/ballot-rules";
import { Button, ButtonLink } from "../../components/ui/button";
import { Alert, Badge, Card } from "../../components/ui/card";
import { StackedBars } from "../../components/charts/stacked-bars";
import { describeError } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc";
import { PlanSharesChart } from "./ballot-bits";
import type { BallotView } from "./ballot-views";
import { regionNameOf, type RegionInfo } from "./project-regions";
import { RuleSummary } from "./rule-summary";
import { minCellSize } from "@/server/features/ballots/rules/ballot-secrecy";
import { choiceColor, votesIn } from "./vote-counts";
import { BallotSettingsForm } from "./ballot-settings-form";
import { checkDraft, draftOf, type PlanDraft } from "./plan-fields";
import { ReceiptCheck } from "./receipt-check";
import { RevisedPlans } from "./revised-plans";
import { PortfolioOutcome, PortfolioPlan } from "./portfolio-plan";
import { useConfirm } from "../../components/ui/confirm-dialog";

function download(text: string, name: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}

/** A closed ballot: the outcome, the winner's shares, each plan's regions, the digest and the exports. */
export function BallotResult({
  ballot,
  regions,
  onProjectChanged,
  projectVoting = true,
}: {
  ballot: BallotView;
  regions: readonly RegionInfo[];
  /** As BallotPanel's: left out where the page follows the project's stream. */
  onProjectChanged?: () => void;
  projectVoting?: boolean;
}) {
  const confirm = useConfirm();
  const t = useTranslations("ballots");
  const tErrors = useTranslations("errors");
  const format = useFormatter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [copied, setCopied] = useState(false);
  const [exportError, setExportError] = useState<unknown>(null);
  const [drafts, setDrafts] = useState<PlanDraft[]>(() =>
    ballot.plans.map((p) => draftOf({ shares: p.shares, rationale: p.rationale, terms: p.terms })),
  );
  const [draftProblem, setDraftProblem] = useState<string | null>(null);
  const result = ballot.result;
  const afterChair = { onSuccess: () => onProjectChanged?.() };
  const newRound = useMutation(trpc.ballots.newRound.mutationOptions(afterChair));
  const conclude = useMutation(trpc.ballots.concludeWithoutAgreement.mutationOptions(afterChair));
  if (!result) return null;
  const planNumber = (planId: number) => ballot.plans.findIndex((p) => p.id === planId) + 1;
  const winner = ballot.plans.find((p) => p.id === result.winnerPlanId) ?? null;
  const names = (ids: number[]) => ids.map((id) => regionNameOf(regions, id)).join(t("listSeparator"));

  async function exportAs(kind: "csv" | "json") {
    setExportError(null);
    try {
      const text =
        kind === "csv"
          ? await queryClient.fetchQuery(trpc.ballots.exportCsv.queryOptions({ ballotId: ballot.id }))
          : await queryClient.fetchQuery(trpc.ballots.exportJson.queryOptions({ ballotId: ballot.id }));
      download(
        text,
        `ballot-${ballot.id}-result.${kind}`,
        kind === "csv" ? "text/csv;charset=utf-8" : "application/json",
      );
    } catch (error) {
      setExportError(error);
    }
  }

  async function copyDigest() {
    if (!ballot.digest) return;
    await navigator.clipboard.writeText(ballot.digest).catch(() => undefined);
    setCopied(true);
  }

  return (
    <Card>
      <div className="space-y-5" data-testid="ballot-result">
        <div className="flex flex-wrap items-center gap-2">
          <h2 className="text-lg font-semibold">{t("result.heading", { round: ballot.round })}</h2>
          <Badge tone={result.outcome === "agreement" ? "green" : "red"}>
            {t(`result.outcomes.${result.outcome}`)}
          </Badge>
        </div>
        {ballot.closedAt ? (
          <p className="text-sm text-slate-600">
            {t("result.closedAt", {
              time: format.dateTime(ballot.closedAt, { dateStyle: "medium", timeStyle: "short" }),
            })}
          </p>
        ) : null}
        <div data-testid="result-outcome">
          {winner ? (
            <Alert tone="success">
              {t("result.winner", { plan: t("plans.name", { number: planNumber(winner.id) }) })}
            </Alert>
          ) : (
            <Alert tone="info">
              <p>{t("result.noAgreement")}</p>
              <ul className="mt-2 list-disc space-y-1 pl-5">
                {result.plans.map((plan) => (
                  <li key={plan.planId}>
                    {t("plans.name", { number: planNumber(plan.planId) })}:{" "}
                    {plan.blockedBy.length > 0 ? t("result.blockedBy", { regions: names(plan.blockedBy) }) : null}
                    {plan.blockedByHidden ? ` ${t("result.blockedByHidden")}` : null}
                    {plan.missedQuorum.length > 0
                      ? ` ${t("result.missedQuorum", { regions: names(plan.missedQuorum) })}`
                      : null}
                    {plan.blockedBy.length === 0 && !plan.blockedByHidden && plan.missedQuorum.length === 0
                      ? t("result.failedOverall")
                      : null}
                  </li>
                ))}
              </ul>
            </Alert>
          )}
        </div>
        {ballot.portfolio ? <PortfolioOutcome portfolio={ballot.portfolio} /> : null}
        <RuleSummary rule={result.rule} quorumBp={result.quorumBp} visibility={ballot.visibility} />
        {ballot.portfolio ? (
          <div>
            <h3 className="mb-2 font-semibold">{t("portfolio.heading")}</h3>
            <PortfolioPlan portfolio={ballot.portfolio} regions={regions} />
          </div>
        ) : winner ? (
          <div className="max-w-xl">
            <h3 className="mb-2 font-semibold">{t("result.winnerShares")}</h3>
            <PlanSharesChart plan={winner} regions={regions} caption={t("result.winnerShares")} />
            <p className="mt-2 whitespace-pre-line text-sm text-slate-700">{winner.rationale}</p>
          </div>
        ) : null}
        <div>
          <h3 className="mb-2 font-semibold">{t("result.breakdown")}</h3>
          <div className="grid gap-4 md:grid-cols-2">
            {result.plans.map((plan) => {
              const label = t("panel.talliesByRegion", { plan: t("plans.name", { number: planNumber(plan.planId) }) });
              return (
                <div
                  key={plan.planId}
                  className="min-w-0 rounded-md border border-slate-200 p-3"
                  data-testid={`result-plan-${planNumber(plan.planId)}`}
                >
                  <div className="mb-2 flex flex-wrap items-center gap-2">
                    <h4 className="text-sm font-medium text-slate-800">{label}</h4>
                    <Badge tone={plan.passes ? "green" : "red"}>
                      {plan.passes ? t("result.passes") : t("result.fails")}
                    </Badge>
                  </div>
                  {/* Hidden counts are not zeros: a hidden region has no bar, and a plan with none shown no chart. */}
                  {plan.regions.some((r) => !r.suppressed) ? (
                    <StackedBars
                      caption={label}
                      legend={voteChoices.map((c) => ({
                        key: c,
                        label: t(`vote.choices.${c}`),
                        color: choiceColor[c],
                      }))}
                      totalLabel={(total) => t("panel.votes", { count: total })}
                      rows={plan.regions
                        .filter((r) => !r.suppressed)
                        .map((r) => ({
                          key: String(r.regionId),
                          label: regionNameOf(regions, r.regionId),
                          total: votesIn(r),
                          segments: voteChoices.map((c) => ({
                            key: c,
                            label: t(`vote.choices.${c}`),
                            value: r[c] ?? 0,
                            color: choiceColor[c],
                          })),
                        }))}
                    />
                  ) : null}
                  {plan.regions.some((r) => r.suppressed) ? (
                    // The rule hides every region's counts of the plan when any one region is small,
                    // so the reason is the plan's, not each hidden region's.
                    <p className="mt-2 text-xs text-slate-600" data-testid="counts-hidden-reason">
                      {t("result.regionCountsHidden", { min: minCellSize })}
                    </p>
                  ) : null}
                  <ul className="mt-2 space-y-0.5 text-xs tabular-nums text-slate-600">
                    {plan.regions.map((r) => (
                      <li key={r.regionId} data-testid={r.suppressed ? "cell-hidden" : undefined}>
                        {r.suppressed
                          ? t("result.regionHidden", {
                              region: regionNameOf(regions, r.regionId),
                              electorate: r.electorate,
                              quorum: r.quorum,
                            })
                          : t("result.regionLine", {
                              region: regionNameOf(regions, r.regionId),
                              approve: r.approve ?? 0,
                              reject: r.reject ?? 0,
                              abstain: r.abstain ?? 0,
                              electorate: r.electorate,
                              quorum: r.quorum,
                            })}{" "}
                        {r.metQuorum ? t("result.quorumMet") : t("result.quorumMissed")}
                      </li>
                    ))}
                  </ul>
                </div>
              );
            })}
          </div>
        </div>
        {ballot.digest ? (
          <div>
            <h3 className="font-semibold">{t("result.digest")}</h3>
            <p className="mt-1 text-xs text-slate-500">{t("result.digestHint")}</p>
            <div className="mt-2 flex flex-wrap items-center gap-2">
              <code
                className="min-w-0 flex-1 break-all rounded bg-slate-100 px-2 py-1.5 font-mono text-xs text-slate-800 select-all"
                data-testid="digest"
              >
                {ballot.digest}
              </code>
              <Button variant="secondary" size="sm" onClick={() => void copyDigest()}>
                {copied ? t("result.copied") : t("result.copy")}
              </Button>
            </div>
          </div>
        ) : null}
        <ReceiptCheck ballotId={ballot.id} voter={ballot.viewer.regionId !== null} />
        <div className="flex flex-wrap gap-2">
          <Button variant="secondary" size="sm" onClick={() => void exportAs("csv")}>
            {t("result.downloadCsv")}
          </Button>
          <Button variant="secondary" size="sm" onClick={() => void exportAs("json")}>
            {t("result.downloadJson")}
          </Button>
          {ballot.projectId !== null ? (
            <ButtonLink href={`/projects/${ballot.projectId}/result`} variant="ghost" size="sm">
              {t("result.openPage")}
            </ButtonLink>
          ) : null}
        </div>
        {exportError ? <Alert>{describeError(exportError, tErrors)}</Alert> : null}
        {result.outcome === "no_agreement" && ballot.viewer.isChair && projectVoting ? (
          <div className="space-y-4 border-t border-slate-200 pt-5" data-testid="chair-actions">
            <BallotSettingsForm
              idPrefix="round"
              submitLabel={t("result.newRound")}
              busy={newRound.isPending}
              error={draftProblem}
              failure={newRound.error}
              onSubmit={(settings) => {
                const plans = [];
                for (const [index, draft] of drafts.entries()) {
                  const checked = checkDraft(draft, regions);
                  if ("problem" in checked)
                    return setDraftProblem(
                      t("revise.problem", { number: index + 1, problem: t(`form.${checked.problem}`) }),
                    );
                  plans.push(checked.plan);
                }
                setDraftProblem(null);
                newRound.mutate({ ballotId: ballot.id, ...settings, plans });
              }}
            >
              <h3 className="font-semibold">{t("result.chairHeading")}</h3>
              <p className="text-sm text-slate-600">{t("result.newRoundHint")}</p>
              <RevisedPlans regions={regions} drafts={drafts} onChange={setDrafts} />
            </BallotSettingsForm>
            <Button
              variant="danger"
              size="sm"
              busy={conclude.isPending}
              onClick={async () =>
                (await confirm({ message: t("result.concludeConfirm"), tone: "danger" })) &&
                conclude.mutate({ ballotId: ballot.id })
              }
            >
              {t("result.conclude")}
            </Button>
            {conclude.error ? <Alert>{describeError(conclude.error, tErrors)}</Alert> : null}
          </div>
        ) : null}
      </div>
    </Card>
  );
}

"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import dynamic from "next/dynamic";
import { useEffect } from "react";
import { Chart } from "../../components/charts/chart";
import { Button } from "../../components/ui/button";
import { Alert, Badge, Card, PageHeader } from "../../components/ui/card";
import { afterPage } from "../../components/ui/after-page";
import { pick } from "../../lib/localized";
import { useServerErrors } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";
import { useYuan } from "@/app/_features/fund/money";
import type { CallData, FundViewer } from "./call-data";
import { CallExport } from "./call-export";
import { ProposalsPanel } from "./proposals-panel";
import { ReviewDue } from "./review-due";
import { SubmitProposal } from "./submit-proposal";
import { compactYuan } from "@/app/lib/money-format";

/**
 * The portfolio ballots read their list on the client after the page, so they load after it too: the
 * ballot panel is about 12 kB of first-load JavaScript that a call without a ballot never needs.
 */
const PortfolioBallots = dynamic(() => import("./portfolio-ballots").then((m) => m.PortfolioBallots));
/**
 * The portfolios (with the ballot's settings form) and the results (funded projects, outcomes, milestones
 * with their files, payments) read their own data on the client and show only from the review or the award
 * on, so their code (~9 kB) loads after the page without suspending it; a call in review or selection fetches both
 * early, so they are there as soon as the ballot awards the call.
 */
const PortfolioPanel = afterPage(() => import("./portfolio-panel").then((m) => m.PortfolioPanel));
const ResultsPanel = afterPage(() => import("./results-panel").then((m) => m.ResultsPanel));

/** The call's page: what it funds and with whose money, then its proposals, portfolio and results by stage. */
export function CallView({ initial, viewer }: { initial: CallData; viewer: FundViewer }) {
  const t = useTranslations("fund");
  const locale = useLocale();
  const format = useFormatter();
  const yuan = useYuan();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const callQuery = useQuery({ ...trpc.fund.get.queryOptions({ callId: initial.id }), initialData: initial });
  const call = callQuery.data;
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.fund.pathKey() });
  const advance = useMutation(trpc.fund.advance.mutationOptions({ onSuccess: refresh }));
  const advanceErrors = useServerErrors(advance.error, []);
  const manager = call.viewer.manager;
  const total = call.centralYuan + call.funders.reduce((s, f) => s + f.amountYuan, 0);
  const funderNames = [t("centre"), ...call.funders.map((f) => pick(locale, f, "name"))];
  useEffect(() => {
    if (call.status === "review" || call.status === "selection")
      Promise.all([PortfolioPanel.preload(), ResultsPanel.preload()]).catch(() => {});
  }, [call.status]);

  return (
    <div className="space-y-6">
      <PageHeader
        title={pick(locale, call, "title")}
        description={pick(locale, call, "description")}
        actions={
          manager && call.viewer.nextAction && call.viewer.nextAction !== "award" ? (
            <Button
              busy={advance.isPending}
              onClick={() => advance.mutate({ callId: call.id, action: call.viewer.nextAction! })}
            >
              {t(`actions.${call.viewer.nextAction}`)}
            </Button>
          ) : null
        }
      />
      {advanceErrors.banner ? <Alert>{advanceErrors.banner}</Alert> : null}
      <Card>
        <div className="flex flex-wrap items-center gap-3 text-sm">
          <Badge tone={call.status === "open" ? "green" : "brand"}>{t(`statuses.${call.status}`)}</Badge>
          <span data-testid="call-deadline">
            {t("deadlineLine", {
              deadline: format.dateTime(call.deadline, { dateStyle: "medium", timeStyle: "short" }),
            })}
          </span>
          <span>{t("totalLine", { total: yuan(total), central: (call.centralBp / 100).toString() })}</span>
          <ReviewDue call={call} />
        </div>
        <ol className="mt-3 list-inside list-disc text-sm text-slate-700">
          {call.recommendations.map((r) => (
            <li key={r.number}>
              4.{r.number} {pick(locale, r, "title")}
            </li>
          ))}
        </ol>
        <CallExport callId={call.id} manager={manager} />
      </Card>
      <Card>
        <h2 className="mb-2 text-lg font-semibold">{t("funders")}</h2>
        <Chart
          testId="contributions-chart"
          caption={t("contributionsCaption")}
          height={Math.max(160, 36 * funderNames.length)}
          valueFormat={compactYuan}
          spec={{
            kind: "bars",
            horizontal: true,
            categories: funderNames,
            series: [{ name: t("contribution"), values: [call.centralYuan, ...call.funders.map((f) => f.amountYuan)] }],
          }}
        />
        <details className="mt-3 text-sm">
          <summary className="cursor-pointer font-medium">{t("rubric")}</summary>
          <ul className="mt-2 space-y-1">
            {call.criteria.map((c) => (
              <li key={c.key}>
                {locale === "en" ? c.nameEn : c.nameZh} — {t("weight", { weight: c.weight })}
              </li>
            ))}
          </ul>
          {call.excludeProposalRegions ? <p className="mt-2 text-slate-600">{t("excludesRegions")}</p> : null}
        </details>
      </Card>
      {call.status === "open" && viewer ? <SubmitProposal callId={call.id} onSubmitted={refresh} /> : null}
      <ProposalsPanel call={call} />
      {(manager && (call.status === "review" || call.status === "selection")) ||
      call.status === "awarded" ||
      call.status === "closed" ? (
        <PortfolioPanel call={call} names={funderNames} onDecided={refresh} />
      ) : null}
      {call.status === "selection" || call.status === "awarded" || call.status === "closed" ? (
        <PortfolioBallots call={call} />
      ) : null}
      {call.status === "awarded" || call.status === "closed" ? <ResultsPanel call={call} /> : null}
    </div>
  );
}

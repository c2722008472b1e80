"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useCallback, useMemo } from "react";
import { voteChoices } from "@/server/features/ballots/rules/ballot-rules";
import { minCellSize, type PublicCount } from "@/server/features/ballots/rules/ballot-secrecy";
import type { LiveEvent } from "@/server/infra/realtime/events";
import { Button } from "../../components/ui/button";
import { Alert, Badge, Card, Skeleton } from "../../components/ui/card";
import { StackedBars } from "../../components/charts/stacked-bars";
import { describeError } from "../../lib/errors";
import { applyBallotPageEvent } from "../../lib/live/ballot-view";
import { useLiveStream, usePresence } from "../../lib/realtime";
import { useTRPC } from "../../lib/trpc";
import type { BallotView } from "./ballot-views";
import { Countdown } from "./countdown";
import { regionNameOf, type RegionInfo } from "./project-regions";
import { RuleSummary } from "./rule-summary";
import { BallotResult } from "./ballot-result";
import { PlanCards } from "./benefit-plans";
import { PortfolioPlan } from "./portfolio-plan";
import { VoteForm } from "./vote-form";
import { choiceColor, votesIn } from "./vote-counts";
import { useConfirm } from "../../components/ui/confirm-dialog";
import { streamKey } from "@/server/domain/stream-access";

export function TurnoutChart({ ballot, regions }: { ballot: BallotView; regions: readonly RegionInfo[] }) {
  const t = useTranslations("ballots.panel");
  return (
    <div data-testid="turnout" className="space-y-2">
      <StackedBars
        caption={t("turnoutCaption")}
        legend={[
          { key: "voted", label: t("voted"), color: "bg-brand-500" },
          { key: "waiting", label: t("notYet"), color: "bg-slate-200" },
        ]}
        totalLabel={(total) => t("electorate", { count: total })}
        rows={ballot.turnout.map((r) => ({
          key: String(r.regionId),
          label: regionNameOf(regions, r.regionId),
          total: r.electorate,
          segments: [
            { key: "voted", label: t("voted"), value: r.voted, color: "bg-brand-500" },
            { key: "waiting", label: t("notYet"), value: r.electorate - r.voted, color: "bg-slate-200" },
          ],
        }))}
      />
      <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600">
        {ballot.turnout.map((r) => (
          <li key={r.regionId} data-testid={`turnout-${r.regionId}`}>
            {t("turnoutLine", {
              region: regionNameOf(regions, r.regionId),
              voted: r.voted,
              electorate: r.electorate,
              quorum: r.quorum,
            })}
            {r.voted >= r.quorum ? " ✓" : ""}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function TallyCharts({
  tallies,
  regions,
}: {
  tallies: NonNullable<BallotView["tallies"]>;
  regions: readonly RegionInfo[];
}) {
  const t = useTranslations("ballots");
  const legend = voteChoices.map((c) => ({ key: c, label: t(`vote.choices.${c}`), color: choiceColor[c] }));
  const segments = (count: PublicCount) =>
    voteChoices.map((c) => ({ key: c, label: t(`vote.choices.${c}`), value: count[c] ?? 0, color: choiceColor[c] }));
  return (
    <div data-testid="tallies" className="space-y-5">
      <div>
        <h4 className="mb-2 text-sm font-medium text-slate-700">{t("panel.talliesOverall")}</h4>
        <StackedBars
          caption={t("panel.talliesOverall")}
          legend={legend}
          totalLabel={(total) => t("panel.votes", { count: total })}
          rows={tallies.map((plan, index) => ({
            key: String(plan.planId),
            label: t("plans.name", { number: index + 1 }),
            total: votesIn(plan),
            segments: segments(plan),
          }))}
        />
        <ul className="mt-2 space-y-0.5 text-xs tabular-nums text-slate-600">
          {tallies.map((plan, index) => (
            <li key={plan.planId} data-testid={`tally-${index + 1}`}>
              {plan.suppressed
                ? t("panel.tallyHidden", { plan: t("plans.name", { number: index + 1 }), min: minCellSize })
                : t("panel.tallyLine", {
                    plan: t("plans.name", { number: index + 1 }),
                    approve: plan.approve ?? 0,
                    reject: plan.reject ?? 0,
                    abstain: plan.abstain ?? 0,
                  })}
            </li>
          ))}
        </ul>
      </div>
      <div className="grid gap-4 md:grid-cols-2">
        {tallies.map((plan, index) => (
          <div key={plan.planId} className="min-w-0">
            <h4 className="mb-2 text-sm font-medium text-slate-700">
              {t("panel.talliesByRegion", { plan: t("plans.name", { number: index + 1 }) })}
            </h4>
            <StackedBars
              caption={t("panel.talliesByRegion", { plan: t("plans.name", { number: index + 1 }) })}
              legend={legend}
              totalLabel={(total) => t("panel.votes", { count: total })}
              rows={plan.byRegion.map((r) => ({
                key: String(r.regionId),
                label: regionNameOf(regions, r.regionId),
                total: votesIn(r),
                segments: segments(r),
              }))}
            />
          </div>
        ))}
      </div>
    </div>
  );
}

/** A ballot, live: while open its countdown, turnout, tallies (when shown) and the voter's form; then its result. */
export function BallotPanel({
  ballotId,
  regions,
  projectVoting,
  onProjectChanged,
}: {
  ballotId: number;
  regions: readonly RegionInfo[];
  projectVoting: boolean;
  /**
   * Reads the host page again when the ballot settles or the chair acts on it. The project page leaves
   * it out: it follows the project's stream, which brings the status and the rounds' rows; so does the
   * fund call's page, which takes what the close changed from the ballot as this panel holds it.
   */
  onProjectChanged?: () => void;
}) {
  const confirm = useConfirm();
  const t = useTranslations("ballots");
  const tErrors = useTranslations("errors");
  const format = useFormatter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const stream = streamKey({ kind: "ballot", id: ballotId });
  const viewers = usePresence(stream);
  const ballot = useQuery(trpc.ballots.get.queryOptions({ ballotId }));
  const queryKey = useMemo(() => trpc.ballots.get.queryKey({ ballotId }), [trpc, ballotId]);
  const refresh = useCallback(() => {
    void queryClient.invalidateQueries({ queryKey });
  }, [queryClient, queryKey]);
  // A page read after a commit (the close's answer) replaces the held one unless events already took it further.
  const settle = useCallback(
    (page: BallotView) =>
      queryClient.setQueryData(queryKey, (held) => (held && held.headSeq > page.headSeq ? held : page)),
    [queryClient, queryKey],
  );
  // After a gap or a resync: read again and resume from the head that read came with.
  const resync = useCallback(async () => {
    await queryClient.invalidateQueries({ queryKey });
    return queryClient.getQueryData(queryKey)?.headSeq;
  }, [queryClient, queryKey]);
  const onEvent = useCallback(
    (event: LiveEvent) => {
      let refetch = false;
      queryClient.setQueryData(queryKey, (view) => {
        if (!view) return view;
        const applied = applyBallotPageEvent(view, event);
        refetch = applied.refetch;
        return applied.view;
      });
      if (refetch) refresh();
      if (event.type === "ballot:closed") onProjectChanged?.();
    },
    [queryClient, queryKey, refresh, onProjectChanged],
  );
  // Follows from the head the first read came with, so nothing between read and subscription is lost or refetched.
  useLiveStream(ballot.data ? stream : null, { onEvent, onResync: resync }, { startSeq: ballot.data?.headSeq });
  const close = useMutation(
    trpc.ballots.close.mutationOptions({
      onSuccess: (closed) => {
        settle(closed.page);
        onProjectChanged?.();
      },
    }),
  );

  if (ballot.isPending)
    return (
      <Card>
        <Skeleton />
      </Card>
    );
  if (ballot.error) return <Alert>{describeError(ballot.error, tErrors)}</Alert>;
  const b = ballot.data;
  if (b.status === "closed")
    return (
      <BallotResult ballot={b} regions={regions} projectVoting={projectVoting} onProjectChanged={onProjectChanged} />
    );
  const short = b.turnout.filter((r) => r.voted < r.quorum);
  const shortNames = short.map((r) => regionNameOf(regions, r.regionId)).join(t("listSeparator"));

  return (
    <Card>
      <div className="space-y-5" data-testid="ballot-panel">
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div>
            <div className="flex flex-wrap items-center gap-2">
              <h2 className="text-lg font-semibold">{t("panel.heading", { round: b.round })}</h2>
              <Badge tone="amber">{t("panel.open")}</Badge>
              {viewers !== null ? (
                <span className="text-xs text-slate-500" data-testid="ballot-viewers">
                  {t("panel.viewers", { count: viewers })}
                </span>
              ) : null}
            </div>
            <p className="mt-1 text-sm text-slate-600">
              {t("panel.closesAt", { time: format.dateTime(b.closesAt, { dateStyle: "medium", timeStyle: "short" }) })}{" "}
              · <Countdown until={b.closesAt} />
            </p>
          </div>
          {b.viewer.isChair && short.length === 0 ? (
            <Button
              variant="danger"
              size="sm"
              busy={close.isPending}
              onClick={async () =>
                (await confirm({ message: t("panel.closeConfirm"), tone: "danger" })) &&
                close.mutate({ ballotId: b.id })
              }
            >
              {t("panel.closeNow")}
            </Button>
          ) : b.viewer.isAdmin ? (
            <Button
              variant="danger"
              size="sm"
              busy={close.isPending}
              onClick={async () =>
                (await confirm({
                  message: t("panel.closeEarlyAdminConfirm", { regions: shortNames }),
                  tone: "danger",
                })) && close.mutate({ ballotId: b.id, confirmEarlyClose: true })
              }
            >
              {t("panel.closeEarlyAdmin")}
            </Button>
          ) : null}
        </div>
        {/* Early close is the governance rule's (ballot-governance.ts): say who may, and what it waits for. */}
        {!b.viewer.isChair || short.length > 0 ? (
          <p className="text-sm text-slate-600" data-testid="close-state">
            {!b.viewer.isChair ? t("panel.closeChairOnly") : t("panel.closeWaits", { regions: shortNames })}
          </p>
        ) : null}
        {close.error ? <Alert>{describeError(close.error, tErrors)}</Alert> : null}
        <RuleSummary rule={b.rule} quorumBp={b.quorumBp} visibility={b.visibility} />
        {b.consents.length > 0 ? (
          <p className="text-sm text-slate-600" data-testid="ballot-consents">
            {t("panel.consents", {
              regions: b.consents.map((c) => regionNameOf(regions, c.regionId)).join(t("listSeparator")),
            })}
          </p>
        ) : null}
        <div>
          <h3 className="mb-2 font-semibold">{t("panel.turnout")}</h3>
          <TurnoutChart ballot={b} regions={regions} />
        </div>
        <div>
          <h3 className="mb-2 font-semibold">{t("panel.tallies")}</h3>
          {b.tallies ? (
            <TallyCharts tallies={b.tallies} regions={regions} />
          ) : (
            <p className="text-sm text-slate-500">{t("panel.talliesHidden")}</p>
          )}
        </div>
        <div>
          <h3 className="mb-2 font-semibold">{b.portfolio ? t("portfolio.heading") : t("panel.plans")}</h3>
          {b.portfolio ? (
            <PortfolioPlan portfolio={b.portfolio} regions={regions} />
          ) : (
            <PlanCards plans={b.plans} regions={regions} />
          )}
        </div>
        {b.viewer.eligible ? (
          <div className="border-t border-slate-200 pt-5">
            <VoteForm ballot={b} />
          </div>
        ) : (
          <p className="text-sm text-slate-500">{t("panel.notEligible")}</p>
        )}
      </div>
    </Card>
  );
}

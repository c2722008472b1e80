"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useEffect, useMemo } from "react";
import { Badge, Card } from "../../components/ui/card";
import { BallotPanel } from "@/app/_features/ballots/ballot-panel";
import { useRegionInfos } from "@/app/_features/ballots/project-regions";
import { useTRPC } from "../../lib/trpc";
import { withBallotCall, withClosedCallBallot } from "../../lib/live/fund-call";
import type { CallData } from "./call-data";

/**
 * The call's portfolio ballots (issue #19.3): the latest one live, as on a project's page (vote,
 * turnout, close, result), and the earlier rounds with what their close did to the call.
 */
export function PortfolioBallots({ call }: { call: CallData }) {
  const t = useTranslations("fund.portfolio");
  const trpc = useTRPC();
  const list = useQuery(trpc.ballots.forCall.queryOptions({ callId: call.id }));
  const funders = useMemo(
    () => call.funders.map((f) => ({ id: f.regionId, nameZh: f.nameZh, nameEn: f.nameEn })),
    [call.funders],
  );
  const regions = useRegionInfos(funders);
  useCallFollowsBallot(call.id, list.data?.[0]?.id ?? null);
  const ballots = list.data ?? [];
  if (ballots.length === 0) return null;
  const [latest, ...earlier] = ballots;
  return (
    <section id="portfolio-ballots" className="space-y-3" data-testid="portfolio-ballots">
      <h2 className="text-lg font-semibold">{t("ballotsHeading")}</h2>
      <BallotPanel ballotId={latest!.id} regions={regions} projectVoting={false} />
      {earlier.length > 0 ? (
        <Card>
          <ul className="space-y-1 text-sm">
            {earlier.map((b) => (
              <li key={b.id} className="flex flex-wrap items-center gap-2">
                <span>{t("ballotRow", { round: b.round, method: t(`methods.${b.method}`) })}</span>
                <Badge tone={b.outcome === "awarded" ? "green" : "amber"}>
                  {b.outcome ? t(`ballotOutcomes.${b.outcome}`) : t("ballotOpen")}
                </Badge>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
    </section>
  );
}

/**
 * The call and its ballots list follow the latest ballot as its panel holds it (read, its stream's
 * events applied, or the close's answer set), so a close reaches them with no read of the call. The
 * award makes public what no ballot carries (scores, funded proposals, the portfolios, results): those
 * panels read once then.
 */
function useCallFollowsBallot(callId: number, ballotId: number | null) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const ballot = useQuery({
    ...trpc.ballots.get.queryOptions({ ballotId: ballotId ?? 0 }),
    enabled: ballotId !== null,
  });
  const page = ballot.data;
  useEffect(() => {
    if (!page?.portfolio) return;
    let awarded = false;
    queryClient.setQueryData(trpc.fund.get.queryKey({ callId }), (held) => {
      if (!held) return held;
      const next = withBallotCall(held, page);
      awarded = next !== held && next.status === "awarded";
      return next;
    });
    queryClient.setQueryData(
      trpc.ballots.forCall.queryKey({ callId }),
      (rows) => rows && withClosedCallBallot(rows, page),
    );
    if (awarded)
      for (const queryKey of [
        trpc.fund.proposals.queryKey({ callId }),
        trpc.fund.portfolios.queryKey({ callId }),
        trpc.fund.results.queryKey({ callId }),
      ])
        void queryClient.invalidateQueries({ queryKey });
  }, [page, callId, queryClient, trpc]);
}

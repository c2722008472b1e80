"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useCallback, useMemo } from "react";
import { Badge, Card } from "../../components/ui/card";
import { BallotPanel } from "@/app/_features/ballots/ballot-panel";
import { useRegionInfos } from "@/app/_features/ballots/project-regions";
import { useTRPC } from "../../lib/trpc";
import type { CallData } from "./call-data";

/**
 * The call's portfolio ballots (issue #19.3): the latest one live, as on a project's page (vote,
 * turnout, close, result), and the earlier rounds with what their close did to the call.
 */
export function PortfolioBallots({ call, onSettled }: { call: CallData; onSettled: () => void }) {
  const t = useTranslations("fund.portfolio");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.ballots.forCall.queryOptions({ callId: call.id }));
  const funders = useMemo(
    () => call.funders.map((f) => ({ id: f.regionId, nameZh: f.nameZh, nameEn: f.nameEn })),
    [call.funders],
  );
  const regions = useRegionInfos(funders);
  // A close changes the call (awarded or not): read the call and its ballots again.
  const settled = useCallback(() => {
    void queryClient.invalidateQueries({ queryKey: trpc.ballots.forCall.queryKey({ callId: call.id }) });
    onSettled();
  }, [queryClient, trpc, call.id, onSettled]);
  const ballots = list.data ?? [];
  if (ballots.length === 0) return null;
  const [latest, ...earlier] = ballots;
  return (
    <section id="portfolio-ballots" className="space-y-3" data-testid="portfolio-ballots">
      <h2 className="text-lg font-semibold">{t("ballotsHeading")}</h2>
      <BallotPanel ballotId={latest!.id} regions={regions} projectVoting={false} onProjectChanged={settled} />
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

"use client";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { Alert } from "../../components/ui/card";
import { points, useYuan } from "../fund/money";
import type { BallotView } from "./ballot-views";
import { regionNameOf, type RegionInfo } from "./project-regions";

type PortfolioView = NonNullable<BallotView["portfolio"]>;

/**
 * What a portfolio ballot puts to the regions, instead of a project's shares: the proposals it funds
 * with their scores and cost, and each funder's money against its contribution, frozen at opening.
 */
export function PortfolioPlan({ portfolio, regions }: { portfolio: PortfolioView; regions: readonly RegionInfo[] }) {
  const t = useTranslations("ballots.portfolio");
  const tMethods = useTranslations("fund.portfolio.methods");
  const yuan = useYuan();
  const funderName = (id: number) => (id === 0 ? t("centre") : regionNameOf(regions, id));
  return (
    <div className="space-y-3" data-testid="portfolio-plan">
      <p className="text-sm text-slate-700">
        {t("summary", {
          method: tMethods(portfolio.method),
          count: portfolio.proposals.length,
          score: points(portfolio.totalScore),
        })}
      </p>
      <ul className="divide-y divide-slate-100 rounded-md border border-slate-200 text-sm">
        {portfolio.proposals.map((p) => (
          <li key={p.id} className="flex flex-wrap items-baseline justify-between gap-2 px-3 py-2">
            {p.projectId !== null ? (
              <Link href={`/projects/${p.projectId}`} className="font-medium text-brand-700 hover:underline">
                {p.title}
              </Link>
            ) : (
              <span className="font-medium">{p.title}</span>
            )}
            <span className="tabular-nums text-slate-600">
              {t("proposalLine", { score: points(p.score), cost: yuan(p.parts.reduce((s, x) => s + x.yuan, 0)) })}
            </span>
          </li>
        ))}
      </ul>
      <table className="w-full text-sm" data-testid="portfolio-funders">
        <caption className="sr-only">{t("fundersCaption")}</caption>
        <thead>
          <tr className="text-left text-xs text-slate-500">
            <th className="py-1 font-medium">{t("funder")}</th>
            <th className="py-1 font-medium">{t("spentOfCap")}</th>
          </tr>
        </thead>
        <tbody>
          {portfolio.funders.map((f) => {
            const share = f.capYuan > 0 ? Math.min(1, f.spentYuan / f.capYuan) : 0;
            return (
              <tr key={f.funderId} className="border-t border-slate-100">
                <td className="py-1.5 pr-3 whitespace-nowrap">{funderName(f.funderId)}</td>
                <td className="py-1.5">
                  <div className="flex items-center gap-2">
                    <div className="h-2 min-w-16 flex-1 rounded bg-slate-200" aria-hidden>
                      <div className="h-2 rounded bg-brand-500" style={{ width: `${share * 100}%` }} />
                    </div>
                    <span className="tabular-nums text-slate-700">
                      {t("spentLine", { spent: yuan(f.spentYuan), cap: yuan(f.capYuan) })}
                    </span>
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** What closing the portfolio ballot did to its call: awarded, or why not. */
export function PortfolioOutcome({ portfolio }: { portfolio: PortfolioView }) {
  const t = useTranslations("ballots.portfolio");
  if (!portfolio.outcome) return null;
  return (
    <Alert tone={portfolio.outcome === "awarded" ? "success" : "info"}>
      <span data-testid="portfolio-outcome">{t(`outcomes.${portfolio.outcome}`)}</span>
    </Alert>
  );
}

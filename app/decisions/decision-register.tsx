"use client";
import { chinaDay } from "@/server/domain/china-time";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { useDeferredValue, useState } from "react";
import { recordStatuses } from "@/shared/meetings-vocabulary";
import { actionOverdue } from "@/server/features/meetings/record/record-rules";
import { minCellSize } from "@/server/features/ballots/rules/ballot-secrecy";
import { RegionOptions } from "../components/region-options";
import { Alert, Badge, EmptyState, Skeleton } from "../components/ui/card";
import { TextInput } from "../components/ui/field";
import { Pager } from "../components/ui/pager";
import { FilterBar, FilterChoice, FilterField } from "../components/ui/filter-bar";
import { StackedBars } from "../components/charts/stacked-bars";
import { describeError } from "../lib/errors";
import { useTRPC } from "../lib/trpc";
import { pick as pickIn } from "../lib/localized";
import { useUrlId, useUrlOptionalChoice, useUrlText } from "../lib/url-state";
import { useRegions } from "../lib/use-regions";
import { useChinaTime, usePick } from "../_features/meetings/meeting-bits";
import { RecordStatusBadge } from "../_features/meetings/record/record-panel";

/** Every decision of the meetings the viewer may see, with what each region agreed to in the ballot that carried it. */
export function DecisionRegister() {
  const t = useTranslations("decisions");
  const tBallots = useTranslations("ballots");
  const tErrors = useTranslations("errors");
  const trpc = useTRPC();
  const pick = usePick();
  const time = useChinaTime();
  const regions = useRegions();
  const tConfirm = useTranslations("meetings.confirm");
  const locale = useLocale();
  const [regionId, setRegionId] = useUrlId("region");
  const [q, setQ] = useUrlText("q");
  const [recommendationId, setRecommendationId] = useUrlId("recommendation");
  const [status, setStatus] = useUrlOptionalChoice("status", recordStatuses);
  const [dueBy, setDueBy] = useUrlText("due");
  const words = useDeferredValue(q);
  const recommendations = useQuery({ ...trpc.reference.recommendations.queryOptions(), staleTime: 10 * 60_000 });
  const filter = {
    regionId,
    q: words,
    recommendationId,
    status,
    dueBy: /^\d{4}-\d{2}-\d{2}$/.test(dueBy) ? dueBy : null,
  };
  // A changed filter starts again at the first page.
  const filterKey = JSON.stringify(filter);
  const [paging, setPaging] = useState({ key: filterKey, offset: 0 });
  const offset = paging.key === filterKey ? paging.offset : 0;
  const list = useQuery(trpc.meetings.decisions.queryOptions({ ...filter, offset }));
  const today = chinaDay(new Date());
  const choices = ["approve", "reject", "abstain"] as const;
  const colors = { approve: "bg-emerald-500", reject: "bg-red-500", abstain: "bg-slate-300" };

  return (
    <div className="space-y-4">
      <FilterBar columns="sm:grid-cols-2 lg:grid-cols-5">
        <FilterField label={t("search")}>
          <TextInput type="search" value={q} onChange={(e) => setQ(e.target.value)} />
        </FilterField>
        <FilterChoice
          label={t("region")}
          anyLabel={t("allRegions")}
          value={regionId}
          onChange={(v) => setRegionId(v ? Number(v) : null)}
        >
          <RegionOptions />
        </FilterChoice>
        <FilterChoice
          label={t("recommendation")}
          anyLabel={t("allRecommendations")}
          value={recommendationId}
          onChange={(v) => setRecommendationId(v ? Number(v) : null)}
          options={(recommendations.data ?? []).map((r) => ({
            value: r.id,
            label: `${r.number}. ${pickIn(locale, r, "title")}`,
          }))}
        />
        <FilterChoice
          label={t("status")}
          anyLabel={t("allStatuses")}
          value={status}
          onChange={(v) => setStatus(v ? (v as (typeof recordStatuses)[number]) : null)}
          options={recordStatuses.map((s) => ({ value: s, label: tConfirm(`recordStatus.${s}`) }))}
        />
        <FilterField label={t("dueBy")} hint={t("dueByHint")}>
          <TextInput type="date" value={dueBy} onChange={(e) => setDueBy(e.target.value)} />
        </FilterField>
      </FilterBar>
      {list.isPending ? (
        <Skeleton lines={5} />
      ) : list.error ? (
        <Alert>{describeError(list.error, tErrors)}</Alert>
      ) : list.data.entries.length === 0 ? (
        <EmptyState title={t("empty")} />
      ) : (
        <>
          <p className="text-sm text-slate-600">
            {t("shown", {
              from: list.data.offset + 1,
              to: list.data.offset + list.data.entries.length,
              total: list.data.total,
            })}
          </p>
          <ul className="space-y-4" data-testid="decision-register">
            {list.data.entries.map((d) => (
              <li key={d.id} className="space-y-2 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
                <div className="flex flex-wrap items-center gap-2">
                  <RecordStatusBadge status={d.recordStatus} />
                  <p className="font-medium text-slate-900">{pick(d, "text")}</p>
                </div>
                {d.confirmations.length > 0 ? (
                  <ul
                    className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600"
                    aria-label={tConfirm("byRegion")}
                  >
                    {d.confirmations.map((c) => (
                      <li key={c.regionId}>
                        {tConfirm("regionAnswer", {
                          region: regions.name(c.regionId),
                          answer: tConfirm(`answers.${c.status}`),
                        })}
                        {c.comment ? ` — “${c.comment}”` : ""}
                      </li>
                    ))}
                  </ul>
                ) : null}
                {d.actions.length > 0 ? (
                  <ul className="space-y-1 text-sm" aria-label={tConfirm("actions")}>
                    {d.actions.map((a) => (
                      <li key={a.id} className="flex flex-wrap items-center gap-2">
                        <span>{pick(a, "text")}</span>
                        <span className="text-slate-500">
                          · {regions.name(a.ownerRegionId)} · {tConfirm("due", { day: a.dueOn })}
                        </span>
                        <Badge tone={a.status === "done" ? "green" : "slate"}>
                          {tConfirm(`actionStatus.${a.status}`)}
                        </Badge>
                        {actionOverdue(a, today) ? <Badge tone="red">{tConfirm("overdue")}</Badge> : null}
                      </li>
                    ))}
                  </ul>
                ) : null}
                <p className="text-sm text-slate-600">
                  <Link href={`/meetings/${d.meetingId}`} className="text-brand-700 underline underline-offset-2">
                    {pick(d, "meetingTitle")}
                  </Link>{" "}
                  · {pick(d, "itemTitle")} · {time.dateTime(d.startsAt)}
                </p>
                {d.ballotId === null ? (
                  <p className="text-sm text-slate-500">{t("noBallot")}</p>
                ) : d.outcome === null ? (
                  <p className="text-sm text-slate-600">
                    {t("ballotOpen")}{" "}
                    {d.projectId ? (
                      <Link href={`/projects/${d.projectId}`} className="text-brand-700 underline underline-offset-2">
                        {t("toBallot")}
                      </Link>
                    ) : d.callId ? (
                      <Link
                        href={`/fund/${d.callId}#portfolio-ballots`}
                        className="text-brand-700 underline underline-offset-2"
                      >
                        {t("toBallot")}
                      </Link>
                    ) : null}
                  </p>
                ) : (
                  <div className="space-y-2">
                    <p className="text-sm" data-testid={`outcome-${d.id}`}>
                      {t(`outcome.${d.outcome}`)}
                      {d.projectId ? (
                        <>
                          {" · "}
                          <Link
                            href={`/projects/${d.projectId}/result`}
                            className="text-brand-700 underline underline-offset-2"
                          >
                            {t("toResult")}
                          </Link>
                        </>
                      ) : d.callId ? (
                        <>
                          {" · "}
                          <Link
                            href={`/fund/${d.callId}#portfolio-ballots`}
                            className="text-brand-700 underline underline-offset-2"
                          >
                            {t("toResult")}
                          </Link>
                        </>
                      ) : null}
                    </p>
                    {/* Hidden counts are not zeros: a register entry with every region hidden draws no chart. */}
                    {d.regions.some((r) => !r.suppressed) ? (
                      <StackedBars
                        caption={t("byRegion")}
                        legend={choices.map((c) => ({
                          key: c,
                          label: tBallots(`vote.choices.${c}`),
                          color: colors[c],
                        }))}
                        totalLabel={(total) => t("votes", { count: total })}
                        rows={d.regions
                          .flatMap((r) => (r.suppressed ? [] : [r]))
                          .map((r) => ({
                            key: String(r.regionId),
                            label: regions.name(r.regionId),
                            total: (r.approve ?? 0) + (r.reject ?? 0) + (r.abstain ?? 0),
                            segments: choices.map((c) => ({
                              key: c,
                              label: tBallots(`vote.choices.${c}`),
                              value: r[c] ?? 0,
                              color: colors[c],
                            })),
                          }))}
                      />
                    ) : null}
                    <ul
                      className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600"
                      data-testid={`agreements-${d.id}`}
                    >
                      {d.regions.map((r) => (
                        <li key={r.regionId}>
                          {r.suppressed
                            ? t("regionHidden", { region: regions.name(r.regionId), min: minCellSize })
                            : t("regionLine", {
                                region: regions.name(r.regionId),
                                verdict: r.agreed ? t("agreed") : t("notAgreed"),
                                approve: r.approve ?? 0,
                                reject: r.reject ?? 0,
                                abstain: r.abstain ?? 0,
                              })}
                        </li>
                      ))}
                    </ul>
                  </div>
                )}
              </li>
            ))}
          </ul>
          <Pager
            offset={list.data.offset}
            pageSize={list.data.pageSize}
            total={list.data.total}
            onChange={(next) => setPaging({ key: filterKey, offset: next })}
            previous={t("previous")}
            next={t("next")}
          />
        </>
      )}
    </div>
  );
}

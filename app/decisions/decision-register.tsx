"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { RegionOptions } from "../components/region-options";
import { Alert, EmptyState, Skeleton } from "../components/ui/card";
import { Field, SelectInput } from "../components/ui/field";
import { StackedBars } from "../components/charts/stacked-bars";
import { describeError } from "../lib/errors";
import { useTRPC } from "../lib/trpc";
import { useUrlId } from "../lib/url-state";
import { useRegions } from "../lib/use-regions";
import { useChinaTime, usePick } from "../_features/meetings/meeting-bits";

/** Every decision of the meetings the viewer may see, with what each region agreed to in the ballot that carried it. */
export function DecisionRegister() {
  const t = useTranslations("decisions");
  const tBallots = useTranslations("ballots");
  const tErrors = useTranslations("errors");
  const trpc = useTRPC();
  const pick = usePick();
  const time = useChinaTime();
  const regions = useRegions();
  const [regionId, setRegionId] = useUrlId("region");
  const list = useQuery(trpc.meetings.decisions.queryOptions({ regionId }));
  const choices = ["approve", "reject", "abstain"] as const;
  const colors = { approve: "bg-emerald-500", reject: "bg-red-500", abstain: "bg-slate-300" };

  return (
    <div className="space-y-4">
      <div className="max-w-xs">
        <Field label={t("region")} htmlFor="register-region">
          <SelectInput
            id="register-region"
            value={regionId ?? ""}
            onChange={(e) => setRegionId(e.target.value ? Number(e.target.value) : null)}
          >
            <option value="">{t("allRegions")}</option>
            <RegionOptions />
          </SelectInput>
        </Field>
      </div>
      {list.isPending ? (
        <Skeleton lines={5} />
      ) : list.error ? (
        <Alert>{describeError(list.error, tErrors)}</Alert>
      ) : list.data.length === 0 ? (
        <EmptyState title={t("empty")} />
      ) : (
        <ul className="space-y-4" data-testid="decision-register">
          {list.data.map((d) => (
            <li key={d.id} className="space-y-2 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
              <p className="font-medium text-slate-900">{pick(d, "text")}</p>
              <p className="text-sm text-slate-600">
                <Link href={`/meetings/${d.meetingId}`} className="text-brand-700 hover:underline">
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
                    <Link href={`/projects/${d.projectId}`} className="text-brand-700 hover:underline">
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
                        <Link href={`/projects/${d.projectId}/result`} className="text-brand-700 hover:underline">
                          {t("toResult")}
                        </Link>
                      </>
                    ) : null}
                  </p>
                  <StackedBars
                    caption={t("byRegion")}
                    legend={choices.map((c) => ({ key: c, label: tBallots(`vote.choices.${c}`), color: colors[c] }))}
                    totalLabel={(total) => t("votes", { count: total })}
                    rows={d.regions.map((r) => ({
                      key: String(r.regionId),
                      label: regions.name(r.regionId),
                      total: r.approve + r.reject + r.abstain,
                      segments: choices.map((c) => ({
                        key: c,
                        label: tBallots(`vote.choices.${c}`),
                        value: r[c],
                        color: colors[c],
                      })),
                    }))}
                  />
                  <ul
                    className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600"
                    data-testid={`agreements-${d.id}`}
                  >
                    {d.regions.map((r) => (
                      <li key={r.regionId}>
                        {t("regionLine", {
                          region: regions.name(r.regionId),
                          verdict: r.agreed ? t("agreed") : t("notAgreed"),
                          approve: r.approve,
                          reject: r.reject,
                          abstain: r.abstain,
                        })}
                      </li>
                    ))}
                  </ul>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import dynamic from "next/dynamic";
import { useCallback, useEffect, useMemo, useState } from "react";
import { Chart } from "../../components/charts/chart";
import { Button } from "../../components/ui/button";
import { Alert, Badge } from "../../components/ui/card";
import { Field, TextInput } from "../../components/ui/field";
import { withDecidedRevision, withProposedRevision } from "../../lib/live/fund-results";
import { useServerErrors } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";
import { BallotSettingsForm } from "@/app/_features/ballots/ballot-settings-form";
import { useRegionInfos } from "@/app/_features/ballots/project-regions";

// Only a project with an open revision shows the live ballot: loaded after the page, like the portfolio's.
const BallotPanel = dynamic(() => import("@/app/_features/ballots/ballot-panel").then((m) => m.BallotPanel));

type Results = NonNullable<import("../../lib/router-types").RouterOutputs["fund"]["results"]>;
type Project = Results["projects"][number];
type Proposed = import("../../lib/router-types").RouterOutputs["ballots"]["proposeRevision"];

const outcomeTone = { revised: "green", kept: "brand", no_agreement: "amber", stale: "red" } as const;
/** Basis points of share as a percentage with up to two decimals, and back. */
const percentOf = (bp: number) => String(bp / 100);
const bpOf = (percent: string) => Math.round(Number(percent.trim().replace(",", ".")) * 100);

/**
 * A funded project's drift from its agreed cost shares (issue #19): per region, actual minus planned
 * share of the regions' payments, on one scale for every project of the call; the revision ballot
 * while one is open (live, as on a project's page); the form to propose one when the drift passes the
 * call's threshold; and the revisions so far.
 */
export function RevisionPanel({
  project,
  scale,
  thresholdBp,
}: {
  project: Project;
  scale: number;
  thresholdBp: number;
}) {
  const t = useTranslations("fund.revision");
  const locale = useLocale();
  const format = useFormatter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const name = (r: { regionId: number; nameZh: string | null; nameEn: string | null }) =>
    (locale === "en" ? r.nameEn : r.nameZh) ?? String(r.regionId);
  const regionList = useMemo(
    () => project.drift.regions.map((r) => ({ id: r.regionId, nameZh: r.nameZh ?? "", nameEn: r.nameEn ?? "" })),
    [project.drift.regions],
  );
  const regions = useRegionInfos(regionList);
  // The proposal answers with the new revision as the results list it: added, not read again.
  const proposed = useCallback(
    (answer: Proposed) =>
      queryClient.setQueriesData<Results | null>(
        { queryKey: trpc.fund.results.queryKey() },
        (held) => held && withProposedRevision(held, answer.revision),
      ),
    [queryClient, trpc],
  );
  const open = project.revisions.find((r) => r.outcome === null && r.status === "open");
  useResultsFollowRevision(open?.ballotId ?? null);
  const drift = project.drift;

  return (
    <section className="mt-3 space-y-2" aria-labelledby={`drift-${project.id}`} data-testid={`revision-${project.id}`}>
      <h4 id={`drift-${project.id}`} className="text-sm font-semibold">
        {t("heading")}
      </h4>
      {drift.paidYuan === 0 ? (
        <p className="text-sm text-slate-600">{t("nothingPaid")}</p>
      ) : (
        <>
          <Chart
            testId={`drift-chart-${project.id}`}
            caption={t("chartCaption", { title: project.title })}
            height={Math.max(140, 44 * drift.regions.length)}
            valueFormat={{ maximumFractionDigits: 2 }}
            spec={{
              kind: "bars",
              horizontal: true,
              min: -scale,
              max: scale,
              categories: drift.regions.map(name),
              series: [{ name: t("driftPoints"), values: drift.regions.map((r) => r.driftBp / 100) }],
            }}
          />
          <table className="w-full text-sm [&_td]:py-0.5 [&_td]:pr-3 [&_th]:py-0.5 [&_th]:pr-3 [&_th]:text-left">
            <caption className="sr-only">{t("tableCaption", { title: project.title })}</caption>
            <thead>
              <tr className="text-left text-slate-500">
                <th scope="col">{t("region")}</th>
                <th scope="col">{t("plannedShare")}</th>
                <th scope="col">{t("actualShare")}</th>
                <th scope="col">{t("driftPoints")}</th>
              </tr>
            </thead>
            <tbody>
              {drift.regions.map((r) => (
                <tr key={r.regionId}>
                  <th scope="row" className="font-normal">
                    {name(r)}
                  </th>
                  <td>{format.number(r.plannedBp / 10_000, { style: "percent", maximumFractionDigits: 2 })}</td>
                  <td>{format.number(r.actualBp / 10_000, { style: "percent", maximumFractionDigits: 2 })}</td>
                  <td className={Math.abs(r.driftBp) > thresholdBp ? "font-semibold text-red-700" : undefined}>
                    {format.number(r.driftBp / 100, { maximumFractionDigits: 2, signDisplay: "exceptZero" })}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <p className="text-sm text-slate-700">
        {drift.revisionDue ? t("due", { threshold: thresholdBp / 100 }) : t("notDue", { threshold: thresholdBp / 100 })}
      </p>
      {open ? (
        <div className="space-y-1">
          <p className="text-sm">
            <a className="text-brand-700 hover:underline" href={`/projects/${project.projectId}`}>
              {t("openBallot", { round: open.round })}
            </a>
          </p>
          <BallotPanel ballotId={open.ballotId} regions={regions} projectVoting={false} />
        </div>
      ) : null}
      {project.mayProposeRevision ? <ProposeRevision project={project} name={name} onProposed={proposed} /> : null}
      {project.revisions.length > 0 ? (
        <div>
          <h5 className="text-sm font-semibold">{t("history")}</h5>
          <ul className="space-y-1 text-sm" data-testid={`revisions-${project.id}`}>
            {project.revisions.map((r) => (
              <li key={r.ballotId} className="flex flex-wrap items-center gap-2">
                <span>
                  {t("historyRow", { round: r.round, date: format.dateTime(new Date(r.proposedAt), "short") })}
                </span>
                <Badge tone={r.outcome ? outcomeTone[r.outcome] : undefined}>
                  {r.outcome ? t(`outcomes.${r.outcome}`) : t("voting")}
                </Badge>
                <span className="text-slate-700">
                  {r.revisedShares
                    .map(
                      (s) =>
                        `${name(s)} ${format.number(s.costBp / 10_000, { style: "percent", maximumFractionDigits: 2 })}`,
                    )
                    .join(" · ")}
                </span>
                <span className="text-slate-600">{r.reason}</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}

/**
 * The call's results follow an open revision's ballot as its panel holds it (read, its close's event
 * applied, or the chair's close answer set): the close carries the revision's outcome and the project's
 * money and drift as the results show them, so they are patched, not read again. Only a close written
 * before it carried them is read, once.
 */
function useResultsFollowRevision(ballotId: number | null) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const ballot = useQuery({
    ...trpc.ballots.get.queryOptions({ ballotId: ballotId ?? 0 }),
    enabled: ballotId !== null,
  });
  const page = ballotId === null ? undefined : ballot.data;
  useEffect(() => {
    if (page?.status !== "closed") return;
    const queryKey = trpc.fund.results.queryKey();
    let refetch = false;
    queryClient.setQueriesData<Results | null>({ queryKey }, (held) => {
      if (!held) return held;
      const applied = withDecidedRevision(held, page);
      refetch ||= applied.refetch;
      return applied.results;
    });
    if (refetch) void queryClient.invalidateQueries({ queryKey });
  }, [page, queryClient, trpc]);
}

function ProposeRevision({
  project,
  name,
  onProposed,
}: {
  project: Project;
  name: (r: { regionId: number; nameZh: string | null; nameEn: string | null }) => string;
  onProposed: (answer: Proposed) => void;
}) {
  const t = useTranslations("fund.revision");
  const trpc = useTRPC();
  const id = project.id;
  // The form starts from the shares actually paid, which is what most revisions propose.
  const [shares, setShares] = useState(() =>
    Object.fromEntries(project.drift.regions.map((r) => [r.regionId, percentOf(r.actualBp)])),
  );
  const [reason, setReason] = useState("");
  const [sumProblem, setSumProblem] = useState<string | null>(null);
  const propose = useMutation(trpc.ballots.proposeRevision.mutationOptions({ onSuccess: onProposed }));
  const errors = useServerErrors(propose.error, ["shares", "reason"]);
  const sharesError = sumProblem ?? errors.at("shares");

  return (
    <details className="text-sm">
      <summary className="cursor-pointer font-medium text-brand-700">{t("propose")}</summary>
      <div className="mt-2">
        <BallotSettingsForm
          idPrefix={`revision-${id}`}
          fixedRule="regional_consent"
          submitLabel={t("submit")}
          busy={propose.isPending}
          failure={propose.error}
          onSubmit={(settings) => {
            const list = project.drift.regions.map((r) => ({
              regionId: r.regionId,
              costBp: bpOf(shares[r.regionId] ?? ""),
            }));
            if (
              list.some((s) => !Number.isInteger(s.costBp) || s.costBp < 0) ||
              list.reduce((sum, s) => sum + s.costBp, 0) !== 10_000
            )
              return setSumProblem(t("sumProblem"));
            setSumProblem(null);
            propose.mutate({
              submissionId: id,
              shares: list,
              reason,
              closesAt: settings.closesAt,
              quorumBp: settings.quorumBp,
              visibility: settings.visibility,
              showRunningTallies: settings.showRunningTallies,
            });
          }}
        >
          <fieldset className="space-y-2" aria-describedby={sharesError ? `revision-${id}-shares-error` : undefined}>
            <legend className="font-medium">{t("newShares")}</legend>
            <div className="grid gap-2 sm:grid-cols-2">
              {project.drift.regions.map((r) => (
                <Field key={r.regionId} label={name(r)} htmlFor={`revision-${id}-share-${r.regionId}`}>
                  <TextInput
                    id={`revision-${id}-share-${r.regionId}`}
                    inputMode="decimal"
                    value={shares[r.regionId] ?? ""}
                    aria-invalid={sharesError ? true : undefined}
                    onChange={(e) => setShares({ ...shares, [r.regionId]: e.target.value })}
                  />
                </Field>
              ))}
            </div>
            {sharesError ? (
              <p id={`revision-${id}-shares-error`} className="text-sm text-red-700" role="alert">
                {sharesError}
              </p>
            ) : null}
          </fieldset>
          <Field label={t("reason")} htmlFor={`revision-${id}-reason`} error={errors.at("reason")}>
            <TextInput
              id={`revision-${id}-reason`}
              value={reason}
              aria-invalid={errors.at("reason") ? true : undefined}
              onChange={(e) => setReason(e.target.value)}
            />
          </Field>
        </BallotSettingsForm>
      </div>
    </details>
  );
}

/** An admin sets the call's drift threshold, in percentage points. */
export function DriftThreshold({ callId, thresholdBp }: { callId: number; thresholdBp: number }) {
  const t = useTranslations("fund.revision");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [points, setPoints] = useState(percentOf(thresholdBp));
  const save = useMutation(
    trpc.fund.setDriftThreshold.mutationOptions({
      // Read again: a new threshold changes every funded project's verdict and proposal form, the whole
      // results, which its answer would have to repeat; an admin's rare act.
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.fund.results.queryKey({ callId }) }),
    }),
  );
  const errors = useServerErrors(save.error, ["thresholdBp"]);
  return (
    <form
      className="mt-3 flex flex-wrap items-end gap-2 text-sm"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ callId, thresholdBp: bpOf(points) });
      }}
    >
      <Field label={t("threshold")} htmlFor={`threshold-${callId}`} error={errors.at("thresholdBp")}>
        <TextInput
          id={`threshold-${callId}`}
          inputMode="decimal"
          value={points}
          aria-invalid={errors.at("thresholdBp") ? true : undefined}
          onChange={(e) => setPoints(e.target.value)}
        />
      </Field>
      <Button type="submit" size="sm" variant="secondary" busy={save.isPending}>
        {t("saveThreshold")}
      </Button>
      {errors.banner ? <Alert>{errors.banner}</Alert> : null}
    </form>
  );
}

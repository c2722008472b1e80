"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import dynamic from "next/dynamic";
import { useState, type FormEvent } from "react";
import { progressStatuses } from "@/shared/fund-vocabulary";
import { Chart } from "../../components/charts/chart";
import { Button } from "../../components/ui/button";
import { Alert, Badge, Card } from "../../components/ui/card";
import { Field, SelectInput, TextInput } from "../../components/ui/field";
import { useServerErrors } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";
import { downloadText, points, useYuan } from "@/app/_features/fund/money";
import { MilestoneFiles } from "@/app/_features/attachments/attachments-panel";
import type { CallData } from "./call-data";
import { MoveMilestone, OutcomeTotals, ProjectOutcomes } from "./outcomes";
import { driftScale } from "./drift-scale";
import { compactYuan } from "@/app/lib/money-format";
import { withPayment, type PaidProject } from "@/app/lib/live/fund-results";

// Drift, revision ballots and the threshold form come after the page: the call page's first load stays within budget.
const RevisionPanel = dynamic(() => import("./revision-panel").then((m) => m.RevisionPanel));
const DriftThreshold = dynamic(() => import("./revision-panel").then((m) => m.DriftThreshold));

type Results = NonNullable<import("../../lib/router-types").RouterOutputs["fund"]["results"]>;
type Project = Results["projects"][number];

const statusTone = { on_track: "green", at_risk: "amber", late: "red", done: "brand" } as const;

/** Accountability: money planned and paid per funder, then each funded project's milestones and progress. */
export function ResultsPanel({ call }: { call: CallData }) {
  const t = useTranslations("fund.results");
  const tFund = useTranslations("fund");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const results = useQuery(trpc.fund.results.queryOptions({ callId: call.id }));
  const locale = useLocale();
  const [exportError, setExportError] = useState<unknown>(null);
  const exportBanner = useServerErrors(exportError, []).banner;

  if (results.isPending) return <Card>{tFund("loading")}</Card>;
  if (results.isError || !results.data) return <Alert>{tFund("loadFailed")}</Alert>;
  const data = results.data;
  const name = (f: { funderId: number; nameZh: string | null; nameEn: string | null }, locale: string) =>
    f.funderId === 0 ? tFund("centre") : ((locale === "en" ? f.nameEn : f.nameZh) ?? "");

  async function exportCsv() {
    setExportError(null);
    try {
      const file = await queryClient.fetchQuery(trpc.fund.exportCsv.queryOptions({ callId: call.id }));
      downloadText(file.csv, file.filename, "text/csv;charset=utf-8");
    } catch (error) {
      setExportError(error);
    }
  }

  return (
    <Card>
      <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
        <h2 className="text-lg font-semibold">{t("heading")}</h2>
        <Button variant="secondary" size="sm" onClick={() => void exportCsv()}>
          {t("export")}
        </Button>
      </div>
      {exportBanner ? <Alert>{exportBanner}</Alert> : null}
      <Chart
        testId="results-chart"
        caption={t("chartCaption")}
        height={Math.max(200, 44 * data.funders.length)}
        valueFormat={compactYuan}
        spec={{
          kind: "bars",
          horizontal: true,
          categories: data.funders.map((f) => name(f, locale)),
          series: [
            { name: t("planned"), values: data.funders.map((f) => f.plannedYuan), color: "#94a3b8" },
            { name: t("paid"), values: data.funders.map((f) => f.paidYuan) },
          ],
        }}
      />
      <OutcomeTotals totals={data.outcomeTotals} />
      {data.mayAdjustThreshold ? <DriftThreshold callId={call.id} thresholdBp={data.driftThresholdBp} /> : null}
      {data.projects.length === 0 ? <p className="text-sm text-slate-600">{t("empty")}</p> : null}
      <ul className="mt-4 space-y-4" data-testid="funded-projects">
        {data.projects.map((p) => (
          <FundedProject
            key={p.id}
            project={p}
            manager={data.manager}
            name={name}
            driftScale={driftScale(data)}
            thresholdBp={data.driftThresholdBp}
          />
        ))}
      </ul>
    </Card>
  );
}

function FundedProject({
  project,
  manager,
  name,
  driftScale,
  thresholdBp,
}: {
  project: Project;
  manager: boolean;
  /** The drift charts' common scale, in percentage points either side of zero. */
  driftScale: number;
  thresholdBp: number;
  name: (f: { funderId: number; nameZh: string | null; nameEn: string | null }, locale: string) => string;
}) {
  const t = useTranslations("fund.results");
  const yuan = useYuan();
  const locale = useLocale();
  const today = new Date().toISOString().slice(0, 10);
  return (
    <li className="rounded-md border border-slate-200 p-3" data-testid={`funded-${project.id}`}>
      <div className="flex flex-wrap items-center gap-2">
        <h3 className="font-semibold">{project.title}</h3>
        {project.progress ? (
          <Badge tone={statusTone[project.progress.status]}>
            {t(`statuses.${project.progress.status}`)} · {project.progress.percent}%
          </Badge>
        ) : (
          <Badge>{t("noProgress")}</Badge>
        )}
        <span className="text-sm text-slate-600">
          {t("score", { mean: points(project.score.mean), reviews: project.score.reviews })}
        </span>
      </div>
      {project.progress ? (
        <div className="mt-2">
          <div
            className="h-2 w-full rounded bg-slate-100"
            role="progressbar"
            aria-valuenow={project.progress.percent}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-label={t("progressLabel")}
          >
            <div className="h-2 rounded bg-brand-600" style={{ width: `${project.progress.percent}%` }} />
          </div>
          <p className="mt-1 text-sm text-slate-700">{project.progress.body}</p>
        </div>
      ) : null}
      <table className="mt-2 w-full text-sm">
        <caption className="sr-only">{t("moneyCaption", { title: project.title })}</caption>
        <thead>
          <tr className="text-left text-slate-500">
            <th scope="col">{t("funder")}</th>
            <th scope="col">{t("planned")}</th>
            <th scope="col">{t("paid")}</th>
          </tr>
        </thead>
        <tbody>
          {project.money.map((m) => (
            <tr key={m.funderId}>
              <th scope="row" className="font-normal">
                {name(m, locale)}
              </th>
              <td>{yuan(m.plannedYuan)}</td>
              <td>{yuan(m.paidYuan)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h4 className="mt-3 text-sm font-semibold">{t("milestones")}</h4>
      {project.milestones.length === 0 ? <p className="text-sm text-slate-600">{t("noMilestones")}</p> : null}
      <ul className="space-y-1 text-sm">
        {project.milestones.map((m) => (
          <li key={m.id} className="flex flex-wrap items-center gap-2">
            <span className="font-medium">{m.title}</span>
            <span className="text-slate-600">{m.deliverable}</span>
            <span>{t("due", { date: m.dueOn })}</span>
            {m.doneOn ? (
              <Badge tone={m.doneOn <= m.dueOn ? "green" : "amber"}>
                {m.doneOn <= m.dueOn ? t("onTime", { date: m.doneOn }) : t("doneLate", { date: m.doneOn })}
              </Badge>
            ) : m.dueOn < today ? (
              <Badge tone="red">{t("overdue")}</Badge>
            ) : null}
            {m.evidenceUrl ? (
              <a href={m.evidenceUrl} rel="noopener noreferrer nofollow" className="text-brand-700 hover:underline">
                {t("evidence")}
              </a>
            ) : project.mayReport ? (
              <>
                <CompleteMilestone milestoneId={m.id} />
                <MoveMilestone milestoneId={m.id} dueOn={m.dueOn} />
              </>
            ) : null}
            <MilestoneFiles milestoneId={m.id} />
          </li>
        ))}
      </ul>
      <ProjectOutcomes project={project} />
      <RevisionPanel project={project} scale={driftScale} thresholdBp={thresholdBp} />
      {project.mayReport ? <ReportForms project={project} manager={manager} name={name} locale={locale} /> : null}
    </li>
  );
}

// TODO(#17): milestones and progress answer with their id only, so the results are read again after
// them; their answers could carry the rows as the results show them, as a payment's does.
function useRefreshResults() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: trpc.fund.results.pathKey() });
}

/** A payment answers with its project's money and drift as the results show them: set, not read again. */
function useSetPayment() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return (answer: { project: PaidProject }) =>
    queryClient.setQueriesData<Results | null>(
      { queryKey: trpc.fund.results.pathKey() },
      (held) => held && withPayment(held, answer.project),
    );
}

function CompleteMilestone({ milestoneId }: { milestoneId: number }) {
  const t = useTranslations("fund.results");
  const trpc = useTRPC();
  const refresh = useRefreshResults();
  const [url, setUrl] = useState("");
  const complete = useMutation(trpc.fund.completeMilestone.mutationOptions({ onSuccess: refresh }));
  const errors = useServerErrors(complete.error, ["evidenceUrl", "doneOn"]);
  return (
    <form
      className="flex flex-wrap items-center gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        complete.mutate({ milestoneId, evidenceUrl: url, doneOn: new Date().toISOString().slice(0, 10) });
      }}
    >
      <label htmlFor={`evidence-${milestoneId}`} className="sr-only">
        {t("evidenceUrl")}
      </label>
      <input
        id={`evidence-${milestoneId}`}
        className="rounded-md border border-slate-300 px-2 py-1 text-sm"
        placeholder={t("evidenceUrl")}
        value={url}
        onChange={(e) => setUrl(e.target.value)}
        aria-invalid={errors.at("evidenceUrl") ? true : undefined}
      />
      <Button type="submit" size="sm" variant="secondary" busy={complete.isPending}>
        {t("markDone")}
      </Button>
      {(errors.at("evidenceUrl") ?? errors.banner) ? (
        <span className="text-sm text-red-700">{errors.at("evidenceUrl") ?? errors.banner}</span>
      ) : null}
    </form>
  );
}

function ReportForms({
  project,
  manager,
  name,
  locale,
}: {
  project: Project;
  manager: boolean;
  name: (f: { funderId: number; nameZh: string | null; nameEn: string | null }, locale: string) => string;
  locale: string;
}) {
  const t = useTranslations("fund.results");
  const trpc = useTRPC();
  const refresh = useRefreshResults();
  const [milestone, setMilestone] = useState({ title: "", deliverable: "", dueOn: "" });
  const [progress, setProgress] = useState({
    status: "on_track" as (typeof progressStatuses)[number],
    percent: "0",
    body: "",
  });
  const [payment, setPayment] = useState({ funderId: String(project.money[0]?.funderId ?? 0), amount: "", paidOn: "" });
  const addMilestone = useMutation(trpc.fund.addMilestone.mutationOptions({ onSuccess: refresh }));
  const post = useMutation(trpc.fund.progress.mutationOptions({ onSuccess: refresh }));
  const paymentRecorded = useSetPayment();
  const disburse = useMutation(trpc.fund.disburse.mutationOptions({ onSuccess: paymentRecorded }));
  const milestoneErrors = useServerErrors(addMilestone.error, ["title", "deliverable", "dueOn"]);
  const progressErrors = useServerErrors(post.error, ["status", "percent", "body"]);
  const paymentErrors = useServerErrors(disburse.error, ["regionId", "amountYuan", "paidOn"]);
  const id = project.id;

  return (
    <details className="mt-3 text-sm">
      <summary className="cursor-pointer font-medium text-brand-700">{t("report")}</summary>
      <div className="mt-2 grid gap-4 md:grid-cols-2">
        <form
          className="space-y-2"
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            addMilestone.mutate({ submissionId: id, ...milestone });
          }}
        >
          <h5 className="font-semibold">{t("addMilestone")}</h5>
          <Field label={t("milestoneTitle")} htmlFor={`m-title-${id}`} error={milestoneErrors.at("title")}>
            <TextInput
              id={`m-title-${id}`}
              value={milestone.title}
              onChange={(e) => setMilestone({ ...milestone, title: e.target.value })}
            />
          </Field>
          <Field label={t("deliverable")} htmlFor={`m-del-${id}`} error={milestoneErrors.at("deliverable")}>
            <TextInput
              id={`m-del-${id}`}
              value={milestone.deliverable}
              onChange={(e) => setMilestone({ ...milestone, deliverable: e.target.value })}
            />
          </Field>
          <Field label={t("dueOn")} htmlFor={`m-due-${id}`} error={milestoneErrors.at("dueOn")}>
            <TextInput
              id={`m-due-${id}`}
              type="date"
              value={milestone.dueOn}
              onChange={(e) => setMilestone({ ...milestone, dueOn: e.target.value })}
            />
          </Field>
          {milestoneErrors.banner ? <Alert>{milestoneErrors.banner}</Alert> : null}
          <Button type="submit" size="sm" busy={addMilestone.isPending}>
            {t("addMilestone")}
          </Button>
        </form>
        <form
          className="space-y-2"
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            post.mutate({
              submissionId: id,
              status: progress.status,
              percent: Number(progress.percent),
              body: progress.body,
            });
          }}
        >
          <h5 className="font-semibold">{t("postProgress")}</h5>
          <Field label={t("status")} htmlFor={`p-status-${id}`} error={progressErrors.at("status")}>
            <SelectInput
              id={`p-status-${id}`}
              value={progress.status}
              onChange={(e) =>
                setProgress({ ...progress, status: e.target.value as (typeof progressStatuses)[number] })
              }
            >
              {progressStatuses.map((s) => (
                <option key={s} value={s}>
                  {t(`statuses.${s}`)}
                </option>
              ))}
            </SelectInput>
          </Field>
          <Field label={t("percent")} htmlFor={`p-percent-${id}`} error={progressErrors.at("percent")}>
            <TextInput
              id={`p-percent-${id}`}
              inputMode="numeric"
              value={progress.percent}
              onChange={(e) => setProgress({ ...progress, percent: e.target.value })}
            />
          </Field>
          <Field label={t("update")} htmlFor={`p-body-${id}`} error={progressErrors.at("body")}>
            <TextInput
              id={`p-body-${id}`}
              value={progress.body}
              onChange={(e) => setProgress({ ...progress, body: e.target.value })}
            />
          </Field>
          {progressErrors.banner ? <Alert>{progressErrors.banner}</Alert> : null}
          <Button type="submit" size="sm" busy={post.isPending}>
            {t("postProgress")}
          </Button>
        </form>
        {manager ? (
          <form
            className="space-y-2"
            onSubmit={(e: FormEvent) => {
              e.preventDefault();
              const funderId = Number(payment.funderId);
              disburse.mutate({
                submissionId: id,
                regionId: funderId === 0 ? null : funderId,
                amountYuan: payment.amount.trim() === "" ? Number.NaN : Number(payment.amount),
                paidOn: payment.paidOn,
                note: "",
              });
            }}
          >
            <h5 className="font-semibold">{t("recordPayment")}</h5>
            <Field label={t("funder")} htmlFor={`d-funder-${id}`} error={paymentErrors.at("regionId")}>
              <SelectInput
                id={`d-funder-${id}`}
                value={payment.funderId}
                onChange={(e) => setPayment({ ...payment, funderId: e.target.value })}
              >
                {project.money.map((m) => (
                  <option key={m.funderId} value={m.funderId}>
                    {name(m, locale)}
                  </option>
                ))}
              </SelectInput>
            </Field>
            <Field label={t("amount")} htmlFor={`d-amount-${id}`} error={paymentErrors.at("amountYuan")}>
              <TextInput
                id={`d-amount-${id}`}
                inputMode="numeric"
                value={payment.amount}
                onChange={(e) => setPayment({ ...payment, amount: e.target.value })}
              />
            </Field>
            <Field label={t("paidOn")} htmlFor={`d-date-${id}`} error={paymentErrors.at("paidOn")}>
              <TextInput
                id={`d-date-${id}`}
                type="date"
                value={payment.paidOn}
                onChange={(e) => setPayment({ ...payment, paidOn: e.target.value })}
              />
            </Field>
            {paymentErrors.banner ? <Alert>{paymentErrors.banner}</Alert> : null}
            <Button type="submit" size="sm" busy={disburse.isPending}>
              {t("recordPayment")}
            </Button>
          </form>
        ) : null}
      </div>
    </details>
  );
}

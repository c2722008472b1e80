"use client";
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { achievementLimits, transferModes, type TransferMode } from "@/shared/achievement-vocabulary";
import { equalRevenueShares, revenueSplit } from "@/server/features/achievements/rules/deal-terms";
import { Chart } from "../../components/charts/chart";
import { Button } from "../../components/ui/button";
import { Alert, Badge, Card } from "../../components/ui/card";
import { Field, SelectInput, TextInput } from "../../components/ui/field";
import { TextArea } from "../../components/ui/text-area";
import type { RouterOutputs } from "../../lib/router-types";
import { useServerErrors } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";
import { useRegions } from "../../lib/use-regions";

type Enquiry = RouterOutputs["achievements"]["enquiry"];
type Terms = Enquiry["terms"][number];

const percent = (bp: number) => (bp / 100).toLocaleString("en", { maximumFractionDigits: 2 });

/** The shares of every proposal on one 0–100 % scale, with the same figures as a table beside it. */
function SharesChart({ terms, regionIds }: { terms: Terms[]; regionIds: number[] }) {
  const t = useTranslations("achievements.terms");
  const format = useFormatter();
  const regions = useRegions();
  const shareOf = (x: Terms, regionId: number) => x.shares.find((s) => s.regionId === regionId)?.revenueBp ?? 0;
  const yuan = (n: number) =>
    format.number(n, { style: "currency", currency: "CNY", currencyDisplay: "narrowSymbol", maximumFractionDigits: 0 });
  const cell = (x: Terms, regionId: number) => {
    const bp = shareOf(x, regionId);
    if (x.valueYuan === null) return `${percent(bp)} %`;
    const split = revenueSplit(x.valueYuan, x.shares).find((s) => s.regionId === regionId)?.yuan ?? 0;
    return t("yuanShare", { percent: percent(bp), yuan: yuan(split) });
  };
  return (
    <div className="space-y-3">
      <Chart
        caption={t("chartCaption")}
        height={Math.max(160, 60 + regionIds.length * 36 * Math.min(terms.length, 4))}
        testId="terms-shares"
        spec={{
          kind: "bars",
          horizontal: true,
          max: 100,
          categories: regionIds.map(regions.name),
          series: terms.map((x, i) => ({
            name: t("proposal", { n: i + 1 }),
            values: regionIds.map((id) => shareOf(x, id) / 100),
          })),
        }}
      />
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">{t("chartCaption")}</caption>
          <thead>
            <tr className="border-b border-slate-200 text-slate-500">
              <th scope="col" className="py-2">
                {t("tableRegion")}
              </th>
              {terms.map((x, i) => (
                <th key={x.id} scope="col" className="text-right">
                  {t("proposal", { n: i + 1 })}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {regionIds.map((id) => (
              <tr key={id} className="border-b border-slate-100">
                <th scope="row" className="py-2 font-normal">
                  {regions.name(id)}
                </th>
                {terms.map((x) => (
                  <td key={x.id} className="text-right tabular-nums">
                    {cell(x, id)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** Mode, value and a share per region in percent; the server checks the same rule (whole basis points, 100 %). */
function ProposeForm({ enquiry, counter, onDone }: { enquiry: Enquiry; counter: boolean; onDone: () => void }) {
  const t = useTranslations("achievements");
  const regions = useRegions();
  const trpc = useTRPC();
  const [mode, setMode] = useState<TransferMode>("licence");
  const [value, setValue] = useState("");
  const [note, setNote] = useState("");
  const [shares, setShares] = useState(() =>
    Object.fromEntries(equalRevenueShares(enquiry.dealRegionIds).map((s) => [s.regionId, percent(s.revenueBp)])),
  );
  const [problem, setProblem] = useState<string | null>(null);
  const propose = useMutation(trpc.achievements.proposeTerms.mutationOptions({ onSuccess: onDone }));
  const server = useServerErrors(propose.error, ["shares", "valueYuan"]);
  const bp = (id: number) => Math.round(Number(shares[id] ?? "0") * 100);
  const sum = enquiry.dealRegionIds.reduce((n, id) => n + (Number.isFinite(bp(id)) ? bp(id) : 0), 0);
  function submit(event: FormEvent) {
    event.preventDefault();
    if (value.trim() && !/^\s*\d+\s*$/.test(value)) return setProblem(t("form.wholeYuan"));
    if (sum !== 10_000 || enquiry.dealRegionIds.some((id) => !Number.isFinite(bp(id)) || bp(id) < 0))
      return setProblem(t("terms.sharesMustBe100"));
    setProblem(null);
    propose.mutate({
      enquiryId: enquiry.id,
      mode,
      valueYuan: value.trim() ? Number(value) : null,
      shares: enquiry.dealRegionIds.map((regionId) => ({ regionId, revenueBp: bp(regionId) })),
      note,
    });
  }
  return (
    <form
      onSubmit={submit}
      noValidate
      className="space-y-3"
      aria-label={t(counter ? "terms.counter" : "terms.propose")}
    >
      <h3 className="font-medium text-slate-900">{t(counter ? "terms.counter" : "terms.propose")}</h3>
      {problem ? <Alert>{problem}</Alert> : server.banner ? <Alert>{server.banner}</Alert> : null}
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label={t("terms.mode")} htmlFor="terms-mode">
          <SelectInput id="terms-mode" value={mode} onChange={(e) => setMode(e.target.value as TransferMode)}>
            {transferModes.map((m) => (
              <option key={m} value={m}>
                {t(`modes.${m}`)}
              </option>
            ))}
          </SelectInput>
        </Field>
        <Field label={t("terms.valueInput")} htmlFor="terms-value">
          <TextInput id="terms-value" inputMode="numeric" value={value} onChange={(e) => setValue(e.target.value)} />
        </Field>
      </div>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-700">{t("terms.shares")}</legend>
        <p className="text-xs text-slate-500">{t("terms.sharesHint")}</p>
        <div className="grid gap-2 sm:grid-cols-2">
          {enquiry.dealRegionIds.map((id) => (
            <Field key={id} label={regions.name(id)} htmlFor={`share-${id}`}>
              <TextInput
                id={`share-${id}`}
                inputMode="decimal"
                value={shares[id] ?? ""}
                onChange={(e) => setShares({ ...shares, [id]: e.target.value })}
              />
            </Field>
          ))}
        </div>
        <p className={`text-sm ${sum === 10_000 ? "text-slate-600" : "text-red-700"}`}>
          {t("terms.sharesSum", { sum: percent(sum) })}
        </p>
      </fieldset>
      <Field label={t("terms.noteInput")} htmlFor="terms-note">
        <TextArea
          id="terms-note"
          rows={2}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          maxLength={achievementLimits.termsNoteMax}
        />
      </Field>
      <Button type="submit" busy={propose.isPending}>
        {t("terms.submit")}
      </Button>
    </form>
  );
}

/** The owners record the deal an accepted proposal describes; a joint project also needs its budget and duration. */
function RecordDealForm({ terms }: { terms: Terms }) {
  const t = useTranslations("achievements.terms.record");
  const tCommon = useTranslations("common");
  const trpc = useTRPC();
  const [signedOn, setSignedOn] = useState(new Date().toISOString().slice(0, 10));
  const [publish, setPublish] = useState(false);
  const [budget, setBudget] = useState("");
  const [duration, setDuration] = useState("24");
  const [missing, setMissing] = useState(false);
  const record = useMutation(trpc.achievements.recordDeal.mutationOptions());
  const server = useServerErrors(record.error, ["signedOn"]);
  const project = terms.mode === "joint_project";
  function submit(event: FormEvent) {
    event.preventDefault();
    const bad = !signedOn || (project && (!/^\d+$/.test(budget.trim()) || !/^\d+$/.test(duration.trim())));
    setMissing(bad);
    if (bad) return;
    record.mutate({
      termsId: terms.id,
      signedOn,
      publishValue: publish,
      project: project ? { budgetYuan: Number(budget), durationMonths: Number(duration) } : null,
    });
  }
  return (
    <form onSubmit={submit} noValidate className="space-y-3 border-t border-slate-200 pt-3" aria-label={t("heading")}>
      <h4 className="font-medium text-slate-900">{t("heading")}</h4>
      {missing ? <Alert>{tCommon("required")}</Alert> : server.banner ? <Alert>{server.banner}</Alert> : null}
      {record.isSuccess ? <Alert tone="success">{t("recorded")}</Alert> : null}
      {project ? <p className="text-sm text-slate-600">{t("projectHint")}</p> : null}
      <div className="grid gap-3 sm:grid-cols-3">
        <Field label={t("signedOn")} htmlFor={`deal-signed-${terms.id}`}>
          <TextInput
            id={`deal-signed-${terms.id}`}
            type="date"
            value={signedOn}
            onChange={(e) => setSignedOn(e.target.value)}
          />
        </Field>
        {project ? (
          <>
            <Field label={t("budget")} htmlFor={`deal-budget-${terms.id}`}>
              <TextInput
                id={`deal-budget-${terms.id}`}
                inputMode="numeric"
                value={budget}
                onChange={(e) => setBudget(e.target.value)}
              />
            </Field>
            <Field label={t("duration")} htmlFor={`deal-duration-${terms.id}`}>
              <TextInput
                id={`deal-duration-${terms.id}`}
                inputMode="numeric"
                value={duration}
                onChange={(e) => setDuration(e.target.value)}
              />
            </Field>
          </>
        ) : null}
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={publish} onChange={(e) => setPublish(e.target.checked)} />
        {t("publish")}
      </label>
      <Button type="submit" busy={record.isPending}>
        {t("submit")}
      </Button>
    </form>
  );
}

/** Deal terms in a negotiation: every proposal with its state and shares, the answers open to the viewer, and the next step. */
/** Answers and records come back on the thread's stream (useLiveQuery applies them), so nothing here refetches. */
export function NegotiationTerms({ enquiry }: { enquiry: Enquiry }) {
  const t = useTranslations("achievements");
  const format = useFormatter();
  const trpc = useTRPC();
  const [proposing, setProposing] = useState(false);
  const respond = useMutation(trpc.achievements.respondToTerms.mutationOptions());
  const server = useServerErrors(respond.error, []);
  const shown = enquiry.terms.filter((x) => x.status !== "superseded" || enquiry.terms.length <= 4);
  const open = enquiry.terms.find((x) => x.status === "proposed");
  const yuan = (n: number) =>
    format.number(n, { style: "currency", currency: "CNY", currencyDisplay: "narrowSymbol", maximumFractionDigits: 0 });
  return (
    <Card>
      <section className="space-y-4" aria-labelledby="terms-heading">
        <h2 id="terms-heading" className="text-lg font-semibold text-slate-900">
          {t("terms.heading")}
        </h2>
        <p className="text-sm text-slate-600">{t("terms.intro")}</p>
        {server.banner ? <Alert>{server.banner}</Alert> : null}
        {enquiry.terms.length === 0 ? (
          <p className="text-sm text-slate-500">{t("terms.none")}</p>
        ) : (
          <>
            <ol className="space-y-3">
              {enquiry.terms.map((x, i) => (
                <li key={x.id} className="rounded-lg border border-slate-200 p-3" data-testid={`terms-${x.id}`}>
                  <div className="flex flex-wrap items-center gap-2">
                    <span className="font-medium text-slate-900">{t("terms.proposal", { n: i + 1 })}</span>
                    <Badge tone={x.status === "accepted" || x.status === "recorded" ? "brand" : undefined}>
                      {t(`terms.statuses.${x.status}`)}
                    </Badge>
                    <span className="text-sm text-slate-600">
                      {t(`modes.${x.mode}`)} · {t("terms.value")}:{" "}
                      {x.valueYuan === null ? t("terms.valueUndisclosed") : yuan(x.valueYuan)}
                    </span>
                  </div>
                  <p className="text-xs text-slate-500">
                    {t("terms.proposedBy", { name: x.proposedBy.displayName, side: x.side })}
                  </p>
                  {x.note ? (
                    <p className="text-sm text-slate-700">
                      {t("terms.note")}: {x.note}
                    </p>
                  ) : null}
                  <div className="mt-1 flex flex-wrap gap-3 text-sm">
                    {x.transferId ? (
                      <Link
                        href={`/achievements/${enquiry.achievement.id}#transfers`}
                        className="text-brand-700 hover:underline"
                      >
                        {t("terms.transferLink")}
                      </Link>
                    ) : null}
                    {x.projectId ? (
                      <Link href={`/projects/${x.projectId}`} className="text-brand-700 hover:underline">
                        {t("terms.projectLink")}
                      </Link>
                    ) : null}
                  </div>
                  {x.status === "proposed" && enquiry.side !== null && enquiry.side !== x.side ? (
                    <div className="mt-2 flex gap-2">
                      <Button
                        size="sm"
                        busy={respond.isPending}
                        onClick={() => respond.mutate({ termsId: x.id, response: "accept" })}
                      >
                        {t("terms.accept")}
                      </Button>
                      <Button
                        size="sm"
                        variant="secondary"
                        busy={respond.isPending}
                        onClick={() => respond.mutate({ termsId: x.id, response: "decline" })}
                      >
                        {t("terms.decline")}
                      </Button>
                    </div>
                  ) : null}
                  {x.status === "accepted" && (enquiry.isOwner || enquiry.isAdmin) ? (
                    <RecordDealForm terms={x} />
                  ) : null}
                </li>
              ))}
            </ol>
            <SharesChart terms={shown} regionIds={enquiry.dealRegionIds} />
          </>
        )}
        {enquiry.side !== null ? (
          proposing ? (
            <ProposeForm enquiry={enquiry} counter={open !== undefined} onDone={() => setProposing(false)} />
          ) : (
            <Button variant="secondary" onClick={() => setProposing(true)}>
              {t(open ? "terms.counter" : "terms.propose")}
            </Button>
          )
        ) : null}
      </section>
    </Card>
  );
}

"use client";
import { chinaDay } from "@/server/domain/china-time";
import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import type { RecordStatus } from "@/shared/meetings-vocabulary";
import { decisionActionStatuses } from "@/shared/meetings-vocabulary";
import {
  actionOverdue,
  mayAnswerForRegion,
  mayUpdateAction,
  recordAnswerable,
} from "@/server/features/meetings/record/record-rules";
import { RegionOptions } from "../../../components/region-options";
import { Button } from "../../../components/ui/button";
import { Alert, Badge, Card } from "../../../components/ui/card";
import { Field, SelectInput, TextInput } from "../../../components/ui/field";
import { TextArea } from "../../../components/ui/text-area";
import { describeError } from "../../../lib/errors";
import { useServerErrors } from "../../../lib/server-errors";
import { useTRPC } from "../../../lib/trpc";
import { useRegions } from "../../../lib/use-regions";
import { formText, usePick } from "../meeting-bits";
import type { MeetingData } from "../types";

type Decision = MeetingData["decisions"][number];

const recordTones: Record<RecordStatus, "slate" | "amber" | "red" | "green"> = {
  not_sent: "slate",
  pending: "amber",
  contested: "red",
  confirmed: "green",
};

export function RecordStatusBadge({ status }: { status: RecordStatus }) {
  const t = useTranslations("meetings.confirm.recordStatus");
  return (
    <span data-testid="record-status">
      <Badge tone={recordTones[status]}>{t(status)}</Badge>
    </span>
  );
}

/** One region's answer to the record: confirm, or contest saying why. The comment stays if the answer is refused. */
function AnswerForm({ decision, regionName }: { decision: Decision; regionName: string }) {
  const t = useTranslations("meetings.confirm");
  const trpc = useTRPC();
  const answer = useMutation(trpc.meetings.answerDecision.mutationOptions());
  const errors = useServerErrors(answer.error, ["comment"]);
  const [choice, setChoice] = useState<"confirmed" | "contested">("confirmed");

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    answer.mutate({ decisionId: decision.id, answer: choice, comment: formText(form, "comment") });
  }

  return (
    <form onSubmit={submit} className="space-y-2 rounded border border-slate-200 p-3" noValidate>
      <fieldset className="space-y-1">
        <legend className="text-sm font-medium text-slate-800">{t("answerFor", { region: regionName })}</legend>
        {(["confirmed", "contested"] as const).map((value) => (
          <label key={value} className="flex items-center gap-2 text-sm">
            <input
              type="radio"
              name="answer"
              value={value}
              checked={choice === value}
              onChange={() => setChoice(value)}
            />
            {t(`answers.${value}`)}
          </label>
        ))}
      </fieldset>
      <Field
        label={choice === "contested" ? t("commentRequired") : t("comment")}
        htmlFor={`answer-comment-${decision.id}`}
        error={errors.at("comment")}
      >
        <TextArea id={`answer-comment-${decision.id}`} name="comment" rows={2} invalid={!!errors.at("comment")} />
      </Field>
      {errors.banner ? <Alert>{errors.banner}</Alert> : null}
      <Button type="submit" size="sm" busy={answer.isPending}>
        {t("send")}
      </Button>
    </form>
  );
}

/** The chair gives a decision an action for one region, due on a China calendar day. */
function AddActionForm({ decision }: { decision: Decision }) {
  const t = useTranslations("meetings.confirm");
  const trpc = useTRPC();
  const add = useMutation(trpc.meetings.addAction.mutationOptions());
  const errors = useServerErrors(add.error, ["textZh", "textEn", "ownerRegionId", "dueOn"]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const element = event.currentTarget;
    const form = new FormData(element);
    const done = await add
      .mutateAsync({
        decisionId: decision.id,
        textZh: formText(form, "textZh"),
        textEn: formText(form, "textEn"),
        ownerRegionId: Number(formText(form, "ownerRegionId")) || 0,
        dueOn: formText(form, "dueOn"),
      })
      .catch(() => null);
    if (done) element.reset();
  }

  const id = (name: string) => `action-${name}-${decision.id}`;
  return (
    <details className="text-sm">
      <summary className="cursor-pointer text-brand-700">{t("addAction")}</summary>
      <form onSubmit={submit} className="mt-2 grid gap-2 md:grid-cols-2" noValidate>
        <Field label={t("actionZh")} htmlFor={id("zh")} error={errors.at("textZh")}>
          <TextInput id={id("zh")} name="textZh" invalid={!!errors.at("textZh")} />
        </Field>
        <Field label={t("actionEn")} htmlFor={id("en")} error={errors.at("textEn")}>
          <TextInput id={id("en")} name="textEn" invalid={!!errors.at("textEn")} />
        </Field>
        <Field label={t("owner")} htmlFor={id("owner")} error={errors.at("ownerRegionId")}>
          <SelectInput id={id("owner")} name="ownerRegionId" defaultValue="">
            <option value="">{t("chooseRegion")}</option>
            <RegionOptions />
          </SelectInput>
        </Field>
        <Field label={t("dueOn")} htmlFor={id("due")} error={errors.at("dueOn")}>
          <TextInput id={id("due")} name="dueOn" type="date" invalid={!!errors.at("dueOn")} />
        </Field>
        <div className="md:col-span-2">
          {errors.banner ? <Alert>{errors.banner}</Alert> : null}
          <Button type="submit" size="sm" busy={add.isPending}>
            {t("saveAction")}
          </Button>
        </div>
      </form>
    </details>
  );
}

/** A decision's actions: owner region, due day, status (changeable by the owner region, the chair or an admin), overdue marked. */
function ActionList({ data, decision }: { data: MeetingData; decision: Decision }) {
  const t = useTranslations("meetings.confirm");
  const tErrors = useTranslations("errors");
  const trpc = useTRPC();
  const pick = usePick();
  const regions = useRegions();
  const setStatus = useMutation(trpc.meetings.setActionStatus.mutationOptions());
  const viewer =
    data.viewer.role && data.viewer.regionId !== null
      ? { role: data.viewer.role, regionId: data.viewer.regionId, chair: data.viewer.chair }
      : null;
  const today = chinaDay(new Date());
  if (decision.actions.length === 0) return null;
  return (
    <div className="space-y-1">
      <h4 className="text-sm font-medium text-slate-600">{t("actions")}</h4>
      <ul className="space-y-1" data-testid={`actions-${decision.id}`}>
        {decision.actions.map((action) => (
          <li key={action.id} className="flex flex-wrap items-center gap-2 text-sm">
            <span className="text-slate-900">{pick(action, "text")}</span>
            <span className="text-slate-500">
              · {regions.name(action.ownerRegionId)} · {t("due", { day: action.dueOn })}
            </span>
            {actionOverdue(action, today) ? <Badge tone="red">{t("overdue")}</Badge> : null}
            {mayUpdateAction(viewer, action.ownerRegionId) ? (
              <span className="w-36">
                <SelectInput
                  aria-label={t("actionStatusOf", { action: pick(action, "text") })}
                  value={action.status}
                  onChange={(e) =>
                    setStatus.mutate({
                      actionId: action.id,
                      status: e.target.value as (typeof decisionActionStatuses)[number],
                    })
                  }
                >
                  {decisionActionStatuses.map((s) => (
                    <option key={s} value={s}>
                      {t(`actionStatus.${s}`)}
                    </option>
                  ))}
                </SelectInput>
              </span>
            ) : (
              <Badge tone={action.status === "done" ? "green" : "slate"}>{t(`actionStatus.${action.status}`)}</Badge>
            )}
          </li>
        ))}
      </ul>
      {setStatus.error ? <Alert>{describeError(setStatus.error, tErrors)}</Alert> : null}
    </div>
  );
}

/**
 * The record after the meeting: each decision with every participating region's answer (confirmed only
 * when all confirm), the viewer's own region's answer form, and the actions with their owners and due days.
 */
export function RecordPanel({ data }: { data: MeetingData }) {
  const t = useTranslations("meetings.confirm");
  const pick = usePick();
  const regions = useRegions();
  if (data.decisions.length === 0) return null;
  const viewer =
    data.viewer.role && data.viewer.regionId !== null
      ? { role: data.viewer.role, regionId: data.viewer.regionId }
      : null;
  const item = (itemId: number) => data.agenda.find((i) => i.id === itemId);
  return (
    <Card>
      <section id="record" aria-labelledby="record-title" className="space-y-4">
        <div>
          <h2 id="record-title" className="text-lg font-semibold text-slate-900">
            {t("title")}
          </h2>
          <p className="text-sm text-slate-600">{t("explain")}</p>
        </div>
        <ul className="space-y-4">
          {data.decisions.map((d) => {
            const own = d.confirmations.find((c) => mayAnswerForRegion(viewer, c.regionId));
            const source = item(d.itemId);
            return (
              <li key={d.id} className="space-y-2 border-t border-slate-100 pt-3" data-testid={`record-${d.id}`}>
                <div className="flex flex-wrap items-center gap-2">
                  <RecordStatusBadge status={d.recordStatus} />
                  <span className="font-medium text-slate-900">{pick(d, "text")}</span>
                </div>
                {source ? <p className="text-xs text-slate-500">{pick(source, "title")}</p> : null}
                {d.confirmations.length > 0 ? (
                  <ul className="flex flex-wrap gap-2 text-sm" aria-label={t("byRegion")}>
                    {d.confirmations.map((c) => (
                      <li
                        key={c.regionId}
                        className="rounded border border-slate-200 px-2 py-1"
                        data-testid={`confirmation-${d.id}-${c.regionId}`}
                      >
                        {t("regionAnswer", { region: regions.name(c.regionId), answer: t(`answers.${c.status}`) })}
                        {c.comment ? <span className="block text-xs text-slate-600">“{c.comment}”</span> : null}
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p className="text-sm text-slate-500">{t("notSentYet")}</p>
                )}
                {own && recordAnswerable(d.recordStatus) ? (
                  <AnswerForm decision={d} regionName={regions.name(own.regionId)} />
                ) : null}
                <ActionList data={data} decision={d} />
                {data.viewer.mayRun ? <AddActionForm decision={d} /> : null}
              </li>
            );
          })}
        </ul>
      </section>
    </Card>
  );
}

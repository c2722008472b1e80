"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { outcomeTypes, type OutcomeType } from "@/shared/fund-vocabulary";
import { Button } from "../../components/ui/button";
import { Alert } from "../../components/ui/card";
import { Field, SelectInput, TextInput } from "../../components/ui/field";
import type { RouterOutputs } from "../../lib/router-types";
import { useServerErrors } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";

type Results = NonNullable<RouterOutputs["fund"]["results"]>;
type Project = Results["projects"][number];

// TODO(#17): an outcome answers with its id and a milestone's move with its new day, not the rows as the
// results show them (the project's outcomes, the call's totals), so the results are read again after them.
function useRefreshResults() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: trpc.fund.results.pathKey() });
}

/** The call's outcomes so far, one figure per type. */
export function OutcomeTotals({ totals }: { totals: Results["outcomeTotals"] }) {
  const t = useTranslations("fund.results");
  return (
    <section className="mt-4">
      <h3 className="mb-2 font-semibold">{t("outcomes")}</h3>
      <dl className="grid grid-cols-2 gap-2 text-sm sm:grid-cols-3" aria-label={t("outcomesCaption")}>
        {outcomeTypes.map((type) => (
          <div key={type} className="rounded-md bg-slate-50 px-3 py-2">
            <dt className="text-slate-600">{t(`outcomeTypes.${type}`)}</dt>
            <dd className="text-lg font-semibold" data-testid={`call-outcome-${type}`}>
              {totals[type]}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

/** One funded project's outcomes and, for its team and the managers, the form that records one. */
export function ProjectOutcomes({ project }: { project: Project }) {
  const t = useTranslations("fund.results");
  return (
    <div className="mt-3">
      <h4 className="text-sm font-semibold">{t("outcomes")}</h4>
      {project.outcomes.length === 0 ? <p className="text-sm text-slate-600">{t("noOutcomes")}</p> : null}
      <ul className="space-y-1 text-sm" data-testid={`outcomes-${project.id}`}>
        {project.outcomes.map((o) => (
          <li key={o.id} className="flex flex-wrap gap-2">
            <span className="font-medium">
              {t(`outcomeTypes.${o.type}`)} × {o.count}
            </span>
            <span className="text-slate-600">{o.achievedOn}</span>
            {o.note ? <span className="text-slate-600">{o.note}</span> : null}
            {o.link ? (
              <a href={o.link} rel="noopener noreferrer nofollow" className="text-brand-700 hover:underline">
                {t("evidence")}
              </a>
            ) : null}
          </li>
        ))}
      </ul>
      {project.mayReport ? <RecordOutcome submissionId={project.id} /> : null}
    </div>
  );
}

function RecordOutcome({ submissionId }: { submissionId: number }) {
  const t = useTranslations("fund.results");
  const trpc = useTRPC();
  const refresh = useRefreshResults();
  const empty = { type: "joint_paper" as OutcomeType, count: "1", achievedOn: "", link: "", note: "" };
  const [form, setForm] = useState(empty);
  const record = useMutation(
    trpc.fund.recordOutcome.mutationOptions({
      onSuccess: async () => {
        setForm(empty);
        await refresh();
      },
    }),
  );
  const errors = useServerErrors(record.error, ["type", "count", "achievedOn", "link", "note"]);
  const id = submissionId;
  return (
    <details className="mt-2 text-sm">
      <summary className="cursor-pointer font-medium text-brand-700">{t("recordOutcome")}</summary>
      <form
        className="mt-2 grid gap-2 sm:grid-cols-2"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          record.mutate({
            submissionId: id,
            type: form.type,
            count: form.count.trim() === "" ? Number.NaN : Number(form.count),
            achievedOn: form.achievedOn,
            link: form.link.trim() === "" ? null : form.link.trim(),
            note: form.note,
          });
        }}
      >
        <Field label={t("outcomeType")} htmlFor={`o-type-${id}`} error={errors.at("type")}>
          <SelectInput
            id={`o-type-${id}`}
            value={form.type}
            onChange={(e) => setForm({ ...form, type: e.target.value as OutcomeType })}
          >
            {outcomeTypes.map((type) => (
              <option key={type} value={type}>
                {t(`outcomeTypes.${type}`)}
              </option>
            ))}
          </SelectInput>
        </Field>
        <Field label={t("count")} htmlFor={`o-count-${id}`} error={errors.at("count")}>
          <TextInput
            id={`o-count-${id}`}
            inputMode="numeric"
            value={form.count}
            onChange={(e) => setForm({ ...form, count: e.target.value })}
          />
        </Field>
        <Field label={t("achievedOn")} htmlFor={`o-date-${id}`} error={errors.at("achievedOn")}>
          <TextInput
            id={`o-date-${id}`}
            type="date"
            value={form.achievedOn}
            onChange={(e) => setForm({ ...form, achievedOn: e.target.value })}
          />
        </Field>
        <Field label={t("link")} htmlFor={`o-link-${id}`} error={errors.at("link")}>
          <TextInput
            id={`o-link-${id}`}
            value={form.link}
            onChange={(e) => setForm({ ...form, link: e.target.value })}
          />
        </Field>
        <Field label={t("note")} htmlFor={`o-note-${id}`} error={errors.at("note")}>
          <TextInput
            id={`o-note-${id}`}
            value={form.note}
            onChange={(e) => setForm({ ...form, note: e.target.value })}
          />
        </Field>
        <div className="flex items-end">
          <Button type="submit" size="sm" busy={record.isPending}>
            {t("recordOutcome")}
          </Button>
        </div>
        {errors.banner ? <Alert>{errors.banner}</Alert> : null}
      </form>
    </details>
  );
}

/** Moves an unfinished milestone's due day; the server reschedules its notices and audits the move. */
export function MoveMilestone({ milestoneId, dueOn }: { milestoneId: number; dueOn: string }) {
  const t = useTranslations("fund.results");
  const trpc = useTRPC();
  const refresh = useRefreshResults();
  const [day, setDay] = useState(dueOn);
  const move = useMutation(trpc.fund.moveMilestone.mutationOptions({ onSuccess: refresh }));
  const errors = useServerErrors(move.error, ["dueOn"]);
  return (
    <details className="text-sm">
      <summary className="cursor-pointer text-brand-700">{t("moveDue")}</summary>
      <form
        className="mt-1 flex flex-wrap items-center gap-2"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          move.mutate({ milestoneId, dueOn: day });
        }}
      >
        <label htmlFor={`move-${milestoneId}`} className="sr-only">
          {t("newDueOn")}
        </label>
        <input
          id={`move-${milestoneId}`}
          type="date"
          className="rounded-md border border-slate-300 px-2 py-1 text-sm"
          value={day}
          onChange={(e) => setDay(e.target.value)}
          aria-invalid={errors.at("dueOn") ? true : undefined}
        />
        <Button type="submit" size="sm" variant="secondary" busy={move.isPending}>
          {t("move")}
        </Button>
        {(errors.at("dueOn") ?? errors.banner) ? (
          <span className="text-sm text-red-700">{errors.at("dueOn") ?? errors.banner}</span>
        ) : null}
      </form>
    </details>
  );
}

"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useEffect, useState, type FormEvent } from "react";
import { Button } from "../../components/ui/button";
import { Alert, Card, EmptyState } from "../../components/ui/card";
import { Field, SelectInput, TextInput } from "../../components/ui/field";
import { TextArea } from "../../components/ui/text-area";
import { describeError, errorData } from "../../lib/errors";
import { useServerErrors } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";
import { ItemLinks, RoundField } from "./agenda-links";
import { formText, usePick } from "./meeting-bits";
import type { AgendaEntry, MeetingData } from "./types";

const optionalId = (value: FormDataEntryValue | null) => {
  const n = Number(value);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
};

/** Adds an item, or edits one in place (`editing`); a refused form keeps what was typed. */
function ItemForm({
  meetingId,
  editing,
  linkedRoundId = null,
  onDone,
}: {
  meetingId: number;
  editing?: AgendaEntry;
  linkedRoundId?: number | null;
  onDone?: () => void;
}) {
  const t = useTranslations("meetings.agenda");
  const trpc = useTRPC();
  const add = useMutation(trpc.meetings.addItem.mutationOptions());
  const update = useMutation(trpc.meetings.updateItem.mutationOptions());
  const mutation = editing ? update : add;
  const errors = useServerErrors(mutation.error, [
    "titleZh",
    "titleEn",
    "durationMinutes",
    "presenter",
    "topicId",
    "projectId",
    "ballotId",
    "roundId",
  ]);
  // The server refuses a round that is gone or hidden from the chair: that belongs at the picker.
  const roundRefused = errorData(mutation.error)?.reason === "BAD_AGENDA_ROUND";
  const id = (field: string) => `item-${editing?.id ?? "new"}-${field}`;
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const fields = {
      titleZh: formText(form, "titleZh"),
      titleEn: formText(form, "titleEn"),
      durationMinutes: Number(form.get("durationMinutes")),
      presenter: formText(form, "presenter"),
      topicId: optionalId(form.get("topicId")),
      projectId: optionalId(form.get("projectId")),
      // The form has no ballot field: an edit keeps the item's linked ballot.
      ballotId: editing?.ballotId ?? null,
      roundId: optionalId(form.get("roundId")),
    };
    const saved = await (
      editing ? update.mutateAsync({ ...fields, itemId: editing.id }) : add.mutateAsync({ ...fields, meetingId })
    ).catch(() => null);
    if (!saved) return;
    if (editing) onDone?.();
    else formElement.reset();
  }
  return (
    <form
      onSubmit={submit}
      className={editing ? "mt-3 space-y-3" : "space-y-3 rounded-md border border-dashed border-slate-300 p-4"}
      noValidate
    >
      {editing ? null : <h3 className="font-semibold">{t("add")}</h3>}
      {errors.banner && !roundRefused ? <Alert>{errors.banner}</Alert> : null}
      <div className="grid gap-3 md:grid-cols-2">
        <Field label={t("titleZh")} htmlFor={id("titleZh")} error={errors.at("titleZh")}>
          <TextInput
            id={id("titleZh")}
            name="titleZh"
            defaultValue={editing?.titleZh}
            invalid={!!errors.at("titleZh")}
          />
        </Field>
        <Field label={t("titleEn")} htmlFor={id("titleEn")} error={errors.at("titleEn")}>
          <TextInput
            id={id("titleEn")}
            name="titleEn"
            defaultValue={editing?.titleEn}
            invalid={!!errors.at("titleEn")}
          />
        </Field>
        <Field label={t("duration")} htmlFor={id("duration")} error={errors.at("durationMinutes")}>
          <TextInput
            id={id("duration")}
            name="durationMinutes"
            type="number"
            min={1}
            max={600}
            defaultValue={editing?.durationMinutes ?? 15}
          />
        </Field>
        <Field label={t("presenter")} htmlFor={id("presenter")} error={errors.at("presenter")}>
          <TextInput id={id("presenter")} name="presenter" defaultValue={editing?.presenter} />
        </Field>
        <Field label={t("topicId")} htmlFor={id("topic")} hint={t("idHint")} error={errors.at("topicId")}>
          <TextInput id={id("topic")} name="topicId" inputMode="numeric" defaultValue={editing?.topicId ?? ""} />
        </Field>
        <Field label={t("projectId")} htmlFor={id("project")} hint={t("idHint")} error={errors.at("projectId")}>
          <TextInput id={id("project")} name="projectId" inputMode="numeric" defaultValue={editing?.projectId ?? ""} />
        </Field>
        <div className="md:col-span-2">
          <RoundField
            id={id("round")}
            linkedRoundId={linkedRoundId}
            error={roundRefused ? errors.banner : errors.at("roundId")}
          />
        </div>
      </div>
      <div className="flex gap-2">
        <Button type="submit" size="sm" busy={mutation.isPending}>
          {editing ? t("saveItem") : t("addButton")}
        </Button>
        {editing ? (
          <Button type="button" size="sm" variant="secondary" onClick={onDone}>
            {t("cancelEdit")}
          </Button>
        ) : null}
      </div>
    </form>
  );
}

/** The chair's draft of an item's minutes, and the decisions taken on it. */
function ItemRecord({ data, item }: { data: MeetingData; item: AgendaEntry }) {
  const t = useTranslations("meetings.record");
  const tErrors = useTranslations("errors");
  const trpc = useTRPC();
  const pick = usePick();
  const [draft, setDraft] = useState<string | null>(null);
  const save = useMutation(trpc.meetings.saveMinutes.mutationOptions());
  // The draft gives way once the saved minutes come back on the stream, so the field never flickers to the old text.
  useEffect(() => {
    if (draft !== null && draft === item.minutes && !save.isPending) setDraft(null);
  }, [draft, item.minutes, save.isPending]);
  const decide = useMutation(trpc.meetings.recordDecision.mutationOptions());
  const ballots = useQuery({
    ...trpc.ballots.forProject.queryOptions({ projectId: item.projectId ?? 0 }),
    enabled: item.projectId !== null && data.viewer.mayRun,
  });
  const decisionErrors = useServerErrors(decide.error, ["textZh", "textEn", "ballotId"]);
  const editing = data.viewer.minutesEditable;
  const decisions = data.decisions.filter((d) => d.itemId === item.id);

  async function record(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const done = await decide
      .mutateAsync({
        itemId: item.id,
        textZh: formText(form, "textZh"),
        textEn: formText(form, "textEn"),
        ballotId: optionalId(form.get("ballotId")),
      })
      .catch(() => null);
    if (done) formElement.reset();
  }

  return (
    <div className="space-y-3 border-t border-slate-100 pt-3">
      {editing ? (
        <div className="space-y-2">
          <Field label={t("minutes")} htmlFor={`minutes-${item.id}`}>
            <TextArea
              id={`minutes-${item.id}`}
              rows={3}
              value={draft ?? item.minutes}
              onChange={(e) => setDraft(e.target.value)}
            />
          </Field>
          <Button
            size="sm"
            variant="secondary"
            disabled={draft === null || draft === item.minutes}
            busy={save.isPending}
            onClick={() => draft !== null && save.mutate({ itemId: item.id, minutes: draft })}
          >
            {t("saveMinutes")}
          </Button>
          {save.error ? <Alert>{describeError(save.error, tErrors)}</Alert> : null}
        </div>
      ) : item.minutes ? (
        <div>
          <h4 className="text-sm font-medium text-slate-500">{t("minutes")}</h4>
          <p className="whitespace-pre-line text-sm text-slate-800" data-testid={`minutes-${item.id}`}>
            {item.minutes}
          </p>
        </div>
      ) : null}
      {decisions.length > 0 ? (
        <ul className="space-y-1" data-testid={`decisions-${item.id}`}>
          {decisions.map((d) => (
            <li key={d.id} className="rounded bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
              <strong>{t("decision")}</strong> {pick(d, "text")}
              {d.ballotId ? <span className="text-emerald-700"> · {t("carriedBy", { id: d.ballotId })}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
      {editing ? (
        <form onSubmit={record} className="space-y-2" noValidate>
          {decisionErrors.banner ? <Alert>{decisionErrors.banner}</Alert> : null}
          <div className="grid gap-2 md:grid-cols-2">
            <Field label={t("textZh")} htmlFor={`decision-zh-${item.id}`} error={decisionErrors.at("textZh")}>
              <TextInput id={`decision-zh-${item.id}`} name="textZh" invalid={!!decisionErrors.at("textZh")} />
            </Field>
            <Field label={t("textEn")} htmlFor={`decision-en-${item.id}`} error={decisionErrors.at("textEn")}>
              <TextInput id={`decision-en-${item.id}`} name="textEn" invalid={!!decisionErrors.at("textEn")} />
            </Field>
          </div>
          {item.projectId ? (
            <Field label={t("ballot")} htmlFor={`decision-ballot-${item.id}`} hint={t("ballotHint")}>
              {/* Keyed by the loaded list, so the linked ballot is preselected once its option exists. */}
              <SelectInput
                key={ballots.data ? "loaded" : "loading"}
                id={`decision-ballot-${item.id}`}
                name="ballotId"
                defaultValue={item.ballotId ?? ""}
              >
                <option value="">{t("noBallot")}</option>
                {(ballots.data ?? []).map((b) => (
                  <option key={b.id} value={b.id}>
                    {t(`ballotOption.${b.status}`, { round: b.round })}
                  </option>
                ))}
              </SelectInput>
            </Field>
          ) : null}
          <Button type="submit" size="sm" busy={decide.isPending}>
            {t("recordDecision")}
          </Button>
        </form>
      ) : null}
    </div>
  );
}

/** The agenda in order: editable (add, reorder, remove) until the meeting starts, then the record of each item. */
export function AgendaEditor({ data }: { data: MeetingData }) {
  const t = useTranslations("meetings.agenda");
  const tErrors = useTranslations("errors");
  const trpc = useTRPC();
  const pick = usePick();
  const move = useMutation(trpc.meetings.moveItem.mutationOptions());
  const remove = useMutation(trpc.meetings.removeItem.mutationOptions());
  const editable = data.viewer.agendaEditable;
  const [editingId, setEditingId] = useState<number | null>(null);
  const total = data.agenda.reduce((sum, item) => sum + item.durationMinutes, 0);
  const showRecord =
    data.meeting.status !== "draft" && data.meeting.status !== "scheduled" && data.meeting.status !== "cancelled";

  return (
    <Card>
      <div className="space-y-4">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 className="text-lg font-semibold">{t("heading")}</h2>
          {data.agenda.length > 0 ? (
            <span className="text-sm text-slate-500">{t("total", { minutes: total })}</span>
          ) : null}
        </div>
        {data.agenda.length === 0 ? (
          <EmptyState title={t("empty")}>{editable ? t("emptyChair") : null}</EmptyState>
        ) : (
          <ol className="space-y-3" data-testid="agenda">
            {data.agenda.map((item, index) => (
              <li
                key={item.id}
                className={`rounded-md border p-3 ${item.id === data.meeting.currentItemId ? "border-emerald-400 bg-emerald-50/40" : "border-slate-200"}`}
                data-testid="agenda-item"
              >
                <div className="flex flex-wrap items-start justify-between gap-2">
                  <div>
                    <p className="font-medium">
                      {index + 1}. {pick(item, "title")}
                    </p>
                    <p className="text-sm text-slate-600">
                      {t("minutesBox", { minutes: item.durationMinutes })}
                      {item.presenter ? ` · ${item.presenter}` : ""}
                    </p>
                    <ItemLinks item={item} round={data.roundLinks.find((l) => l.itemId === item.id)} />
                  </div>
                  {editable ? (
                    <div className="flex gap-1">
                      <Button
                        size="sm"
                        variant="ghost"
                        disabled={index === 0 || move.isPending}
                        aria-label={t("moveUp", { title: pick(item, "title") })}
                        onClick={() => move.mutate({ itemId: item.id, direction: "up" })}
                      >
                        ↑
                      </Button>
                      <Button
                        size="sm"
                        variant="ghost"
                        disabled={index === data.agenda.length - 1 || move.isPending}
                        aria-label={t("moveDown", { title: pick(item, "title") })}
                        onClick={() => move.mutate({ itemId: item.id, direction: "down" })}
                      >
                        ↓
                      </Button>
                      <Button
                        size="sm"
                        variant="ghost"
                        aria-expanded={editingId === item.id}
                        aria-label={t("edit", { title: pick(item, "title") })}
                        onClick={() => setEditingId(editingId === item.id ? null : item.id)}
                      >
                        ✎
                      </Button>
                      <Button
                        size="sm"
                        variant="danger"
                        aria-label={t("remove", { title: pick(item, "title") })}
                        onClick={() => remove.mutate({ itemId: item.id })}
                      >
                        ✕
                      </Button>
                    </div>
                  ) : null}
                </div>
                {editable && editingId === item.id ? (
                  <ItemForm
                    meetingId={data.meeting.id}
                    editing={item}
                    linkedRoundId={data.roundLinks.find((l) => l.itemId === item.id)?.roundId ?? null}
                    onDone={() => setEditingId(null)}
                  />
                ) : null}
                {showRecord ? <ItemRecord data={data} item={item} /> : null}
              </li>
            ))}
          </ol>
        )}
        {(move.error ?? remove.error) ? <Alert>{describeError(move.error ?? remove.error, tErrors)}</Alert> : null}
        {editable ? <ItemForm meetingId={data.meeting.id} /> : null}
      </div>
    </Card>
  );
}

"use client";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { limits, stances, type Stance } from "@/shared/vocabulary";
import { MentionTextArea } from "../../components/mention-textarea";
import { stanceColor } from "../../components/stance-colors";
import { Button } from "../../components/ui/button";
import { Alert } from "../../components/ui/card";
import { Field, SelectInput } from "../../components/ui/field";
import { TextArea } from "../../components/ui/text-area";

export interface MeasureOption {
  id: number;
  code: string;
  title: string;
}

export interface CommentDraft {
  /** null is "no stance": allowed on replies only. */
  stance: Stance | null;
  body: string;
  amendment: { measureId: number; proposedText: string } | null;
}

/**
 * One form for a new comment, a reply and an edit: same fields, same checks, same messages. No stance
 * is pre-selected: a comment that starts a discussion must choose one, a reply starts at "no stance".
 */
export function CommentComposer({
  idPrefix,
  stanceRequired,
  measures,
  initial,
  submitLabel,
  busy,
  error,
  onSubmit,
  onCancel,
  bodyLabel,
}: {
  idPrefix: string;
  stanceRequired: boolean;
  measures: MeasureOption[];
  initial?: CommentDraft;
  submitLabel: string;
  busy: boolean;
  error: string | null;
  onSubmit: (draft: CommentDraft) => void;
  onCancel?: () => void;
  bodyLabel: string;
}) {
  const t = useTranslations();
  const [stance, setStance] = useState<Stance | null>(initial?.stance ?? null);
  const [body, setBody] = useState(initial?.body ?? "");
  const [measureId, setMeasureId] = useState<number | "">(initial?.amendment?.measureId ?? "");
  const [proposedText, setProposedText] = useState(initial?.amendment?.proposedText ?? "");
  const [problem, setProblem] = useState<{ field: string; message: string } | null>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    const required = t("common.required");
    if (stanceRequired && stance === null) return setProblem({ field: "stance", message: t("topic.chooseStance") });
    if (!body.trim()) return setProblem({ field: "body", message: required });
    if (body.length > limits.commentBodyMax)
      return setProblem({ field: "body", message: t("topic.tooLong", { max: limits.commentBodyMax }) });
    if (stance === "amendment" && measureId === "") return setProblem({ field: "measure", message: required });
    if (stance === "amendment" && !proposedText.trim()) return setProblem({ field: "proposed", message: required });
    setProblem(null);
    onSubmit({
      stance,
      body,
      amendment: stance === "amendment" && measureId !== "" ? { measureId, proposedText } : null,
    });
  }

  const fieldError = (field: string) => (problem?.field === field ? problem.message : null);
  return (
    <form onSubmit={submit} className="space-y-3" noValidate>
      {error ? <Alert>{error}</Alert> : null}
      <fieldset aria-describedby={`${idPrefix}-stance-note`}>
        <legend className="mb-1 text-sm font-medium text-slate-700">{t("topic.stance")}</legend>
        <div className="flex flex-wrap gap-2">
          {[...(stanceRequired ? [] : [null]), ...stances].map((option) => (
            <label
              key={option ?? "none"}
              className={`flex cursor-pointer items-center gap-2 rounded-full border px-3 py-1 text-sm has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-brand-300 ${
                stance === option
                  ? "border-brand-500 bg-brand-50 text-brand-800"
                  : "border-slate-300 bg-white text-slate-700"
              }`}
            >
              <input
                type="radio"
                name={`${idPrefix}-stance`}
                value={option ?? ""}
                checked={stance === option}
                onChange={() => setStance(option)}
                className="sr-only"
              />
              {option ? <span className={`size-2 rounded-full ${stanceColor[option]}`} aria-hidden /> : null}
              {option ? t(`stances.${option}`) : t("topic.noStance")}
            </label>
          ))}
        </div>
        <p
          id={`${idPrefix}-stance-note`}
          className={fieldError("stance") ? "mt-1 text-sm text-red-700" : "mt-1 text-xs text-slate-500"}
        >
          {fieldError("stance") ?? t(stanceRequired ? "topic.stanceHint" : "topic.replyStanceHint")}
        </p>
      </fieldset>
      {stance === "amendment" ? (
        <div className="grid gap-3 rounded-md border border-violet-200 bg-violet-50/50 p-3">
          <Field label={t("topic.measure")} htmlFor={`${idPrefix}-measure`} error={fieldError("measure")}>
            <SelectInput
              id={`${idPrefix}-measure`}
              value={measureId}
              onChange={(e) => setMeasureId(e.target.value ? Number(e.target.value) : "")}
            >
              <option value="">{t("topic.chooseMeasure")}</option>
              {measures.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.code} {m.title}
                </option>
              ))}
            </SelectInput>
          </Field>
          <Field label={t("topic.proposedText")} htmlFor={`${idPrefix}-proposed`} error={fieldError("proposed")}>
            <TextArea
              id={`${idPrefix}-proposed`}
              rows={3}
              value={proposedText}
              maxLength={limits.amendmentTextMax}
              invalid={!!fieldError("proposed")}
              onChange={(e) => setProposedText(e.target.value)}
            />
          </Field>
        </div>
      ) : null}
      <Field
        label={bodyLabel}
        htmlFor={`${idPrefix}-body`}
        hint={`${t("forums.markdownHint")} ${t("topic.chars", { count: body.length, max: limits.commentBodyMax })}`}
        error={fieldError("body")}
      >
        <MentionTextArea
          id={`${idPrefix}-body`}
          rows={4}
          value={body}
          invalid={!!fieldError("body")}
          onChange={setBody}
        />
      </Field>
      <div className="flex gap-2">
        <Button type="submit" busy={busy}>
          {submitLabel}
        </Button>
        {onCancel ? (
          <Button type="button" variant="ghost" onClick={onCancel}>
            {t("topic.cancel")}
          </Button>
        ) : null}
      </div>
    </form>
  );
}

"use client";
import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useId, useState, type FormEvent } from "react";
import {
  reportReasons,
  type ModerationTargetKind,
  type ReportReason,
} from "@/server/features/moderation/rules/moderation";
import { Button } from "@/app/components/ui/button";
import { Alert } from "@/app/components/ui/card";
import { Field, SelectInput } from "@/app/components/ui/field";
import { TextArea } from "@/app/components/ui/text-area";
import { errorData } from "@/app/lib/errors";
import { useTRPC } from "@/app/lib/trpc";
import { describeModerationError } from "./errors";

/** The report's form, opened by ReportButton: a reason and a note; then the reporter is told it was received. */
export function ReportForm({
  targetKind,
  targetId,
  onCancel,
}: {
  targetKind: ModerationTargetKind;
  targetId: number;
  onCancel: () => void;
}) {
  const t = useTranslations("moderation");
  const tErrors = useTranslations("errors");
  const trpc = useTRPC();
  const id = useId();
  const [reason, setReason] = useState<ReportReason>("abusive");
  const [note, setNote] = useState("");
  const report = useMutation(trpc.moderation.report.mutationOptions());
  const already = errorData(report.error)?.reason === "ALREADY_REPORTED";

  function submit(event: FormEvent) {
    event.preventDefault();
    report.mutate({ targetKind, targetId, reason, note });
  }

  if (report.isSuccess || already) {
    return (
      <p role="status" className="text-xs text-emerald-700" data-testid="report-received">
        {already ? t("report.already") : t("report.received")}{" "}
        <a href="/moderation/my-reports" className="underline">
          {t("report.myReports")}
        </a>
      </p>
    );
  }
  return (
    <form
      onSubmit={submit}
      className="mt-2 w-full space-y-3 rounded-md border border-slate-200 bg-slate-50 p-3"
      aria-label={t("report.title", { kind: t(`kinds.${targetKind}`) })}
      data-testid="report-form"
    >
      <p className="text-sm font-medium">{t("report.title", { kind: t(`kinds.${targetKind}`) })}</p>
      {report.error ? <Alert>{describeModerationError(report.error, t, tErrors)}</Alert> : null}
      <Field label={t("report.reason")} htmlFor={`${id}-reason`}>
        <SelectInput
          id={`${id}-reason`}
          value={reason}
          onChange={(e) => setReason(e.target.value as ReportReason)}
          data-testid="report-reason"
        >
          {reportReasons.map((r) => (
            <option key={r} value={r}>
              {t(`reasons.${r}`)}
            </option>
          ))}
        </SelectInput>
      </Field>
      <Field label={t("report.note")} htmlFor={`${id}-note`}>
        <TextArea
          id={`${id}-note`}
          rows={2}
          maxLength={1000}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          data-testid="report-note"
        />
      </Field>
      <div className="flex gap-2">
        <Button type="submit" size="sm" busy={report.isPending} data-testid="report-submit">
          {t("report.submit")}
        </Button>
        <Button type="button" variant="ghost" size="sm" onClick={onCancel}>
          {t("cancel")}
        </Button>
      </div>
    </form>
  );
}

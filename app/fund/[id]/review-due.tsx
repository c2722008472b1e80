"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { Button } from "../../components/ui/button";
import { useServerErrors } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";
import type { CallData } from "./call-data";

/** The review due day; the fund's managers set or move it until the call is awarded. */
export function ReviewDue({ call }: { call: CallData }) {
  const t = useTranslations("fund");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [day, setDay] = useState(call.reviewDueOn ?? "");
  const save = useMutation(
    trpc.fund.setReviewDue.mutationOptions({
      onSuccess: (result) =>
        queryClient.setQueryData(trpc.fund.get.queryKey({ callId: call.id }), (old) =>
          old ? { ...old, reviewDueOn: result.reviewDueOn } : old,
        ),
    }),
  );
  const errors = useServerErrors(save.error, ["reviewDueOn"]);
  const editable = call.viewer.manager && call.status !== "awarded" && call.status !== "closed";
  const line = (
    <span data-testid="review-due">
      {call.reviewDueOn ? t("reviewDueLine", { date: call.reviewDueOn }) : t("reviewDueNone")}
    </span>
  );
  if (!editable) return line;
  return (
    <form
      className="flex flex-wrap items-center gap-2"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        save.mutate({ callId: call.id, reviewDueOn: day });
      }}
    >
      {line}
      <label htmlFor="review-due-on" className="sr-only">
        {t("reviewDue")}
      </label>
      <input
        id="review-due-on"
        type="date"
        className="rounded-md border border-slate-300 px-2 py-1 text-sm"
        value={day}
        onChange={(e) => setDay(e.target.value)}
        aria-invalid={errors.at("reviewDueOn") ? true : undefined}
      />
      <Button type="submit" size="sm" variant="secondary" busy={save.isPending}>
        {t("setReviewDue")}
      </Button>
      {(errors.at("reviewDueOn") ?? errors.banner) ? (
        <span className="text-sm text-red-700">{errors.at("reviewDueOn") ?? errors.banner}</span>
      ) : null}
    </form>
  );
}

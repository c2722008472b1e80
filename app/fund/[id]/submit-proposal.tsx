"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { Button } from "../../components/ui/button";
import { Alert, Card } from "../../components/ui/card";
import { Field, SelectInput } from "../../components/ui/field";
import { useServerErrors } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";
import { useYuan } from "@/app/_features/fund/money";

/** A proposer submits one of their projects with one of its benefit-sharing plans. */
export function SubmitProposal({ callId, onSubmitted }: { callId: number; onSubmitted: () => void }) {
  const t = useTranslations("fund.submit");
  const trpc = useTRPC();
  const yuan = useYuan();
  const projects = useQuery(trpc.fund.submittable.queryOptions({ callId }, { retry: false }));
  const [projectId, setProjectId] = useState("");
  const [planId, setPlanId] = useState("");
  const submit = useMutation(
    trpc.fund.submit.mutationOptions({
      onSuccess: () => {
        setProjectId("");
        setPlanId("");
        void projects.refetch();
        onSubmitted();
      },
    }),
  );
  const errors = useServerErrors(submit.error, ["projectId", "planId"]);
  const mine = projects.data ?? [];
  if (projects.isError || mine.length === 0) return null;
  const project = mine.find((p) => String(p.id) === projectId);

  function send(event: FormEvent) {
    event.preventDefault();
    submit.mutate({ callId, projectId: Number(projectId), planId: Number(planId) });
  }

  return (
    <Card>
      <form onSubmit={send} className="space-y-3" data-testid="submit-proposal">
        <h2 className="text-lg font-semibold">{t("heading")}</h2>
        <p className="text-sm text-slate-600">{t("hint")}</p>
        <div className="grid gap-3 sm:grid-cols-2">
          <Field label={t("project")} htmlFor="submit-project" error={errors.at("projectId")}>
            <SelectInput
              id="submit-project"
              value={projectId}
              onChange={(e) => {
                setProjectId(e.target.value);
                const next = mine.find((p) => String(p.id) === e.target.value);
                setPlanId(next?.plans[0] ? String(next.plans[0].id) : "");
              }}
            >
              <option value="">{t("choose")}</option>
              {mine.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.title} · {yuan(p.budgetYuan)}
                </option>
              ))}
            </SelectInput>
          </Field>
          <Field label={t("plan")} htmlFor="submit-plan" error={errors.at("planId")}>
            <SelectInput id="submit-plan" value={planId} onChange={(e) => setPlanId(e.target.value)}>
              {(project?.plans ?? []).map((plan, i) => (
                <option key={plan.id} value={plan.id}>
                  {t("planOption", { number: i + 1, rationale: plan.rationale.slice(0, 60) })}
                </option>
              ))}
            </SelectInput>
          </Field>
        </div>
        {errors.banner ? <Alert>{errors.banner}</Alert> : null}
        <Button type="submit" busy={submit.isPending} disabled={!projectId || !planId}>
          {t("send")}
        </Button>
      </form>
    </Card>
  );
}

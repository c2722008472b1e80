"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { Button } from "../../components/ui/button";
import { Alert } from "../../components/ui/card";
import { describeError } from "../../lib/errors";
import { withPlans } from "../../lib/live/project-ballots";
import { useTRPC } from "../../lib/trpc";
import type { RegionInfo } from "./project-regions";
import { checkDraft, draftOf, emptyDraft, PlanFields, type PlanDraft } from "./plan-fields";

export function ProposePlanForm({ projectId, regions }: { projectId: number; regions: readonly RegionInfo[] }) {
  const t = useTranslations("ballots.form");
  const tErrors = useTranslations("errors");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<PlanDraft>(() => emptyDraft(regions));
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [loadingStart, setLoadingStart] = useState(false);
  const propose = useMutation(
    trpc.ballots.plans.propose.mutationOptions({
      onSuccess: ({ plan }) => {
        setDraft(emptyDraft(regions));
        setDone(true);
        // The plan as its event carries it: in the list at once, the event then changes nothing.
        queryClient.setQueryData(trpc.ballots.plans.list.queryKey({ projectId }), (plans) =>
          plans ? withPlans(plans, [plan]) : plans,
        );
      },
    }),
  );

  async function fillStartingPlan() {
    setLoadingStart(true);
    setProblem(null);
    try {
      const start = await queryClient.fetchQuery(trpc.ballots.plans.startingPlan.queryOptions({ projectId }));
      // The server's rationale is English only; the reader gets the same sentence in their language.
      setDraft((current) => ({
        ...draftOf({
          shares: start.shares,
          rationale: current.rationale.trim() ? current.rationale : t("startingRationale"),
        }),
        terms: current.terms,
      }));
    } catch (error) {
      setProblem(describeError(error, tErrors));
    } finally {
      setLoadingStart(false);
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    setDone(false);
    const checked = checkDraft(draft, regions);
    if ("problem" in checked) return setProblem(t(checked.problem));
    setProblem(null);
    propose.mutate({ projectId, ...checked.plan });
  }

  return (
    <form onSubmit={submit} className="space-y-4" noValidate data-testid="plan-form">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 className="font-semibold">{t("heading")}</h3>
        <Button type="button" variant="secondary" size="sm" busy={loadingStart} onClick={() => void fillStartingPlan()}>
          {t("useStarting")}
        </Button>
      </div>
      <PlanFields idPrefix="plan" regions={regions} draft={draft} onChange={setDraft} />
      {problem ? <Alert>{problem}</Alert> : null}
      {propose.error ? <Alert>{describeError(propose.error, tErrors)}</Alert> : null}
      {done ? <Alert tone="success">{t("proposed")}</Alert> : null}
      <Button type="submit" busy={propose.isPending}>
        {t("submit")}
      </Button>
    </form>
  );
}

"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import type { Role } from "@/shared/vocabulary";
import { Alert, Card, EmptyState, Skeleton } from "../../components/ui/card";
import { describeError } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc";
import { PlanSharesChart, type PlanView, type RegionInfo } from "./ballot-bits";
import { BallotSettingsForm } from "./ballot-settings-form";
import { ProposePlanForm } from "./plan-form";
import type { Project } from "../projects/project";
import { useConfirm } from "../../components/ui/confirm-dialog";

/** Plans side by side: each a card with its cost and benefit split, so differences show at a glance. */
export function PlanCards({ plans, regions }: { plans: readonly PlanView[]; regions: readonly RegionInfo[] }) {
  const t = useTranslations("ballots.plans");
  const format = useFormatter();
  return (
    <ol className="grid gap-4 md:grid-cols-2" data-testid="plan-cards">
      {plans.map((plan, index) => (
        <li key={plan.id} className="min-w-0 rounded-md border border-slate-200 p-4">
          <h3 className="font-semibold">{t("name", { number: index + 1 })}</h3>
          <p className="mt-0.5 text-xs text-slate-500">
            {plan.author ? t("by", { name: plan.author.displayName }) : null} · {format.dateTime(plan.createdAt, { dateStyle: "medium", timeStyle: "short" })}
          </p>
          <div className="mt-3">
            <PlanSharesChart plan={plan} regions={regions} caption={t("chartCaption", { number: index + 1 })} />
          </div>
          <p className="mt-3 whitespace-pre-line text-sm text-slate-700">{plan.rationale}</p>
          {plan.terms ? (
            <details className="mt-2 text-sm text-slate-600">
              <summary className="cursor-pointer text-brand-700">{t("terms")}</summary>
              <p className="mt-1 whitespace-pre-line">{plan.terms}</p>
            </details>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

/** While the project is submitted: the plans proposed so far, a form to add one, and opening the vote. */
export function BenefitPlans({ project, regions, viewer, onChanged }: { project: Project; regions: readonly RegionInfo[]; viewer: { id: number; role: Role } | null; onChanged: () => void }) {
  const confirm = useConfirm();
  const t = useTranslations("ballots");
  const tErrors = useTranslations("errors");
  const trpc = useTRPC();
  const plans = useQuery(trpc.ballots.plans.list.queryOptions({ projectId: project.id }));
  const open = useMutation(trpc.ballots.open.mutationOptions({ onSuccess: () => onChanged() }));
  const pending = (plans.data ?? []).filter((p) => p.ballotId === null);
  const isBody = viewer?.role === "member" || viewer?.role === "admin";
  const mayPropose = isBody || project.viewer.isProposer || project.viewer.coauthorStatus === "accepted";

  return (
    <Card>
      <div data-testid="benefit-plans" className="space-y-5">
        <div>
          <h2 className="text-lg font-semibold">{t("plans.heading")}</h2>
          <p className="mt-1 text-sm text-slate-600">{t("plans.intro")}</p>
        </div>
        {plans.isPending ? <Skeleton /> : plans.error ? <Alert>{describeError(plans.error, tErrors)}</Alert> : pending.length === 0 ? <EmptyState title={t("plans.empty")}>{t("plans.emptyHint")}</EmptyState> : <PlanCards plans={pending} regions={regions} />}
        {mayPropose ? (
          <div className="border-t border-slate-200 pt-5">
            <ProposePlanForm projectId={project.id} regions={regions} onProposed={onChanged} />
          </div>
        ) : null}
        {isBody ? (
          <div className="border-t border-slate-200 pt-5" data-testid="open-ballot">
            <BallotSettingsForm
              idPrefix="open"
              submitLabel={t("open.submit")}
              busy={open.isPending}
              error={open.error ? describeError(open.error, tErrors) : null}
              onSubmit={async (settings) => {
                if (await confirm({ message: t("open.confirm", { count: pending.length }) })) open.mutate({ projectId: project.id, ...settings });
              }}
            >
              <h3 className="font-semibold">{t("open.heading")}</h3>
              <p className="text-sm text-slate-600">{t("open.intro")}</p>
            </BallotSettingsForm>
          </div>
        ) : null}
      </div>
    </Card>
  );
}

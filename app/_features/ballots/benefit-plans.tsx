"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import type { Role } from "@/shared/vocabulary";
import { Button } from "../../components/ui/button";
import { Alert, Card, EmptyState, Skeleton } from "../../components/ui/card";
import { describeError } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc";
import { PlanSharesChart } from "./ballot-bits";
import type { PlanView } from "./ballot-views";
import { regionNameOf, type RegionInfo } from "./project-regions";
import { BallotSettingsForm } from "./ballot-settings-form";
import { ProposePlanForm } from "./plan-form";
import type { Project, ProjectPageActions } from "../projects/project";
import { useConfirm } from "../../components/ui/confirm-dialog";
import { newerOpening } from "../../lib/live/ballot-opening";

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
            {plan.author ? t("by", { name: plan.author.displayName }) : null} ·{" "}
            {format.dateTime(plan.createdAt, { dateStyle: "medium", timeStyle: "short" })}
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
export function BenefitPlans({
  project,
  regions,
  viewer,
  actions,
}: {
  project: Project;
  regions: readonly RegionInfo[];
  viewer: { id: number; role: Role } | null;
  actions: ProjectPageActions;
}) {
  const confirm = useConfirm();
  const t = useTranslations("ballots");
  const tErrors = useTranslations("errors");
  const trpc = useTRPC();
  const plans = useQuery(trpc.ballots.plans.list.queryOptions({ projectId: project.id }));
  // The answer is the project in voting as the chair now sees it; the new round's row and plans come
  // on the project's stream (and the ballots list is first read once the page shows the vote).
  const open = useMutation(
    trpc.ballots.open.mutationOptions({
      onMutate: () => actions.started(),
      onSuccess: (opened) => actions.settled(opened.page),
      onError: () => actions.settled(),
    }),
  );
  const opening = useQuery(trpc.ballots.opening.queryOptions({ projectId: project.id }));
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
        {plans.isPending ? (
          <Skeleton />
        ) : plans.error ? (
          <Alert>{describeError(plans.error, tErrors)}</Alert>
        ) : pending.length === 0 ? (
          <EmptyState title={t("plans.empty")}>{t("plans.emptyHint")}</EmptyState>
        ) : (
          <PlanCards plans={pending} regions={regions} />
        )}
        {mayPropose ? (
          <div className="border-t border-slate-200 pt-5">
            <ProposePlanForm projectId={project.id} regions={regions} />
          </div>
        ) : null}
        <SimpleMajorityConsents projectId={project.id} regions={regions} />
        {isBody && opening.data && !opening.data.mayChair ? (
          <p className="border-t border-slate-200 pt-5 text-sm text-slate-600" data-testid="open-ballot-chair-only">
            {t("open.chairOnly")}
          </p>
        ) : null}
        {opening.data?.mayChair ? (
          <div className="border-t border-slate-200 pt-5" data-testid="open-ballot">
            <BallotSettingsForm
              idPrefix="open"
              submitLabel={t("open.submit")}
              busy={open.isPending}
              failure={open.error}
              onSubmit={async (settings) => {
                if (await confirm({ message: t("open.confirm", { count: pending.length }) }))
                  open.mutate({ projectId: project.id, ...settings });
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

/**
 * Each region's consent to decide by simple majority although plans change cost shares
 * (ballot-governance.ts); a member of a participating region gives or withdraws their region's.
 */
function SimpleMajorityConsents({ projectId, regions }: { projectId: number; regions: readonly RegionInfo[] }) {
  const t = useTranslations("ballots.open");
  const tErrors = useTranslations("errors");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const opening = useQuery(trpc.ballots.opening.queryOptions({ projectId }));
  const consent = useMutation(
    trpc.ballots.consent.mutationOptions({
      // The answer is the panel read after the commit, with the stream's head: set, not read again.
      onSuccess: (read) =>
        queryClient.setQueryData(trpc.ballots.opening.queryKey({ projectId }), (held) => newerOpening(held, read)),
    }),
  );
  if (opening.isPending) return <Skeleton />;
  if (opening.error) return <Alert>{describeError(opening.error, tErrors)}</Alert>;
  const { consents, consentRegionId } = opening.data;
  const mine = consentRegionId === null ? null : consents.find((c) => c.regionId === consentRegionId);
  const mineName = consentRegionId === null ? "" : regionNameOf(regions, consentRegionId);
  return (
    <section
      className="space-y-2 border-t border-slate-200 pt-5"
      data-testid="simple-majority-consents"
      aria-labelledby="consent-heading"
    >
      <h3 id="consent-heading" className="font-semibold">
        {t("consentHeading")}
      </h3>
      <p className="text-sm text-slate-600">{t("consentIntro")}</p>
      <ul className="space-y-0.5 text-sm text-slate-700">
        {regions.map((region) => {
          const given = consents.find((c) => c.regionId === region.id);
          return (
            <li key={region.id} data-testid={`consent-${region.id}`}>
              {given
                ? t("consentGiven", { region: regionNameOf(regions, region.id), name: given.by.displayName })
                : t("consentMissing", { region: regionNameOf(regions, region.id) })}
            </li>
          );
        })}
      </ul>
      {consentRegionId !== null ? (
        <Button
          variant={mine ? "ghost" : "secondary"}
          size="sm"
          busy={consent.isPending}
          onClick={() => consent.mutate({ projectId, consent: !mine })}
        >
          {mine ? t("consentWithdraw", { region: mineName }) : t("consentGive", { region: mineName })}
        </Button>
      ) : null}
      {consent.error ? <Alert>{describeError(consent.error, tErrors)}</Alert> : null}
    </section>
  );
}

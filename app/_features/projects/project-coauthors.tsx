"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { Button } from "../../components/ui/button";
import { Alert, Badge, Card } from "../../components/ui/card";
import { SelectInput } from "../../components/ui/field";
import { describeError } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc";
import { useListJoin, useRegionName } from "./locale-format";
import type { Project, ProjectPageActions } from "./project";

const tones = { invited: "amber", accepted: "green", declined: "slate" } as const;

export function ProjectCoauthors({ project, actions }: { project: Project; actions: ProjectPageActions }) {
  const t = useTranslations("projects.coauthors");
  const tErrors = useTranslations("errors");
  const trpc = useTRPC();
  const regionName = useRegionName();
  const join = useListJoin();
  // The answer is the page as the invitee now sees it (null once a declined draft is closed to them).
  const respond = useMutation(
    trpc.projects.respondToInvitation.mutationOptions({
      onMutate: () => actions.started(),
      onSuccess: (answered) => actions.settled(answered.page),
      onError: () => actions.settled(),
    }),
  );

  return (
    <Card>
      <h2 className="font-semibold">{t("heading")}</h2>
      {project.coauthors.length === 0 ? (
        <p className="mt-2 text-sm text-slate-500">{t("none")}</p>
      ) : (
        <ul className="mt-3 space-y-2" data-testid="coauthors">
          {project.coauthors.map((c) => (
            <li key={c.account.id} className="flex items-center justify-between gap-2 text-sm">
              <span>
                <span className="font-medium text-slate-800">{c.account.displayName}</span>
                <span className="text-slate-500"> · {regionName(c.region)}</span>
              </span>
              <Badge tone={tones[c.status]}>{t(`statuses.${c.status}`)}</Badge>
            </li>
          ))}
        </ul>
      )}
      <p className="mt-3 text-xs text-slate-600" data-testid="missing-partners">
        {project.missingPartnerRegions.length > 0
          ? t("missing", { regions: join(project.missingPartnerRegions.map(regionName)) })
          : t("ready")}
      </p>
      {project.viewer.coauthorStatus === "invited" && (project.status === "draft" || project.status === "submitted") ? (
        <div className="mt-4 space-y-2 rounded-md border border-brand-200 bg-brand-50 p-3">
          <p className="text-sm text-brand-800">{t("invitedYou")}</p>
          <div className="flex gap-2">
            <Button
              size="sm"
              busy={respond.isPending && respond.variables.response === "accept"}
              disabled={respond.isPending}
              onClick={() => respond.mutate({ projectId: project.id, response: "accept" })}
            >
              {t("accept")}
            </Button>
            <Button
              size="sm"
              variant="secondary"
              busy={respond.isPending && respond.variables.response === "decline"}
              disabled={respond.isPending}
              onClick={() => respond.mutate({ projectId: project.id, response: "decline" })}
            >
              {t("decline")}
            </Button>
          </div>
          {respond.error ? <Alert>{describeError(respond.error, tErrors)}</Alert> : null}
        </div>
      ) : null}
      {project.viewer.canInvite ? <InviteCoauthor projectId={project.id} actions={actions} /> : null}
    </Card>
  );
}

function InviteCoauthor({ projectId, actions }: { projectId: number; actions: ProjectPageActions }) {
  const t = useTranslations("projects.coauthors");
  const tErrors = useTranslations("errors");
  const trpc = useTRPC();
  const regionName = useRegionName();
  const [accountId, setAccountId] = useState("");
  const candidates = useQuery(trpc.projects.coauthorCandidates.queryOptions({ projectId, q: "" }));
  const invite = useMutation(
    trpc.projects.inviteCoauthor.mutationOptions({
      onMutate: () => actions.started(),
      onSuccess: (invited) => {
        setAccountId("");
        void candidates.refetch();
        actions.settled(invited.page);
      },
      onError: () => actions.settled(),
    }),
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    if (accountId) invite.mutate({ projectId, accountId: Number(accountId) });
  }

  return (
    <form onSubmit={submit} className="mt-4 space-y-2 border-t border-slate-100 pt-4">
      <h3 className="text-sm font-medium text-slate-700">{t("invite")}</h3>
      {candidates.error ? (
        <Alert>{describeError(candidates.error, tErrors)}</Alert>
      ) : candidates.data && candidates.data.length === 0 ? (
        <p className="text-xs text-slate-500">{t("noCandidates")}</p>
      ) : (
        <>
          <label className="sr-only" htmlFor="coauthor-candidate">
            {t("candidate")}
          </label>
          <SelectInput id="coauthor-candidate" value={accountId} onChange={(e) => setAccountId(e.target.value)}>
            <option value="">{t("chooseCandidate")}</option>
            {(candidates.data ?? []).map((c) => (
              <option key={c.id} value={c.id}>
                {c.displayName} · {regionName(c.region)}
              </option>
            ))}
          </SelectInput>
          <Button type="submit" size="sm" busy={invite.isPending} disabled={!accountId}>
            {t("send")}
          </Button>
        </>
      )}
      {invite.error ? <Alert>{describeError(invite.error, tErrors)}</Alert> : null}
    </form>
  );
}

"use client";
import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import type { ProjectAction } from "@/server/features/projects/rules/project-lifecycle";
import { Button } from "../../components/ui/button";
import { Alert, Card } from "../../components/ui/card";
import { describeError } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc";
import type { Project, ProjectPageActions } from "./project";
import { useConfirm } from "../../components/ui/confirm-dialog";
import { useHydrated } from "../../components/ui/until-hydrated";

// Voting opens with a ballot (see benefit-plans.tsx), never as a bare status change.
type OfferedAction = Extract<ProjectAction, "submit" | "withdraw" | "archive">;
const offered: OfferedAction[] = ["submit", "withdraw", "archive"];

export function ProjectActions({ project, actions: page }: { project: Project; actions: ProjectPageActions }) {
  const confirm = useConfirm();
  const t = useTranslations("projects.actions");
  const tErrors = useTranslations("errors");
  const trpc = useTRPC();
  const [pending, setPending] = useState<OfferedAction | null>(null);
  const hydrated = useHydrated();
  // The answer is the page in its new status as this reader sees it: set, not read again.
  const options = {
    onMutate: () => page.started(),
    onSuccess: (changed: { page: Project | null }) => page.settled(changed.page),
    onError: () => page.settled(),
    onSettled: () => setPending(null),
  };
  const mutations = {
    submit: useMutation(trpc.projects.submit.mutationOptions(options)),
    withdraw: useMutation(trpc.projects.withdraw.mutationOptions(options)),
    archive: useMutation(trpc.projects.archive.mutationOptions(options)),
  };
  const actions = offered.filter((action) => project.viewer.allowedActions.includes(action));
  if (actions.length === 0) return null;
  const error = offered.map((a) => mutations[a].error).find(Boolean);

  async function run(action: OfferedAction) {
    // Every status change here is one-way, so each asks first.
    if (!(await confirm({ message: t(`confirm.${action}`), confirmLabel: t(action) }))) return;
    setPending(action);
    mutations[action].mutate({ projectId: project.id });
  }

  return (
    <Card>
      <h2 className="font-semibold">{t("heading")}</h2>
      <div className="mt-3 flex flex-wrap gap-2">
        {actions.map((action) => (
          <Button
            key={action}
            variant={action === "withdraw" || action === "archive" ? "danger" : "primary"}
            size="sm"
            busy={pending === action}
            disabled={!hydrated || pending !== null || (action === "submit" && !project.readyToSubmit)}
            onClick={() => run(action)}
          >
            {t(action)}
          </Button>
        ))}
      </div>
      {actions.includes("submit") && !project.readyToSubmit ? (
        <p className="mt-2 text-xs text-slate-500">{t("notReady")}</p>
      ) : null}
      {error ? (
        <div className="mt-3">
          <Alert>{describeError(error, tErrors)}</Alert>
        </div>
      ) : null}
    </Card>
  );
}

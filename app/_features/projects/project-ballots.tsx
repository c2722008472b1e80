"use client";
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import type { Role } from "@/shared/vocabulary";
import { Alert } from "../../components/ui/card";
import { describeError } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc";
import { useProjectRegions } from "../ballots/project-regions";
import { BallotPanel } from "../ballots/ballot-panel";
import { BenefitPlans } from "../ballots/benefit-plans";
import type { Project, ProjectPageActions } from "./project";

/**
 * The benefit-sharing part of a project: plans while it is submitted, then its latest ballot, live
 * while open and as a result once closed. The project page applies its stream's plan and round events to
 * these lists; a ballot's panel follows the ballot's own stream.
 */
export function ProjectBallots({
  project,
  viewer,
  actions,
}: {
  project: Project;
  viewer: { id: number; role: Role } | null;
  actions: ProjectPageActions;
}) {
  const tErrors = useTranslations("errors");
  const trpc = useTRPC();
  const regions = useProjectRegions(project);
  const relevant = project.status !== "draft" && project.status !== "withdrawn";
  const ballots = useQuery({
    ...trpc.ballots.forProject.queryOptions({ projectId: project.id }),
    enabled: relevant && project.status !== "submitted",
  });
  if (!relevant) return null;
  if (project.status === "submitted")
    return <BenefitPlans project={project} regions={regions} viewer={viewer} actions={actions} />;
  if (ballots.error) return <Alert>{describeError(ballots.error, tErrors)}</Alert>;
  const latest = ballots.data?.[0];
  if (!latest) return null;
  return (
    <BallotPanel key={latest.id} ballotId={latest.id} regions={regions} projectVoting={project.status === "voting"} />
  );
}

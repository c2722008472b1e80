"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import dynamic from "next/dynamic";
import { useCallback, useEffect } from "react";
import { Alert, EmptyState, Skeleton } from "../../../components/ui/card";
import { describeError } from "../../../lib/errors";
import { useTRPC } from "../../../lib/trpc";
import { useProjectRegions } from "@/app/_features/ballots/project-regions";
import type { Project } from "@/app/_features/projects/project";

/**
 * The ballot panel (its vote form, tallies and settings: ~13 kB) loads after the page, fetched while the
 * ballot list is read; the page shows a skeleton until both are there, as it did until the list was.
 */
const loadBallotPanel = () => import("@/app/_features/ballots/ballot-panel").then((m) => m.BallotPanel);
const BallotPanel = dynamic(loadBallotPanel, { loading: () => <Skeleton /> });

/** The latest ballot of a project on a page of its own: the result once closed, the live panel before. */
export function ProjectResult({ project }: { project: Project }) {
  const t = useTranslations("ballots.result");
  const tErrors = useTranslations("errors");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const regions = useProjectRegions(project);
  const ballots = useQuery(trpc.ballots.forProject.queryOptions({ projectId: project.id }));
  // A failed fetch here is retried when the panel itself loads.
  useEffect(() => void loadBallotPanel().catch(() => {}), []);
  const refresh = useCallback(
    () => void queryClient.invalidateQueries({ queryKey: trpc.ballots.pathKey() }),
    [queryClient, trpc],
  );
  if (ballots.isPending) return <Skeleton />;
  if (ballots.error) return <Alert>{describeError(ballots.error, tErrors)}</Alert>;
  const latest = ballots.data[0];
  if (!latest) return <EmptyState title={t("none")} />;
  return (
    <BallotPanel
      ballotId={latest.id}
      regions={regions}
      projectVoting={project.status === "voting"}
      onProjectChanged={refresh}
    />
  );
}

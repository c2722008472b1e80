"use client";
import { FollowButton } from "../notifications/follow-button";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import dynamic from "next/dynamic";
import { useCallback, useMemo, useRef } from "react";
import type { Role } from "@/shared/vocabulary";
import { ButtonLink } from "../../components/ui/button";
import { Alert, Badge, Card, Skeleton } from "../../components/ui/card";
import { pick } from "../../lib/localized";
import { useLiveStream } from "../../lib/realtime";
import { useTRPC } from "../../lib/trpc";
import { applyProjectEvent, settleOwnAction } from "../../lib/live/project-view";
import { applyPlansEvent, applyProjectBallotsEvent } from "../../lib/live/project-ballots";
import { applyOpeningEvent } from "../../lib/live/ballot-opening";
import { ReportButton } from "../moderation/report-button";
import { useListJoin, useRegionName, useYuan } from "./locale-format";
import { StatusBadge } from "./status-badge";
import type { Project, ProjectPageActions } from "./project";
import { ProjectActions } from "./project-actions";
import { ProjectCoauthors } from "./project-coauthors";
import { streamKey } from "@/server/domain/stream-access";
import type { LiveEvent } from "@/server/events/contract";

// The ballot, the version history and the discussion load after the project itself: each is its own
// chunk, so the page's first load is the project and its actions (server-rendered either way).
const loading = () => <Skeleton />;
const ProjectBallots = dynamic(() => import("./project-ballots").then((m) => m.ProjectBallots), { loading });
const ProjectVersions = dynamic(() => import("./project-versions").then((m) => m.ProjectVersions), { loading });
const TopicThread = dynamic(() => import("../deliberation/topic-thread").then((m) => m.TopicThread), { loading });

export function ProjectView({ initial, viewer }: { initial: Project; viewer: { id: number; role: Role } | null }) {
  const t = useTranslations("projects");
  const locale = useLocale();
  const format = useFormatter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const tModeration = useTranslations("moderation");
  const yuan = useYuan();
  const regionName = useRegionName();
  const join = useListJoin();
  const projectId = initial.id;
  const stream = streamKey({ kind: "project", id: projectId });
  const query = useQuery({ ...trpc.projects.get.queryOptions({ projectId }), initialData: initial });
  const project = query.data;
  const queryKey = useMemo(() => trpc.projects.get.queryKey({ projectId }), [trpc, projectId]);
  // Reads the page again; resolves to the head the new read came with, for a resync to resume from.
  const refresh = useCallback(async () => {
    void queryClient.invalidateQueries({ queryKey: trpc.projects.versions.queryKey({ projectId }) });
    // Plans and ballots change on the same stream (plan:proposed, ballot:opened, ballot:closed).
    void queryClient.invalidateQueries({ queryKey: trpc.ballots.pathKey() });
    await queryClient.invalidateQueries({ queryKey });
    return queryClient.getQueryData(queryKey)?.headSeq;
  }, [queryClient, trpc, projectId, queryKey]);
  const viewerRole = viewer?.role ?? null;
  // While the reader's own actions are in flight, a read an event asks for (a co-proposer's
  // invitation) waits: the action's answer is read after its commit and usually makes it needless.
  const ownActions = useRef({ inFlight: 0, deferredSeq: 0 });
  const actions = useMemo<ProjectPageActions>(
    () => ({
      started: () => {
        ownActions.current.inFlight += 1;
      },
      settled: (answer) => {
        const own = ownActions.current;
        own.inFlight -= 1;
        const settled = settleOwnAction(queryClient.getQueryData(queryKey), answer, own.deferredSeq);
        if (settled.page) queryClient.setQueryData(queryKey, settled.page);
        own.deferredSeq = settled.staleSince;
        // Still lacking an event's change once nothing is in flight, or the reader may no longer see the
        // project (declined a draft's invitation): read again, and the page shows what it now is.
        const readAgain = answer === null || (own.inFlight === 0 && own.deferredSeq > 0);
        if (own.inFlight === 0) own.deferredSeq = 0;
        if (readAgain) void queryClient.invalidateQueries({ queryKey });
      },
    }),
    [queryClient, queryKey],
  );
  const onEvent = useCallback(
    (event: LiveEvent) => {
      // The plans and ballots panels' lists take a proposed plan and an opened or closed round from the
      // payload (what a ballot panel shows beyond its row it follows on the ballot's own stream).
      if (event.type === "plan:proposed" || event.type === "ballot:opened" || event.type === "ballot:closed") {
        const plansKey = trpc.ballots.plans.list.queryKey({ projectId });
        const ballotsKey = trpc.ballots.forProject.queryKey({ projectId });
        let plansStale = false;
        let ballotsStale = false;
        queryClient.setQueryData(plansKey, (plans) => {
          if (!plans) return plans;
          const applied = applyPlansEvent(plans, event);
          plansStale = applied.refetch;
          return applied.view;
        });
        queryClient.setQueryData(ballotsKey, (ballots) => {
          if (!ballots) return ballots;
          const applied = applyProjectBallotsEvent(ballots, event);
          ballotsStale = applied.refetch;
          return applied.view;
        });
        if (plansStale) void queryClient.invalidateQueries({ queryKey: plansKey });
        if (ballotsStale) void queryClient.invalidateQueries({ queryKey: ballotsKey });
      }
      // The consents to simple majority before the vote (ballots.opening) follow from the same stream.
      const openingKey = trpc.ballots.opening.queryKey({ projectId });
      let openingStale = false;
      queryClient.setQueryData(openingKey, (opening) => {
        if (!opening) return opening;
        const applied = applyOpeningEvent(opening, event);
        openingStale = applied.refetch;
        return applied.view;
      });
      if (openingStale) void queryClient.invalidateQueries({ queryKey: openingKey });
      // An edit or a status change carries the new state; what is per reader is read again (applyProjectEvent).
      let refetch = false;
      let versions = false;
      queryClient.setQueryData(queryKey, (data) => {
        if (!data) return data;
        const applied = applyProjectEvent(data, event, viewerRole);
        refetch = applied.refetch;
        versions = applied.versions;
        return applied.project;
      });
      if (refetch && ownActions.current.inFlight > 0)
        ownActions.current.deferredSeq = Math.max(ownActions.current.deferredSeq, event.seq);
      else if (refetch) void queryClient.invalidateQueries({ queryKey });
      if (versions) void queryClient.invalidateQueries({ queryKey: trpc.projects.versions.queryKey({ projectId }) });
    },
    [queryClient, trpc, projectId, queryKey, viewerRole],
  );
  // From the head the page's read came with (projects.get, readAtStreamHead): no refetch on subscribing.
  useLiveStream(stream, { onEvent, onResync: refresh }, { startSeq: initial.headSeq });

  const recommendations = useQuery({ ...trpc.reference.recommendations.queryOptions(), staleTime: 10 * 60_000 });
  const measures = useMemo(() => {
    const numbers = new Set(project.recommendations.map((r) => r.number));
    return (recommendations.data ?? [])
      .filter((r) => numbers.has(r.number))
      .flatMap((r) => r.measures.map((m) => ({ id: m.id, code: m.code, title: pick(locale, m, "title") })));
  }, [recommendations.data, project.recommendations, locale]);

  const threadViewer = useMemo(
    () => (viewer ? { id: viewer.id, reviews: viewer.role === "moderator" || viewer.role === "admin" } : null),
    [viewer],
  );
  const canPost = project.commentsOpen && viewer !== null && viewer.role !== "moderator";
  const discussionNote =
    project.status === "draft"
      ? t("discussion.closedDraft")
      : !project.commentsOpen
        ? t("discussion.closed")
        : viewer?.role === "moderator"
          ? t("discussion.moderators")
          : null;

  const tAchievements = useTranslations("achievements");
  const isAuthor = project.viewer.isProposer || project.viewer.coauthorStatus === "accepted";
  return (
    <div className="space-y-6">
      {project.hidden ? (
        <Alert tone="info">
          <span data-testid="project-moderation-notice">
            {tModeration(isAuthor ? "hiddenProjectOwn" : "hiddenProject", { reason: project.hiddenReason ?? "—" })}
          </span>
        </Alert>
      ) : null}
      <Card>
        <div className="flex flex-wrap items-center gap-2">
          <StatusBadge status={project.status} />
          {viewer && !isAuthor && !project.hidden && project.status !== "draft" ? (
            <span className="ml-auto">
              <ReportButton targetKind="project" targetId={project.id} />
            </span>
          ) : null}
          <span className="text-xs text-slate-500">{t("version", { version: project.version })}</span>
          {viewer && project.status !== "draft" ? <FollowButton threadId={project.threadId} /> : null}
          {project.viewer.canEdit ? (
            <ButtonLink href={`/projects/${project.id}/edit`} size="sm" variant="secondary">
              {t("edit")}
            </ButtonLink>
          ) : null}
        </div>
        <h1 className="mt-2 text-2xl font-semibold tracking-tight text-slate-900">{project.title}</h1>
        {project.proposer ? (
          <p className="mt-1 text-sm text-slate-600">{t("by", { name: project.proposer.displayName })}</p>
        ) : null}
        <p className="mt-3 text-slate-700">{project.summary}</p>
        <dl className="mt-4 grid gap-x-6 gap-y-3 text-sm sm:grid-cols-2 lg:grid-cols-4">
          <div>
            <dt className="text-slate-500">{t("leadRegion")}</dt>
            <dd className="font-medium text-slate-900">{regionName(project.leadRegion)}</dd>
          </div>
          <div>
            <dt className="text-slate-500">{t("partnerRegions")}</dt>
            <dd className="font-medium text-slate-900">{join(project.partnerRegions.map(regionName))}</dd>
          </div>
          <div>
            <dt className="text-slate-500">{t("budget")}</dt>
            <dd className="font-medium tabular-nums text-slate-900">{yuan(project.budgetYuan)}</dd>
          </div>
          <div>
            <dt className="text-slate-500">{t("duration")}</dt>
            <dd className="font-medium text-slate-900">{t("months", { count: project.durationMonths })}</dd>
          </div>
        </dl>
        <div className="mt-4 space-y-2">
          <h2 className="text-sm font-medium text-slate-500">{t("recommendations")}</h2>
          <ul className="flex flex-wrap gap-2">
            {project.recommendations.map((r) => (
              <li key={r.id}>
                <Badge tone="brand">
                  {r.number}. {pick(locale, r, "title")}
                </Badge>
              </li>
            ))}
          </ul>
        </div>
        {project.tags.length > 0 ? (
          <div className="mt-3 flex flex-wrap items-center gap-2">
            <h2 className="text-sm font-medium text-slate-500">{t("tags")}</h2>
            {project.tags.map((tag) => (
              <Badge key={tag}>{tag}</Badge>
            ))}
          </div>
        ) : null}
        <p className="mt-3 text-xs text-slate-500">
          {t("editedAt", { time: format.dateTime(project.editedAt, { dateStyle: "medium", timeStyle: "short" }) })}
        </p>
      </Card>

      <div className="grid gap-6 lg:grid-cols-[1fr_22rem]">
        <div className="min-w-0 space-y-6">
          <Card>
            <h2 className="text-lg font-semibold">{t("overview")}</h2>
            <div className="markdown mt-3 text-slate-800" dangerouslySetInnerHTML={{ __html: project.bodyHtml }} />
            <h3 className="mt-6 font-semibold">{t("outcomes")}</h3>
            <p className="mt-2 whitespace-pre-line text-slate-800">{project.expectedOutcomes}</p>
            {/* An approved project's proposers publish its outcomes as achievements (issue #21). */}
            {project.status === "approved" && (isAuthor || viewer?.role === "admin") ? (
              <div className="mt-4">
                <ButtonLink variant="secondary" size="sm" href={`/achievements/from-project/${project.id}`}>
                  {tAchievements("fromProject.link")}
                </ButtonLink>
              </div>
            ) : null}
          </Card>
          <ProjectBallots project={project} viewer={viewer} actions={actions} />
          <ProjectVersions projectId={projectId} version={project.version} />
          {discussionNote ? <Alert tone="info">{discussionNote}</Alert> : null}
          {project.status !== "draft" ? (
            <TopicThread
              stream={stream}
              threadId={project.threadId}
              canPost={canPost && !project.hidden}
              canReact={canPost}
              canReport={viewer !== null}
              viewer={threadViewer}
              measures={measures}
            />
          ) : null}
        </div>
        <aside className="space-y-6">
          <ProjectActions project={project} actions={actions} />
          <ProjectCoauthors project={project} actions={actions} />
        </aside>
      </div>
    </div>
  );
}

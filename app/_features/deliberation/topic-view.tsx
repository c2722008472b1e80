"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { useCallback, useMemo, type ReactNode } from "react";
import type { Role } from "@/shared/vocabulary";
import { Alert, Card } from "../../components/ui/card";
import { pick } from "../../lib/localized";
import { useLiveStream } from "../../lib/realtime";
import type { RouterOutputs } from "../../lib/router-types";
import { useTRPC } from "../../lib/trpc";
import { useInOrder } from "../../lib/use-in-order";
import { ModeratorToolsSection } from "../moderation/moderator-tools-section";
import { ReportButton } from "../moderation/report-button";
import { RoundListSection } from "../opinions/round-list-section";
import { TopicThread } from "./topic-thread";
import { streamKey } from "@/server/domain/stream-access";
import type { LiveEvent } from "@/server/events/contract";

type Topic = RouterOutputs["topics"]["byId"];

const loadTopicPageReducer = () => import("../../lib/live/topic-page");

/**
 * A topic's page. Moderation on the topic's stream (hidden, restored, locked, moved) is applied to the
 * topic as read (applyTopicPageEvent), so the notice, the text, the forum and who may post follow it
 * without reading the page again; only a gap or a resync reads the topic again.
 */
export function TopicView({
  initial,
  viewer,
  byline,
  signInNote,
}: {
  initial: Topic;
  viewer: { id: number; role: Role } | null;
  /** Who wrote it, where and when, and the follow button: moderation changes none of it, so the server draws it. */
  byline: ReactNode;
  /** For a signed-out reader: how to take part (drawn by the server too). */
  signInNote: ReactNode;
}) {
  const t = useTranslations();
  const locale = useLocale();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const topicId = initial.id;
  const stream = streamKey({ kind: "topic", id: topicId });
  const queryKey = useMemo(() => trpc.topics.byId.queryKey({ topicId }), [trpc, topicId]);
  const topic = useQuery({ ...trpc.topics.byId.queryOptions({ topicId }), initialData: initial }).data;
  const refresh = useCallback(async () => {
    await queryClient.invalidateQueries({ queryKey });
    return queryClient.getQueryData(queryKey)?.headSeq;
  }, [queryClient, queryKey]);
  // The reducer's code loads after the page (moderation events are rare; the page's first load is at
  // its budget); events wait for it in order, each applied once it is there.
  const inOrder = useInOrder(loadTopicPageReducer, refresh);
  const onEvent = useCallback(
    (event: LiveEvent) =>
      inOrder(({ applyTopicPageEvent }) => {
        let refetch = false;
        queryClient.setQueryData(queryKey, (data) => {
          if (!data) return data;
          const applied = applyTopicPageEvent(data, event, viewer);
          refetch = applied.refetch;
          return applied.view;
        });
        if (refetch) void refresh();
      }),
    [inOrder, queryClient, queryKey, viewer, refresh],
  );
  // From the head topics.byId read with the topic: nothing between the read and the subscription is lost.
  useLiveStream(stream, { onEvent, onResync: refresh }, { startSeq: initial.headSeq });

  const isAuthor = viewer?.id === topic.author.id;
  const closed = topic.forum.archivedAt ? t("forums.archived") : topic.lockedAt ? t("topic.locked") : null;
  const canPost = viewer !== null && viewer.role !== "moderator" && closed === null && topic.state === "visible";
  const hiddenNotice =
    topic.state === "hidden"
      ? t(isAuthor ? "moderation.hiddenTopicOwn" : "moderation.hiddenTopic", { reason: topic.hiddenReason ?? "—" })
      : topic.state === "held"
        ? t("moderation.heldTopic")
        : null;
  const threadViewer = useMemo(
    () => (viewer ? { id: viewer.id, reviews: viewer.role === "moderator" || viewer.role === "admin" } : null),
    [viewer],
  );

  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <Link href={`/forums/${topic.forum.slug}`} className="text-sm text-brand-700 hover:underline">
        ← {t("topic.back", { forum: pick(locale, topic.forum, "title") })}
      </Link>
      {hiddenNotice ? (
        <Alert tone="info">
          <span data-testid="topic-moderation-notice">{hiddenNotice}</span>
        </Alert>
      ) : null}
      <Card>
        <h1 className="text-2xl font-semibold">{topic.title || t("moderation.states.hidden")}</h1>
        {byline}
        <div className="markdown mt-4 text-slate-800" dangerouslySetInnerHTML={{ __html: topic.bodyHtml }} />
        {viewer && !isAuthor && topic.state === "visible" ? (
          <div className="mt-3 flex justify-end">
            <ReportButton targetKind="topic" targetId={topic.id} />
          </div>
        ) : null}
      </Card>
      {viewer && (viewer.role === "moderator" || viewer.role === "admin") && !isAuthor ? (
        <ModeratorToolsSection
          topicId={topic.id}
          threadId={topic.threadId}
          forumId={topic.forum.id}
          locked={topic.lockedAt !== null}
          state={topic.state}
        />
      ) : null}
      <RoundListSection
        topicId={topic.id}
        canOpen={viewer !== null && viewer.role !== "researcher" && closed === null}
      />
      {closed ? <Alert tone="info">{closed}</Alert> : null}
      {signInNote}
      <TopicThread
        stream={stream}
        threadId={topic.threadId}
        canPost={canPost}
        canReact={viewer !== null && closed === null}
        canReport={viewer !== null}
        viewer={threadViewer}
        measures={topic.measures.map((m) => ({ id: m.id, code: m.code, title: pick(locale, m, "title") }))}
      />
    </div>
  );
}

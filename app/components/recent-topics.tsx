"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { useRelativeTime } from "@/app/lib/use-relative-time";
import { useCallback, useMemo } from "react";
import { describeError } from "../lib/errors";
import { pick } from "../lib/localized";
import { useLiveStream } from "../lib/realtime";
import { useTRPC } from "../lib/trpc";
import { applyRecentTopicsEvent, recentTopicFromEvent } from "../lib/live/recent-topics";
import type { LiveEvent } from "@/server/events/contract";
import { Alert, EmptyState, Skeleton } from "./ui/card";
import { streamKey } from "@/server/domain/stream-access";

const limit = 6;

/** Dashboard list of the latest discussions, kept current by its forums' events. */
export function RecentTopics({ forumIds }: { forumIds: number[] }) {
  const t = useTranslations();
  const tErrors = useTranslations("errors");
  const relativeTime = useRelativeTime();
  const locale = useLocale();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const recent = useQuery(trpc.topics.recent.queryOptions({ limit }));
  const queryKey = useMemo(() => trpc.topics.recent.queryKey({ limit }), [trpc]);
  // After a resync each forum resumes from its head in what was read again.
  const refresh = useCallback(
    async (forumId: number) => {
      await queryClient.invalidateQueries({ queryKey });
      return queryClient.getQueryData(queryKey)?.heads[streamKey({ kind: "forum", id: forumId })];
    },
    [queryClient, queryKey],
  );
  // Each event's topic row is applied in place; only a place a topic left is read again.
  const apply = useCallback(
    (event: LiveEvent) => {
      let refetch = false;
      queryClient.setQueryData(queryKey, (data) => {
        if (!data) return data;
        const applied = applyRecentTopicsEvent(data.items, event, limit, recentTopicFromEvent);
        refetch = applied.refetch;
        return applied.items === data.items ? data : { ...data, items: applied.items };
      });
      if (refetch) void queryClient.invalidateQueries({ queryKey });
    },
    [queryClient, queryKey],
  );
  // Each forum is followed from its head in the first read (one snapshot with the list), once it has
  // loaded: nothing between the read and the subscriptions is lost, and subscribing reads nothing again.
  const heads = recent.data?.heads;
  return (
    <>
      {heads
        ? forumIds.map((id) => (
            <ForumWatcher
              key={id}
              forumId={id}
              startSeq={heads[streamKey({ kind: "forum", id })]}
              onEvent={apply}
              onResync={refresh}
            />
          ))
        : null}
      {recent.isPending ? (
        <Skeleton lines={4} />
      ) : recent.error ? (
        <Alert>{describeError(recent.error, tErrors)}</Alert>
      ) : recent.data.items.length === 0 ? (
        <EmptyState title={t("home.recentEmpty")}>{t("home.recentHint")}</EmptyState>
      ) : (
        <ul
          className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white"
          data-testid="recent-topics"
        >
          {recent.data.items.map((topic) => (
            <li key={topic.id} className="px-4 py-3">
              <Link href={`/topics/${topic.id}`} className="font-medium text-slate-900 hover:text-brand-700">
                {topic.title}
              </Link>
              <p className="mt-1 flex flex-wrap gap-x-3 text-xs text-slate-500">
                <span>{pick(locale, topic.forum, "title")}</span>
                <span>
                  {t("forums.by", { name: topic.author.displayName, region: pick(locale, topic.region, "name") })}
                </span>
                <span>{t("forums.comments", { count: topic.commentCount })}</span>
                <span>{t("forums.active", { time: relativeTime(topic.lastActivityAt) })}</span>
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function ForumWatcher({
  forumId,
  startSeq,
  onEvent,
  onResync,
}: {
  forumId: number;
  startSeq: number | undefined;
  onEvent: (event: LiveEvent) => void;
  onResync: (forumId: number) => Promise<number | undefined>;
}) {
  useLiveStream(
    streamKey({ kind: "forum", id: forumId }),
    { onEvent, onResync: () => onResync(forumId) },
    { startSeq },
  );
  return null;
}

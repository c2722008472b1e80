"use client";
import { useQuery, useQueryClient, type InfiniteData, type UseQueryResult } from "@tanstack/react-query";
import type { TRPCClientErrorLike } from "@trpc/client";
import { useTranslations } from "next-intl";
import { useCallback, useMemo } from "react";
import { stances } from "@/shared/vocabulary";
import { stanceColor } from "../../components/stance-colors";
import { Alert, Card, EmptyState, Skeleton } from "../../components/ui/card";
import { StackedBars } from "../../components/charts/stacked-bars";
import { describeError } from "../../lib/errors";
import { useLiveStream, usePresence } from "../../lib/realtime";
import { useTRPC } from "../../lib/trpc";
import type { RouterOutputs } from "../../lib/router-types";
import {
  applyStancePictureEvent,
  applyTopicListEvent,
  listedTopicFromEvent,
  type TopicListFilter,
} from "../../lib/live/forum-view";
import type { LiveEvent } from "@/server/events/contract";
import type { AppRouter } from "@/server/trpc/root";
import { useRegions } from "../../lib/use-regions";
import { NewTopicForm } from "./new-topic-form";
import { TopicList, useTopicList } from "./topic-list";
import { streamKey } from "@/server/domain/stream-access";

type TopicListData = InfiniteData<RouterOutputs["topics"]["list"]>;
type StancePictureData = RouterOutputs["forums"]["stancePicture"];

export function ForumLive({
  forumId,
  canPost,
  postHint,
}: {
  forumId: number;
  canPost: boolean;
  postHint: string | null;
}) {
  const t = useTranslations();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const stream = streamKey({ kind: "forum", id: forumId });
  const viewers = usePresence(stream);
  const list = useTopicList(forumId);
  const picture = useQuery(trpc.forums.stancePicture.queryOptions({ forumId }));
  const listKey = useMemo(() => trpc.topics.list.infiniteQueryKey({ forumId }), [trpc, forumId]);
  const pictureKey = useMemo(() => trpc.forums.stancePicture.queryKey({ forumId }), [trpc, forumId]);
  const { sort, regionId } = list;
  const shownListKey = useMemo(
    () => trpc.topics.list.infiniteQueryKey({ forumId, sort, regionId }),
    [trpc, forumId, sort, regionId],
  );

  // Each event's payload is applied to every cached list of this forum (each order and region) and to
  // the picture; only an event from before events carried the row or the picture is read again.
  const onEvent = useCallback(
    (event: LiveEvent) => {
      let refetchList = false;
      for (const [key, data] of queryClient.getQueriesData<TopicListData>({ queryKey: listKey })) {
        if (!data) continue;
        const filter = (key[1] as { input?: TopicListFilter } | undefined)?.input ?? {};
        const applied = applyTopicListEvent(data.pages, filter, event, listedTopicFromEvent);
        if (applied.pages !== data.pages)
          queryClient.setQueryData<TopicListData>(key, { ...data, pages: applied.pages });
        refetchList ||= applied.refetch;
      }
      let refetchPicture = false;
      queryClient.setQueryData<StancePictureData>(pictureKey, (view) => {
        if (!view) return view;
        const applied = applyStancePictureEvent(view, event);
        refetchPicture = applied.refetch;
        return applied.view;
      });
      if (refetchList) void queryClient.invalidateQueries({ queryKey: listKey });
      if (refetchPicture) void queryClient.invalidateQueries({ queryKey: pictureKey });
    },
    [queryClient, listKey, pictureKey],
  );
  // A gap or resync: both read again, and the stream resumes from the older of their heads (each
  // skips what it already holds).
  const resync = useCallback(async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: listKey }),
      queryClient.invalidateQueries({ queryKey: pictureKey }),
    ]);
    return startOf(
      queryClient.getQueryData<TopicListData>(shownListKey),
      queryClient.getQueryData<StancePictureData>(pictureKey),
    );
  }, [queryClient, listKey, pictureKey, shownListKey]);
  const startSeq = startOf(list.topics.data, picture.data);
  useLiveStream(startSeq === undefined ? null : stream, { onEvent, onResync: resync }, { startSeq });

  return (
    <>
      <StancePicture picture={picture} />
      {canPost ? <NewTopicForm forumId={forumId} /> : postHint ? <Alert tone="info">{postHint}</Alert> : null}
      <section>
        <div className="mb-3 flex items-baseline justify-between gap-2">
          <h2 className="text-lg font-semibold">{t("forums.topics")}</h2>
          {viewers !== null ? (
            <span className="text-xs text-slate-500" data-testid="viewers">
              {t("forums.viewers", { count: viewers })}
            </span>
          ) : null}
        </div>
        <TopicList list={list} />
      </section>
    </>
  );
}

/** The seq the page's data stands at: the older of the list's and the picture's heads, once both are read. */
function startOf(list: TopicListData | undefined, picture: StancePictureData | undefined): number | undefined {
  const listHead = list?.pages[0]?.headSeq;
  if (listHead === undefined || !picture) return undefined;
  return Math.min(listHead, picture.headSeq);
}

function StancePicture({ picture }: { picture: UseQueryResult<StancePictureData, TRPCClientErrorLike<AppRouter>> }) {
  const t = useTranslations();
  const tErrors = useTranslations("errors");
  const regions = useRegions();
  return (
    <Card>
      <h2 className="font-semibold">{t("forums.stancePicture")}</h2>
      <p className="mb-4 text-xs text-slate-500">{t("forums.stancePictureHint")}</p>
      {picture.isPending ? (
        <Skeleton lines={3} />
      ) : picture.error ? (
        <Alert>{describeError(picture.error, tErrors)}</Alert>
      ) : picture.data.regions.length === 0 ? (
        <EmptyState title={t("forums.stanceEmpty")} />
      ) : (
        <div data-testid="stance-picture">
          <StackedBars
            caption={t("forums.stancePicture")}
            legend={stances.map((s) => ({ key: s, label: t(`stances.${s}`), color: stanceColor[s] }))}
            totalLabel={(total) => t("forums.people", { count: total })}
            rows={picture.data.regions.map((region) => ({
              key: String(region.regionId),
              label: regions.name(region.regionId),
              total: region.total,
              segments: stances.map((s) => ({
                key: s,
                label: t(`stances.${s}`),
                value: region.counts[s],
                color: stanceColor[s],
              })),
            }))}
          />
        </div>
      )}
    </Card>
  );
}

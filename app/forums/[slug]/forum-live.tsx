"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useCallback } from "react";
import { stances } from "@/shared/vocabulary";
import { stanceColor } from "../../components/stance-colors";
import { Alert, Card, EmptyState, Skeleton } from "../../components/ui/card";
import { StackedBars } from "../../components/charts/stacked-bars";
import { describeError } from "../../lib/errors";
import { useLiveStream, usePresence } from "../../lib/realtime";
import { useTRPC } from "../../lib/trpc";
import { useRegions } from "../../lib/use-regions";
import { NewTopicForm } from "./new-topic-form";
import { TopicList } from "./topic-list";
import { streamKey } from "@/server/domain/stream-access";

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
  const refresh = useCallback(() => {
    void queryClient.invalidateQueries({ queryKey: trpc.topics.list.infiniteQueryKey({ forumId }) });
    void queryClient.invalidateQueries({ queryKey: trpc.forums.stancePicture.queryKey({ forumId }) });
  }, [queryClient, trpc, forumId]);
  useLiveStream(stream, { onEvent: refresh, onResync: refresh });

  return (
    <>
      <StancePicture forumId={forumId} />
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
        <TopicList forumId={forumId} />
      </section>
    </>
  );
}

function StancePicture({ forumId }: { forumId: number }) {
  const t = useTranslations();
  const tErrors = useTranslations("errors");
  const trpc = useTRPC();
  const regions = useRegions();
  const picture = useQuery(trpc.forums.stancePicture.queryOptions({ forumId }));
  return (
    <Card>
      <h2 className="font-semibold">{t("forums.stancePicture")}</h2>
      <p className="mb-4 text-xs text-slate-500">{t("forums.stancePictureHint")}</p>
      {picture.isPending ? (
        <Skeleton lines={3} />
      ) : picture.error ? (
        <Alert>{describeError(picture.error, tErrors)}</Alert>
      ) : picture.data.length === 0 ? (
        <EmptyState title={t("forums.stanceEmpty")} />
      ) : (
        <div data-testid="stance-picture">
          <StackedBars
            caption={t("forums.stancePicture")}
            legend={stances.map((s) => ({ key: s, label: t(`stances.${s}`), color: stanceColor[s] }))}
            totalLabel={(total) => t("forums.people", { count: total })}
            rows={picture.data.map((region) => ({
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

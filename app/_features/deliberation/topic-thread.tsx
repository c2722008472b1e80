"use client";
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useCallback, useMemo, useState } from "react";
import { Button } from "../../components/ui/button";
import { Alert, Card, EmptyState, Skeleton } from "../../components/ui/card";
import { describeError } from "../../lib/errors";
import { useLiveStream, usePresence } from "../../lib/realtime";
import type { CommentItem as Comment } from "../../lib/router-types";
import { useTRPC } from "../../lib/trpc";
import type { StreamKey } from "@/server/domain/stream-access";
import type { LiveEvent } from "@/server/events/contract";
import type { ThreadViewer } from "../../lib/live/thread";
import { useInOrder } from "../../lib/use-in-order";
import { CommentComposer, type MeasureOption } from "./comment-composer";
import { CommentItem } from "./comment-item";

// The reducer loads after the page, like the topic's own (app/_features/deliberation/topic-view.tsx):
// only events need it, and they wait for it in order.
const loadThreadReducer = () => import("../../lib/live/thread");

/** Replies nest visually up to this depth; deeper ones line up under the last level. */
const maxIndent = 3;

/** A thread's comments, live on `stream` (`topic:<id>` or `project:<id>`, whichever owns the thread). */
export function TopicThread({
  stream,
  threadId,
  canPost,
  canReact,
  canReport = false,
  measures,
  viewer = null,
}: {
  stream: StreamKey;
  threadId: number;
  canPost: boolean;
  canReact: boolean;
  canReport?: boolean;
  measures: MeasureOption[];
  /** The signed-in reader: live comments of their own are read back (for their markdown), reviewers see held ones. */
  viewer?: ThreadViewer | null;
}) {
  const t = useTranslations();
  const tErrors = useTranslations("errors");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const viewers = usePresence(stream);
  const listOptions = trpc.comments.list.infiniteQueryOptions(
    { threadId },
    { getNextPageParam: (page) => page.nextCursor ?? undefined },
  );
  const comments = useInfiniteQuery(listOptions);
  const listKey = useMemo(() => trpc.comments.list.infiniteQueryKey({ threadId }), [trpc, threadId]);
  const refresh = useCallback(() => void queryClient.invalidateQueries({ queryKey: listKey }), [queryClient, listKey]);
  // After a gap or a resync: read again and resume from the head that read came with.
  const resync = useCallback(async () => {
    await queryClient.invalidateQueries({ queryKey: listKey });
    return queryClient.getQueryData(listKey)?.pages[0]?.headSeq;
  }, [queryClient, listKey]);
  const inOrder = useInOrder(loadThreadReducer, refresh);
  const onEvent = useCallback(
    (event: LiveEvent) =>
      inOrder(({ applyThreadEvent, listItemFromEvent }) => {
        let refetch = false;
        queryClient.setQueryData(listKey, (data) => {
          if (!data) return data;
          const applied = applyThreadEvent<Comment, (typeof data.pages)[number]>(data.pages, event, {
            viewer,
            toItem: listItemFromEvent,
          });
          refetch = applied.refetch;
          return { ...data, pages: applied.pages };
        });
        if (refetch) refresh();
      }),
    [inOrder, queryClient, listKey, refresh, viewer],
  );
  // Follows from the head the first page came with: nothing between the read and the subscription is lost or read twice.
  useLiveStream(
    comments.data ? stream : null,
    { onEvent, onResync: resync },
    { startSeq: comments.data?.pages[0]?.headSeq },
  );
  const [composerKey, setComposerKey] = useState(0);
  const add = useMutation(
    trpc.comments.add.mutationOptions({
      onSuccess: () => {
        setComposerKey((k) => k + 1);
        refresh();
      },
    }),
  );

  const items = useMemo(() => comments.data?.pages.flatMap((page) => page.items) ?? [], [comments.data]);
  const children = useMemo(() => {
    const map = new Map<number | null, Comment[]>();
    const ids = new Set(items.map((c) => c.id));
    for (const comment of items) {
      // A reply whose parent this viewer cannot see (held for review) hangs from its root instead.
      const parent =
        comment.parentId !== null && ids.has(comment.parentId)
          ? comment.parentId
          : comment.parentId === null
            ? null
            : comment.rootId;
      map.set(parent, [...(map.get(parent) ?? []), comment]);
    }
    return map;
  }, [items]);

  const renderBranch = (parentId: number | null, depth: number) =>
    (children.get(parentId) ?? []).map((comment) => (
      <li key={comment.id}>
        <CommentItem
          comment={comment}
          measures={measures}
          canPost={canPost}
          canReact={canReact}
          canReport={canReport}
          onChanged={refresh}
        />
        {children.has(comment.id) ? (
          <ul
            className={`mt-2 space-y-2 ${depth < maxIndent ? "ml-3 border-l-2 border-slate-100 pl-3 sm:ml-5 sm:pl-4" : ""}`}
          >
            {renderBranch(comment.id, depth + 1)}
          </ul>
        ) : null}
      </li>
    ));

  return (
    <section aria-labelledby="discussion" className="space-y-4">
      <div className="flex items-baseline justify-between">
        <h2 id="discussion" className="text-lg font-semibold">
          {t("topic.discussion")}
        </h2>
        {viewers !== null ? (
          <span className="text-xs text-slate-500" data-testid="viewers">
            {t("forums.viewers", { count: viewers })}
          </span>
        ) : null}
      </div>
      {canPost ? (
        <Card>
          <CommentComposer
            key={composerKey}
            idPrefix="new"
            stanceRequired
            measures={measures}
            bodyLabel={t("topic.body")}
            submitLabel={t("topic.post")}
            busy={add.isPending}
            error={add.error ? describeError(add.error, tErrors) : null}
            onSubmit={(draft) => add.mutate({ threadId, ...draft })}
          />
        </Card>
      ) : null}
      {comments.isPending ? (
        <Skeleton lines={5} />
      ) : comments.error ? (
        <Alert>{describeError(comments.error, tErrors)}</Alert>
      ) : items.length === 0 ? (
        <EmptyState title={t("topic.empty")} />
      ) : (
        <ul className="space-y-3" data-testid="comment-thread">
          {renderBranch(null, 0)}
        </ul>
      )}
      {comments.hasNextPage ? (
        <Button variant="secondary" busy={comments.isFetchingNextPage} onClick={() => void comments.fetchNextPage()}>
          {t("topic.loadMore")}
        </Button>
      ) : null}
    </section>
  );
}

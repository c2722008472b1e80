"use client";
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { useRelativeTime } from "@/app/lib/use-relative-time";
import { useCallback } from "react";
import { notificationText, type Translate } from "@/server/domain/notification-text";
import { Button } from "../components/ui/button";
import { Alert, EmptyState, Skeleton } from "../components/ui/card";
import { describeError } from "../lib/errors";
import { applyNotificationEvent } from "../lib/live/notification-list";
import { useLiveStream } from "../lib/realtime";
import { useTRPC } from "../lib/trpc";
import { streamKey } from "@/server/domain/stream-access";
import type { LiveEvent } from "@/server/events/contract";

/** The person's notifications, newest first, in pages; new ones appear live, read ones lose their mark. */
export function NotificationList({ userId }: { userId: number }) {
  const t = useTranslations();
  const tErrors = useTranslations("errors");
  const format = useFormatter();
  const relativeTime = useRelativeTime();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useInfiniteQuery(
    trpc.notifications.list.infiniteQueryOptions(
      { limit: 20 },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  const refresh = useCallback(() => {
    void queryClient.invalidateQueries({ queryKey: trpc.notifications.list.pathKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.notifications.unreadCount.queryKey() });
  }, [queryClient, trpc]);
  // Each page carries the stream head it was read with; resuming from the oldest of them skips nothing.
  const resync = useCallback(async () => {
    const listKey = trpc.notifications.list.infiniteQueryKey({ limit: 20 });
    void queryClient.invalidateQueries({ queryKey: trpc.notifications.unreadCount.queryKey() });
    await queryClient.invalidateQueries({ queryKey: listKey });
    const pages = queryClient.getQueryData<{ pages: { headSeq: number }[] }>(listKey)?.pages ?? [];
    return pages.length > 0 ? Math.min(...pages.map((page) => page.headSeq)) : undefined;
  }, [queryClient, trpc]);
  // Events carry the item (or the ids read): applied to the pages, never a refetch.
  const onEvent = useCallback(
    (event: LiveEvent) =>
      queryClient.setQueryData(trpc.notifications.list.infiniteQueryKey({ limit: 20 }), (data) =>
        data ? applyNotificationEvent(data, event) : data,
      ),
    [queryClient, trpc],
  );
  useLiveStream(list.data ? streamKey({ kind: "user", id: userId }) : null, { onEvent, onResync: resync });
  const markRead = useMutation(trpc.notifications.markRead.mutationOptions({ onSuccess: refresh }));
  const markAll = useMutation(trpc.notifications.markAllRead.mutationOptions({ onSuccess: refresh }));
  const translate = t as unknown as Translate;
  const time = (iso: string) => format.dateTime(new Date(iso), { dateStyle: "medium", timeStyle: "short" });

  if (list.isPending) return <Skeleton lines={5} />;
  if (list.error) return <Alert>{describeError(list.error, tErrors)}</Alert>;
  const items = list.data.pages.flatMap((page) => page.items);
  if (items.length === 0) return <EmptyState title={t("notifications.empty")} />;
  const anyUnread = items.some((item) => item.readAt === null);
  return (
    <div className="space-y-3">
      <div className="flex justify-end">
        <Button
          variant="secondary"
          size="sm"
          busy={markAll.isPending}
          disabled={!anyUnread}
          onClick={() => markAll.mutate()}
        >
          {t("notifications.markAllRead")}
        </Button>
      </div>
      <ul
        className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white"
        data-testid="notification-list"
      >
        {items.map((item) => {
          const unread = item.readAt === null;
          return (
            <li
              key={item.id}
              className={`flex items-start gap-3 px-4 py-3 ${unread ? "bg-brand-50/40" : ""}`}
              data-testid={`notification-${item.id}`}
            >
              <span
                className={`mt-2 size-2 shrink-0 rounded-full ${unread ? "bg-brand-600" : "bg-transparent"}`}
                aria-hidden
              />
              <div className="min-w-0 flex-1">
                <Link
                  href={item.link}
                  className="relative block text-sm text-slate-900 hover:text-brand-700"
                  onClick={() => {
                    if (unread) markRead.mutate({ id: item.id });
                  }}
                >
                  {unread ? <span className="sr-only">{t("notifications.unread")}: </span> : null}
                  {notificationText(translate, item.kind, item.params, time)}
                </Link>
                <p className="mt-0.5 text-xs text-slate-500">{relativeTime(item.createdAt)}</p>
              </div>
              {unread ? (
                <Button variant="ghost" size="sm" onClick={() => markRead.mutate({ id: item.id })}>
                  {t("notifications.markRead")}
                </Button>
              ) : null}
            </li>
          );
        })}
      </ul>
      {list.hasNextPage ? (
        <div className="flex justify-center">
          <Button variant="secondary" busy={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
            {t("notifications.loadMore")}
          </Button>
        </div>
      ) : null}
    </div>
  );
}

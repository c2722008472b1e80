"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useCallback } from "react";
import { useLiveStream } from "../lib/realtime";
import { useTRPC } from "../lib/trpc";
import { streamKey } from "@/server/domain/stream-access";
import type { LiveEvent } from "@/server/events/contract";
import { applyUnreadEvent } from "../lib/live/unread-count";

/**
 * The bell with the unread count. It follows the person's own `user:<id>` stream from the head its
 * count was read at and counts each arrival or read (in another tab too) from the event itself; it
 * reads the count again only after a gap or a resync, so nothing is counted twice.
 */
export function NotificationBell({ userId }: { userId: number }) {
  const t = useTranslations("notifications");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const unread = useQuery(trpc.notifications.unreadCount.queryOptions());
  const resync = useCallback(async () => {
    const queryKey = trpc.notifications.unreadCount.queryKey();
    await queryClient.invalidateQueries({ queryKey });
    return queryClient.getQueryData(queryKey)?.headSeq;
  }, [queryClient, trpc]);
  const onEvent = useCallback(
    (event: LiveEvent) =>
      queryClient.setQueryData(trpc.notifications.unreadCount.queryKey(), (view) =>
        view ? applyUnreadEvent(view, event) : view,
      ),
    [queryClient, trpc],
  );
  useLiveStream(
    unread.data ? streamKey({ kind: "user", id: userId }) : null,
    { onEvent, onResync: resync },
    { startSeq: unread.data?.headSeq },
  );
  const count = unread.data?.count ?? 0;
  return (
    <Link
      href="/notifications"
      className="relative inline-flex size-9 items-center justify-center rounded-md text-slate-600 hover:bg-slate-100 hover:text-brand-700"
      aria-label={count > 0 ? t("bellUnread", { count }) : t("bell")}
      data-testid="notification-bell"
      data-state={unread.isSuccess ? "ready" : "loading"}
    >
      <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.8" className="size-5" aria-hidden>
        <path d="M6 8a6 6 0 1 1 12 0c0 7 3 8 3 8H3s3-1 3-8" strokeLinejoin="round" />
        <path d="M10.3 20a1.94 1.94 0 0 0 3.4 0" strokeLinecap="round" />
      </svg>
      {count > 0 ? (
        <span
          className="absolute -right-0.5 -top-0.5 min-w-4 rounded-full bg-red-600 px-1 text-center text-[10px] font-semibold leading-4 text-white"
          data-testid="notification-count"
        >
          {count > 99 ? "99+" : count}
        </span>
      ) : null}
    </Link>
  );
}

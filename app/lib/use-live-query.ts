"use client";
import { useQueryClient, type QueryKey } from "@tanstack/react-query";
import { useCallback } from "react";
import type { LiveEvent } from "@/server/infra/realtime/events";
import type { StreamKey } from "@/server/domain/stream-access";
import { useLiveStream } from "./realtime";

/**
 * Keeps one query's cached data in step with its stream: each event's payload is applied with `apply`
 * (pure, in app/lib/live/), a gap or resync reads again and resumes from that read's head. Follows only
 * once the first read has landed, from the head it came with, so nothing between read and subscription
 * is lost or refetched.
 */
export function useLiveQuery<T extends { headSeq: number }>(
  queryKey: QueryKey,
  stream: StreamKey,
  data: T | undefined,
  apply: (view: T, event: LiveEvent) => { view: T; refetch: boolean },
): void {
  const queryClient = useQueryClient();
  const refresh = useCallback(() => void queryClient.invalidateQueries({ queryKey }), [queryClient, queryKey]);
  const resync = useCallback(async () => {
    await queryClient.invalidateQueries({ queryKey });
    return queryClient.getQueryData<T>(queryKey)?.headSeq;
  }, [queryClient, queryKey]);
  const onEvent = useCallback(
    (event: LiveEvent) => {
      let refetch = false;
      queryClient.setQueryData<T>(queryKey, (view) => {
        if (!view) return view;
        const applied = apply(view, event);
        refetch = applied.refetch;
        return applied.view;
      });
      if (refetch) refresh();
    },
    [queryClient, queryKey, refresh, apply],
  );
  useLiveStream(data ? stream : null, { onEvent, onResync: resync }, { startSeq: data?.headSeq });
}

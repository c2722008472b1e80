"use client";
import { useQueryClient, type QueryKey } from "@tanstack/react-query";
import { useCallback } from "react";
import type { LiveEvent } from "@/server/infra/realtime/events";
import type { StreamKey } from "@/server/domain/stream-access";
import { useLiveStream } from "./realtime";
import { useInOrder } from "./use-in-order";

/** A pure reducer of app/lib/live/: the view after one event, and whether to read it again. */
export type ApplyEvent<T> = (view: T, event: LiveEvent) => { view: T; refetch: boolean };

/**
 * Keeps one query's cached data in step with its stream: each event's payload is applied with `apply`
 * (pure, in app/lib/live/), a gap or resync reads again and resumes from that read's head. Follows only
 * once the first read has landed, from the head it came with, so nothing between read and subscription
 * is lost or refetched. `apply` may be given as `{ load }`: its code then loads after the page, and
 * events wait for it in order (useInOrder).
 */
export function useLiveQuery<T extends { headSeq: number }>(
  queryKey: QueryKey,
  /** Null while there is nothing to follow (a reader whose stream the page does not use). */
  stream: StreamKey | null,
  data: T | undefined,
  apply: ApplyEvent<T> | { load: () => Promise<ApplyEvent<T>> },
): void {
  const queryClient = useQueryClient();
  const refresh = useCallback(() => void queryClient.invalidateQueries({ queryKey }), [queryClient, queryKey]);
  const resync = useCallback(async () => {
    await queryClient.invalidateQueries({ queryKey });
    return queryClient.getQueryData<T>(queryKey)?.headSeq;
  }, [queryClient, queryKey]);
  const applyWith = useCallback(
    (reducer: ApplyEvent<T>, event: LiveEvent) => {
      let refetch = false;
      queryClient.setQueryData<T>(queryKey, (view) => {
        if (!view) return view;
        const applied = reducer(view, event);
        refetch = applied.refetch;
        return applied.view;
      });
      if (refetch) refresh();
    },
    [queryClient, queryKey, refresh],
  );
  const inOrder = useInOrder(typeof apply === "function" ? null : apply.load, refresh);
  const onEvent = useCallback(
    (event: LiveEvent) => {
      if (typeof apply === "function") applyWith(apply, event);
      else inOrder((reducer) => applyWith(reducer, event));
    },
    [apply, applyWith, inOrder],
  );
  useLiveStream(data && stream ? stream : null, { onEvent, onResync: resync }, { startSeq: data?.headSeq });
}

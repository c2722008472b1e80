"use client";
import { useQueryClient, type QueryKey } from "@tanstack/react-query";
import { useEffect, useState } from "react";

/** The longest delay setTimeout keeps: a longer one overflows and fires at once. */
export const maxTimeoutMs = 2_147_483_647;

/** How long to wait for `boundary` from `now`: at once when past, at most maxTimeoutMs (then wait again). */
export function timeoutUntil(boundary: Date, now: Date): number {
  return Math.min(Math.max(boundary.getTime() - now.getTime(), 0), maxTimeoutMs);
}

/**
 * What the clock asks of a view at `now`: set it derived again (a boundary has passed), wait `ms` for
 * the nearest one to come, or nothing (no state of it changes with time). `at` keeps the view itself
 * when nothing passed, so a derived view asks only to wait.
 */
export function clockStep<T>(
  view: T,
  now: Date,
  at: (view: T, now: Date) => { view: T; refetch: boolean },
  next: (view: T, now: Date) => Date | null,
): { kind: "derive" } | { kind: "wait"; ms: number } | { kind: "idle" } {
  if (at(view, now).view !== view) return { kind: "derive" };
  const boundary = next(view, now);
  return boundary === null ? { kind: "idle" } : { kind: "wait", ms: timeoutUntil(boundary, now) };
}

/**
 * Keeps a live query's states that change with the clock alone (an invitation's expiry, a suspension's
 * end) as the server would read them now: `at` re-derives the cached view, and one timeout waits for the
 * nearest boundary `next` names (no polling). Events and reads set the data; this runs again on each.
 */
export function useClockStates<T>(
  queryKey: QueryKey,
  data: T | undefined,
  at: (view: T, now: Date) => { view: T; refetch: boolean },
  next: (view: T, now: Date) => Date | null,
): void {
  const queryClient = useQueryClient();
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (data === undefined) return;
    const now = new Date();
    const step = clockStep(data, now, at, next);
    if (step.kind === "wait") {
      const timer = setTimeout(() => setTick((count) => count + 1), step.ms);
      return () => clearTimeout(timer);
    }
    if (step.kind === "idle") return;
    // Set through the cache's own latest view (an event may have landed since this render); the data
    // then changes, so this runs again and waits for the boundary after.
    let refetch = false;
    queryClient.setQueryData<T>(queryKey, (view) => {
      if (view === undefined) return view;
      const derived = at(view, now);
      refetch = derived.refetch;
      return derived.view;
    });
    if (refetch) void queryClient.invalidateQueries({ queryKey });
  }, [queryClient, queryKey, data, at, next, tick]);
}

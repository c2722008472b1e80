"use client";
import { useFormatter, useNow } from "next-intl";
import { useCallback, useSyncExternalStore } from "react";

// One shared clock for every relative time on the page: a tick every 30 s, one timer however many
// comments are shown.
const tickMs = 30_000;
let current: Date | null = null;
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | null = null;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === null)
    timer = setInterval(() => {
      current = new Date();
      for (const l of listeners) l();
    }, tickMs);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== null) {
      clearInterval(timer);
      timer = null;
      current = null;
    }
  };
}

function clientNow(): Date {
  current ??= new Date();
  return current;
}

/**
 * `format.relativeTime` against a clock that hydrates: the server render and the hydration both use the
 * request's time (the provider's `now`), so "3 minutes ago" cannot differ between them; after that the
 * browser's own clock, ticking every 30 s. A time a moment ahead of that clock (a live comment that
 * arrived between ticks) reads as "now", not "in 5 seconds".
 */
export function useRelativeTime(): (when: Date | string | number) => string {
  const format = useFormatter();
  const renderedAt = useNow();
  const now = useSyncExternalStore(subscribe, clientNow, () => renderedAt);
  return useCallback(
    (when) => {
      const at = new Date(when);
      return format.relativeTime(at > now ? now : at, now);
    },
    [format, now],
  );
}

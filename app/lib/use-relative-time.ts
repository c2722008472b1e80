"use client";
import { useFormatter, useNow } from "next-intl";

/**
 * `format.relativeTime` against a clock that hydrates: the server render and the hydration both start
 * from the request's time (the provider's `now`), so "3 minutes ago" cannot differ between them; the
 * clock then moves every 30 s. A time ahead of it (a live comment that arrived between ticks) reads as
 * "now", not "in 5 seconds".
 */
export function useRelativeTime(): (when: Date | string | number) => string {
  const format = useFormatter();
  const now = useNow({ updateInterval: 30_000 });
  return (when) => {
    const at = new Date(when);
    return format.relativeTime(at > now ? now : at, now);
  };
}

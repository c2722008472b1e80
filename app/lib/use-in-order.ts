"use client";
import { useCallback, useEffect, useRef } from "react";

/**
 * Code only a page's events need (its reducer), loaded after the page instead of in its first load.
 * `run(use)` hands the loaded module to `use` in the order the calls were made, so events wait for the
 * code in the order they came and are applied once it is there (at once, after the first time). The
 * module is fetched as soon as the page has mounted. Should it fail to load, or `use` throw, `onFailure`
 * is called (read the data again) and the next call tries again.
 */
export function useInOrder<M>(
  load: (() => Promise<M>) | null,
  onFailure: () => void,
): (use: (module: M) => void) => void {
  const queue = useRef<Promise<void>>(Promise.resolve());
  const failed = useRef(onFailure);
  useEffect(() => {
    failed.current = onFailure;
  }, [onFailure]);
  useEffect(() => {
    load?.().catch(() => {});
  }, [load]);
  return useCallback(
    (use: (module: M) => void) => {
      if (!load) return;
      queue.current = queue.current
        .then(load)
        .then(use)
        .catch(() => failed.current());
    },
    [load],
  );
}

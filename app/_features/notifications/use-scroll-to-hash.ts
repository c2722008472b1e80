"use client";
import { useEffect } from "react";

/**
 * Comments arrive after the page (they are fetched on the client), so the browser's own jump to
 * `#comment-<id>` from a notification link finds nothing; the comment scrolls itself into view once
 * it is on the page.
 */
export function useScrollToHash(anchor: string): void {
  useEffect(() => {
    if (window.location.hash !== `#${anchor}`) return;
    document.getElementById(anchor)?.scrollIntoView({ block: "start" });
  }, [anchor]);
}

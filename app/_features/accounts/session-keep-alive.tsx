"use client";
import { useEffect } from "react";

const refreshEveryMs = 60_000;
const activity = ["pointerdown", "keydown", "wheel", "touchstart"] as const;

/**
 * The session cookie lasts SESSION_IDLE_MINUTES from its last refresh, and pages talk to tRPC and
 * sockets, which do not refresh it. So while the person is actually using the page (input, not an
 * open tab), ask next-auth for the session at most once a minute, which re-issues the cookie.
 */
export function SessionKeepAlive() {
  useEffect(() => {
    let last = 0;
    const onActivity = () => {
      const now = Date.now();
      if (now - last < refreshEveryMs) return;
      last = now;
      void fetch("/api/auth/session", { credentials: "same-origin", cache: "no-store" }).catch(() => undefined);
    };
    for (const type of activity) window.addEventListener(type, onActivity, { passive: true });
    return () => {
      for (const type of activity) window.removeEventListener(type, onActivity);
    };
  }, []);
  return null;
}

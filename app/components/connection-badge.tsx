"use client";
import { useTranslations } from "next-intl";
import { useConnectionState } from "../lib/realtime";

export function ConnectionBadge() {
  const state = useConnectionState();
  const t = useTranslations("live");
  const dot = { connecting: "bg-slate-400", live: "bg-emerald-500", offline: "bg-amber-500" }[state];
  return (
    <span
      className="inline-flex items-center gap-1.5 text-xs text-slate-600"
      role="status"
      aria-live="polite"
      data-connection={state}
    >
      <span className={`size-2 rounded-full ${dot}`} aria-hidden />
      <span className="hidden sm:inline">{t(state)}</span>
    </span>
  );
}

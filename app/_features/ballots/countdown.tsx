"use client";
import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";

/** The time left until `until`, re-rendered every second; zero once past. */
export function useRemaining(until: Date): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1_000);
    return () => window.clearInterval(timer);
  }, []);
  return Math.max(0, until.getTime() - now);
}

export function Countdown({ until }: { until: Date }) {
  const t = useTranslations("ballots");
  const ms = useRemaining(until);
  const seconds = Math.floor(ms / 1_000);
  const parts = {
    days: Math.floor(seconds / 86_400),
    hours: Math.floor((seconds % 86_400) / 3_600),
    minutes: Math.floor((seconds % 3_600) / 60),
    seconds: seconds % 60,
  };
  return (
    <span className="tabular-nums" data-testid="countdown" suppressHydrationWarning>
      {ms === 0 ? t("panel.closing") : t("panel.countdown", parts)}
    </span>
  );
}

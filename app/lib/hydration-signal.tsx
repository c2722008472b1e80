"use client";
import { useEffect } from "react";

/**
 * Tells the page's pre-hydration guard (app/lib/pre-hydration-guard.ts) that React has hydrated the page:
 * an effect of the root layout runs once everything inside it has committed.
 */
export function useHydrationSignal() {
  useEffect(() => {
    (window as { __xietongHydrated?: () => void }).__xietongHydrated?.();
  }, []);
}

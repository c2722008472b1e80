"use client";
import { useServiceWorkerRegistration } from "../_features/offline/service-worker";
import { useHydrationSignal } from "./hydration-signal";

/** The root layout's effects, as one client component: each one is a reference in every page's payload. */
export function LayoutEffects() {
  useHydrationSignal();
  useServiceWorkerRegistration();
  return null;
}

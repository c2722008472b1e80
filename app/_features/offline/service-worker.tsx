"use client";
import { useEffect } from "react";

/**
 * Registers the service worker (public/sw.js) once the page has loaded, in production builds only:
 * in development a cached page would hide the change just made.
 */
export function useServiceWorkerRegistration() {
  useEffect(() => {
    if (process.env.NODE_ENV !== "production" || !("serviceWorker" in navigator)) return;
    const register = () => void navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => undefined);
    if (document.readyState === "complete") register();
    else window.addEventListener("load", register, { once: true });
  }, []);
}

/** Forgets the meeting packs saved for offline reading (on sign-out, so the next person cannot read them). */
export function forgetOfflinePacks() {
  if (typeof navigator === "undefined" || !navigator.serviceWorker?.controller) return;
  navigator.serviceWorker.controller.postMessage({ type: "forget-packs" });
}

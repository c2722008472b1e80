"use client";
import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";

/** Whether this pack is saved on this device for offline reading (the service worker's pack cache). */
export function PackStatus() {
  const t = useTranslations("offline");
  const [saved, setSaved] = useState<boolean | null>(null);
  useEffect(() => {
    if (typeof caches === "undefined") return;
    let live = true;
    const look = () =>
      caches
        .open("xietong-packs-v1")
        .then((cache) => cache.match(window.location.pathname))
        .then((hit) => live && setSaved(hit !== undefined))
        .catch(() => undefined);
    void look();
    // The worker stores the page after its check, shortly after the page arrived.
    const timer = window.setTimeout(() => void look(), 1500);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, []);
  if (saved === null) return null;
  return (
    <p role="status" className={`text-xs ${saved ? "text-emerald-700" : "text-slate-500"}`} data-testid="pack-status">
      {saved ? t("saved") : t("notSaved")}
    </p>
  );
}

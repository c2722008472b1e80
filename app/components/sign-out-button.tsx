"use client";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { forgetOfflinePacks } from "@/app/_features/offline/service-worker";
import { signOut } from "@/app/lib/auth-client";
import { Button } from "./ui/button";
import { useHydrated } from "./ui/until-hydrated";

export function SignOutButton() {
  const t = useTranslations("nav");
  const [busy, setBusy] = useState(false);
  // It acts only through its click handler: before the page's code ran, a press did nothing.
  const hydrated = useHydrated();
  return (
    <Button
      variant="ghost"
      size="sm"
      className="shrink-0 whitespace-nowrap"
      busy={busy}
      disabled={!hydrated}
      onClick={() => {
        setBusy(true);
        forgetOfflinePacks();
        void signOut("/");
      }}
    >
      {t("signOut")}
    </Button>
  );
}

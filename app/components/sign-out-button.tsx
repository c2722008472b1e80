"use client";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { forgetOfflinePacks } from "@/app/_features/offline/service-worker";
import { signOut } from "@/app/lib/auth-client";
import { Button } from "./ui/button";

export function SignOutButton() {
  const t = useTranslations("nav");
  const [busy, setBusy] = useState(false);
  return (
    <Button
      variant="ghost"
      size="sm"
      className="shrink-0 whitespace-nowrap"
      busy={busy}
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

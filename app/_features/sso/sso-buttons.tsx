"use client";
import { signInRedirect } from "@/app/lib/auth-client";
import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "@/app/components/ui/button";

export interface SsoProviderChoice {
  id: string;
  label: { "zh-CN": string; en: string };
}

/** One button per configured identity provider; next-auth takes the browser to the provider and back. */
export function SsoButtons({ providers, callbackUrl }: { providers: SsoProviderChoice[]; callbackUrl: string }) {
  const t = useTranslations("sso");
  const locale = useLocale();
  const [busy, setBusy] = useState<string | null>(null);
  if (providers.length === 0) return null;
  return (
    <div className="space-y-2" data-testid="sso-buttons">
      <p className="flex items-center gap-3 text-xs text-slate-500" aria-hidden>
        <span className="h-px flex-1 bg-slate-200" />
        {t("or")}
        <span className="h-px flex-1 bg-slate-200" />
      </p>
      {providers.map((provider) => {
        const label = locale === "en" ? provider.label.en : provider.label["zh-CN"];
        return (
          <Button
            key={provider.id}
            type="button"
            variant="secondary"
            className="w-full"
            busy={busy === provider.id}
            onClick={() => {
              setBusy(provider.id);
              void signInRedirect(provider.id, callbackUrl);
            }}
            data-testid={`sso-${provider.id}`}
          >
            {t("signInWith", { provider: label })}
          </Button>
        );
      })}
    </div>
  );
}

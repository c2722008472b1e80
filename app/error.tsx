"use client";
import { useTranslations } from "next-intl";
import { Button } from "./components/ui/button";
import { Alert } from "./components/ui/card";

export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations();
  return (
    <div className="mx-auto max-w-lg space-y-4 py-10">
      <h1 className="text-2xl font-semibold">{t("common.errorTitle")}</h1>
      <Alert>{t("errors.unknown")}</Alert>
      <Button variant="secondary" onClick={reset}>
        {t("common.retry")}
      </Button>
    </div>
  );
}

"use client";
import { useTranslations } from "next-intl";
import { Button } from "./components/ui/button";
import { Alert } from "./components/ui/card";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations();
  return (
    <div className="mx-auto max-w-lg space-y-4 py-10">
      <h1 className="text-2xl font-semibold">{t("common.errorTitle")}</h1>
      <Alert>
        {t("errors.unknown")}
        {/* The digest is logged with the request id (instrumentation.ts), so support finds the line from it. */}
        {error.digest ? <> {t("errors.reference", { id: error.digest })}</> : null}
      </Alert>
      <Button variant="secondary" onClick={reset}>
        {t("common.retry")}
      </Button>
    </div>
  );
}

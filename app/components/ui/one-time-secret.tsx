"use client";
import { useTranslations } from "next-intl";
import { useState, type ReactNode } from "react";
import { Button } from "./button";

/**
 * A secret the server shows exactly once (an invitation link, an API key, a webhook's signing secret,
 * a calendar feed's address): only its hash is kept, so the notice says to copy it now. One block, so
 * the four places that hand out secrets look and behave alike.
 */
export function OneTimeSecret({
  notice,
  value,
  testId,
  copyLabel,
  children,
}: {
  notice: ReactNode;
  value: string;
  testId: string;
  copyLabel?: string;
  children?: ReactNode;
}) {
  const t = useTranslations("common");
  const [copied, setCopied] = useState(false);
  return (
    <div role="status" className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-4 text-sm text-slate-800">
      <p className="font-medium">{notice}</p>
      <code className="block break-all rounded bg-white px-2 py-1 font-mono text-xs" data-testid={testId}>
        {value}
      </code>
      <div className="flex flex-wrap items-center gap-3">
        <Button
          type="button"
          size="sm"
          variant="secondary"
          onClick={() => void navigator.clipboard?.writeText(value).then(() => setCopied(true))}
        >
          {copied ? t("copied") : (copyLabel ?? t("copy"))}
        </Button>
        {children}
      </div>
    </div>
  );
}

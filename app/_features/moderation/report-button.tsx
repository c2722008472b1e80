"use client";
import { useTranslations } from "next-intl";
import { useState } from "react";
import type { ModerationTargetKind } from "@/server/features/moderation/rules/moderation";
import { afterPage } from "@/app/components/ui/after-page";
import { Button } from "@/app/components/ui/button";
import { Skeleton } from "@/app/components/ui/card";

/*
 * The form opens only when the button is pressed, so its code (reasons, fields, the mutation's errors)
 * is not part of the pages' first load: it is fetched when the pointer or focus reaches the button, and
 * at the latest on the press, a form-shaped placeholder standing in until it is there.
 */
const ReportForm = afterPage(
  () => import("./report-form").then((m) => m.ReportForm),
  () => (
    <div className="mt-2 w-full rounded-md border border-slate-200 bg-slate-50 p-3" data-testid="report-form-loading">
      <Skeleton lines={3} />
    </div>
  ),
);
const preloadForm = () => void ReportForm.preload().catch(() => {});

/** Report a comment, topic or project once, with a reason and a note; the reporter is told it was received. */
export function ReportButton({ targetKind, targetId }: { targetKind: ModerationTargetKind; targetId: number }) {
  const t = useTranslations("moderation");
  const [open, setOpen] = useState(false);
  if (open) return <ReportForm targetKind={targetKind} targetId={targetId} onCancel={() => setOpen(false)} />;
  return (
    <Button
      variant="ghost"
      size="sm"
      onClick={() => setOpen(true)}
      onPointerEnter={preloadForm}
      onFocus={preloadForm}
      data-testid="report-open"
      aria-haspopup="dialog"
    >
      {t("report.button")}
    </Button>
  );
}

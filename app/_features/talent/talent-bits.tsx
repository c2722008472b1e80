"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useTranslations } from "next-intl";
import type { ApplicationStatus } from "@/shared/talent-vocabulary";
import { Badge } from "../../components/ui/card";

const statusTone: Record<ApplicationStatus, "slate" | "brand" | "green" | "amber" | "red"> = {
  applied: "slate",
  shortlisted: "brand",
  offered: "amber",
  accepted: "green",
  completed: "green",
  declined: "red",
  withdrawn: "slate",
};

export function ApplicationStatusBadge({ status }: { status: ApplicationStatus }) {
  const t = useTranslations("talent");
  return (
    <span data-testid="application-status" data-status={status}>
      <Badge tone={statusTone[status]}>{t(`statuses.${status}`)}</Badge>
    </span>
  );
}

/** The talent area's tabs: the board, my applications (signed in). */
export function TalentTabs({ signedIn }: { signedIn: boolean }) {
  const t = useTranslations("talent");
  const pathname = usePathname();
  const tab = (href: string) =>
    `border-b-2 pb-2 ${pathname === href ? "border-brand-600 font-medium text-brand-700" : "border-transparent text-slate-700 hover:border-brand-500"}`;
  return (
    <nav aria-label={t("tabs.label")} className="mb-4 flex flex-wrap gap-4 border-b border-slate-200 text-sm">
      <Link href="/talent" className={tab("/talent")} aria-current={pathname === "/talent" ? "page" : undefined}>
        {t("tabs.board")}
      </Link>
      {signedIn ? (
        <Link
          href="/talent/applications"
          className={tab("/talent/applications")}
          aria-current={pathname === "/talent/applications" ? "page" : undefined}
        >
          {t("tabs.applications")}
        </Link>
      ) : null}
    </nav>
  );
}

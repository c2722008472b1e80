"use client";
import { useTranslations } from "next-intl";
import type { ProjectStatus } from "@/server/features/projects/rules/project-lifecycle";
import { Badge } from "@/app/components/ui/card";

const tones: Record<ProjectStatus, "slate" | "brand" | "green" | "amber" | "red"> = {
  draft: "slate",
  submitted: "brand",
  voting: "amber",
  approved: "green",
  rejected: "red",
  archived: "slate",
  withdrawn: "slate",
};

export function StatusBadge({ status }: { status: ProjectStatus }) {
  const t = useTranslations("projects.statuses");
  return (
    <span data-testid="project-status">
      <Badge tone={tones[status]}>{t(status)}</Badge>
    </span>
  );
}

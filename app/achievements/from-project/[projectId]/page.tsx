import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { orNotFound, routeId } from "@/app/_features/achievements/load";
import { Alert, PageHeader } from "../../../components/ui/card";
import { currentUser, serverCaller } from "../../../lib/server";
import { OutcomesForm } from "./outcomes-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("achievements.fromProject");
  return { title: t("heading") };
}

/** Splits the project's expected outcomes (one per line or per ；) into proposed achievements. */
function outcomeLines(text: string): string[] {
  return text
    .split(/[\n；;。]+/)
    .map((line) => line.trim())
    .filter(Boolean)
    .slice(0, 20);
}

export default async function FromProjectPage({ params }: { params: Promise<{ projectId: string }> }) {
  const projectId = routeId((await params).projectId);
  const [t, user] = await Promise.all([getTranslations("achievements.fromProject"), currentUser()]);
  const project = await orNotFound((await serverCaller()).projects.get({ projectId }));
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <Link href={`/projects/${project.id}`} className="text-sm text-brand-700 hover:underline">
        ← {project.title}
      </Link>
      <PageHeader title={t("heading")} description={t("intro")} />
      {!user || project.status !== "approved" ? (
        <Alert tone="info">{t("notApproved")}</Alert>
      ) : (
        <OutcomesForm projectId={project.id} lines={outcomeLines(project.expectedOutcomes)} />
      )}
    </div>
  );
}

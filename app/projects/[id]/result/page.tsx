import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { loadProject } from "@/app/_features/projects/load-project";
import { ProjectResult } from "./project-result";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const [project, t] = await Promise.all([loadProject((await params).id), getTranslations("ballots.result")]);
  return { title: t("pageTitle", { title: project.title }) };
}

export default async function ProjectResultPage({ params }: { params: Promise<{ id: string }> }) {
  const [project, t] = await Promise.all([loadProject((await params).id), getTranslations("ballots.result")]);
  return (
    <div className="space-y-6">
      <Link href={`/projects/${project.id}`} className="text-sm text-brand-700 hover:underline">
        ← {t("backToProject")}
      </Link>
      <h1 className="text-2xl font-semibold tracking-tight text-slate-900">
        {t("pageTitle", { title: project.title })}
      </h1>
      <ProjectResult project={project} />
    </div>
  );
}

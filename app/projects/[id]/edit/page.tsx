import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Alert, PageHeader } from "../../../components/ui/card";
import { currentUser } from "../../../lib/server";
import { ProjectForm } from "../../../_features/projects/project-form";
import { loadProject } from "@/app/_features/projects/load-project";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const [project, t] = await Promise.all([loadProject((await params).id), getTranslations("projects.form")]);
  return { title: t("editTitle", { title: project.title }) };
}

/** Authors and accepted co-proposers edit here; the server decides again on save. */
export default async function EditProjectPage({ params }: { params: Promise<{ id: string }> }) {
  const [project, t, user] = await Promise.all([
    loadProject((await params).id),
    getTranslations("projects"),
    currentUser(),
  ]);
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <Link href={`/projects/${project.id}`} className="text-sm text-brand-700 hover:underline">
        ← {project.title}
      </Link>
      <PageHeader title={t("form.editHeading")} description={t("form.editIntro")} />
      {user && project.viewer.canEdit ? (
        <ProjectForm defaultRegionId={user.regionId} editing={project} />
      ) : (
        <Alert tone="info">{t("form.cannotEdit")}</Alert>
      )}
    </div>
  );
}

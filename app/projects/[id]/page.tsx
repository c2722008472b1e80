import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { currentUser } from "../../lib/server";
import { loadProject } from "@/app/_features/projects/load-project";
import { ProjectView } from "@/app/_features/projects/project-view";
import { AttachmentsSection } from "@/app/_features/attachments/attachments-section";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const project = await loadProject((await params).id);
  return { title: project.title };
}

export default async function ProjectPage({ params }: { params: Promise<{ id: string }> }) {
  const [project, t, user] = await Promise.all([
    loadProject((await params).id),
    getTranslations("projects"),
    currentUser(),
  ]);
  return (
    <div className="space-y-6">
      <Link href="/projects" className="text-sm text-brand-700 hover:underline">
        ← {t("back")}
      </Link>
      <ProjectView initial={project} viewer={user ? { id: user.id, role: user.role } : null} />
      <AttachmentsSection parent={{ kind: "project", id: project.id }} signedIn={user !== null} />
    </div>
  );
}

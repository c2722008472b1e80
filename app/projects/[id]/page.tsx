import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { currentUser, serverCaller } from "../../lib/server";
import { ProjectView } from "./project-view";

async function load(id: string) {
  const projectId = Number(id);
  if (!Number.isSafeInteger(projectId) || projectId <= 0) notFound();
  const caller = await serverCaller();
  return caller.projects.get({ projectId }).catch((error: unknown) => {
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) notFound();
    throw error;
  });
}

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const project = await load((await params).id);
  return { title: project.title };
}

export default async function ProjectPage({ params }: { params: Promise<{ id: string }> }) {
  const [project, t, user] = await Promise.all([load((await params).id), getTranslations("projects"), currentUser()]);
  return (
    <div className="space-y-6">
      <Link href="/projects" className="text-sm text-brand-700 hover:underline">
        ← {t("back")}
      </Link>
      <ProjectView initial={project} viewer={user ? { id: user.id, role: user.role } : null} />
    </div>
  );
}

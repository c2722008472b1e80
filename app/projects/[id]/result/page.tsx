import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { serverCaller } from "../../../lib/server";
import { ProjectResult } from "./project-result";

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
  const [project, t] = await Promise.all([load((await params).id), getTranslations("ballots.result")]);
  return { title: t("pageTitle", { title: project.title }) };
}

export default async function ProjectResultPage({ params }: { params: Promise<{ id: string }> }) {
  const [project, t] = await Promise.all([load((await params).id), getTranslations("ballots.result")]);
  return (
    <div className="space-y-6">
      <Link href={`/projects/${project.id}`} className="text-sm text-brand-700 hover:underline">
        ← {t("backToProject")}
      </Link>
      <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{t("pageTitle", { title: project.title })}</h1>
      <ProjectResult project={project} />
    </div>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Alert, PageHeader } from "../../components/ui/card";
import { currentUser } from "../../lib/server";
import { ProjectForm } from "@/app/_features/projects/project-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("projects.form");
  return { title: t("heading") };
}

export default async function NewProjectPage() {
  const [t, tCommon, user] = await Promise.all([getTranslations("projects"), getTranslations("common"), currentUser()]);
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <Link href="/projects" className="text-sm text-brand-700 hover:underline">
        ← {t("back")}
      </Link>
      <PageHeader title={t("form.heading")} description={t("form.intro")} />
      {user ? <ProjectForm defaultRegionId={user.regionId} /> : <Alert tone="info">{tCommon("signInRequired")}</Alert>}
    </div>
  );
}

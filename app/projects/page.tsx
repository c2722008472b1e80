import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ButtonLink } from "../components/ui/button";
import { PageHeader } from "../components/ui/card";
import { currentUser } from "../lib/server";
import { ProjectList } from "./project-list";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("projects");
  return { title: t("title") };
}

/** Who may propose is the server's decision; the button only saves others a refused form. */
const proposingRoles = new Set(["researcher", "member", "admin"]);

export default async function ProjectsPage() {
  // The status filter (the workbench links to ?status=draft) is read from the URL by the list itself.
  const [t, user] = await Promise.all([getTranslations("projects"), currentUser()]);
  return (
    <div>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          user && proposingRoles.has(user.role) ? <ButtonLink href="/projects/new">{t("newProject")}</ButtonLink> : null
        }
      />
      <ProjectList canSeeDrafts={user !== null} />
    </div>
  );
}

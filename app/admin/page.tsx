import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { Alert, PageHeader } from "../components/ui/card";
import { currentUser } from "../lib/server";
import { ForumsPanel } from "./forums-panel";
import { InvitationsPanel } from "./invitations-panel";

export default async function AdminPage() {
  const user = await currentUser();
  if (!user) redirect("/sign-in?callbackUrl=/admin");
  const t = await getTranslations("admin");
  if (user.role !== "admin") return <Alert>{t("forbidden")}</Alert>;
  return (
    <div className="space-y-10">
      <PageHeader title={t("title")} description={t("description")} />
      <nav aria-label={t("sections")} className="-mt-6 flex gap-4 text-sm">
        <a href="#invitations" className="text-brand-700 hover:underline">
          {t("invitations")}
        </a>
        <a href="#forums" className="text-brand-700 hover:underline">
          {t("forumsTitle")}
        </a>
      </nav>
      <section id="invitations" aria-labelledby="invitations-title" className="space-y-3">
        <h2 id="invitations-title" className="text-lg font-semibold">
          {t("invitations")}
        </h2>
        <InvitationsPanel />
      </section>
      <section id="forums" aria-labelledby="forums-title" className="space-y-3">
        <h2 id="forums-title" className="text-lg font-semibold">
          {t("forumsTitle")}
        </h2>
        <p className="text-sm text-slate-600">{t("forumsHint")}</p>
        <ForumsPanel />
      </section>
    </div>
  );
}

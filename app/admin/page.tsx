import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { Alert, PageHeader } from "../components/ui/card";
import { currentUser } from "../lib/server";
import { InvitationsPanel } from "./invitations-panel";

export default async function AdminPage() {
  const user = await currentUser();
  if (!user) redirect("/sign-in?callbackUrl=/admin");
  const t = await getTranslations("admin");
  if (user.role !== "admin") return <Alert>{t("forbidden")}</Alert>;
  return (
    <div>
      <PageHeader title={t("title")} description={t("description")} />
      <InvitationsPanel />
    </div>
  );
}

import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ApplicationLists } from "@/app/_features/talent/application-lists";
import { TalentTabs } from "@/app/_features/talent/talent-bits";
import { Alert, PageHeader } from "../../components/ui/card";
import { currentUser } from "../../lib/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("talent.lists");
  return { title: t("title") };
}

export default async function ApplicationsPage() {
  const [t, tCommon, user] = await Promise.all([
    getTranslations("talent.lists"),
    getTranslations("common"),
    currentUser(),
  ]);
  return (
    <div>
      <PageHeader title={t("title")} description={t("description")} />
      <TalentTabs signedIn={user !== null} />
      {user ? <ApplicationLists viewerId={user.id} /> : <Alert tone="info">{tCommon("signInRequired")}</Alert>}
    </div>
  );
}

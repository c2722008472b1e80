import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { Card, PageHeader } from "../../components/ui/card";
import { NotificationPreferences } from "../../_features/notifications/notification-preferences";
import { currentUser } from "../../lib/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("notifications");
  return { title: t("preferences.title") };
}

export default async function NotificationPreferencesPage() {
  if (!(await currentUser())) redirect("/sign-in?callbackUrl=/notifications/preferences");
  const t = await getTranslations("notifications");
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <PageHeader title={t("preferences.title")} description={t("preferences.description")} />
      <Card>
        <NotificationPreferences />
      </Card>
    </div>
  );
}

import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { ButtonLink } from "../components/ui/button";
import { PageHeader } from "../components/ui/card";
import { currentUser } from "../lib/server";
import { NotificationList } from "./notification-list";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("notifications");
  return { title: t("title") };
}

export default async function NotificationsPage() {
  const user = await currentUser();
  if (!user) redirect("/sign-in?callbackUrl=/notifications");
  const t = await getTranslations("notifications");
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader
        title={t("title")}
        actions={
          <ButtonLink href="/notifications/preferences" variant="secondary" size="sm">
            {t("preferencesLink")}
          </ButtonLink>
        }
      />
      <NotificationList userId={user.id} />
    </div>
  );
}

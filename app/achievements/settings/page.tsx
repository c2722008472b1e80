import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { AchievementTabs } from "@/app/_features/achievements/achievement-bits";
import { PageHeader } from "../../components/ui/card";
import { currentUser } from "../../lib/server";
import { SettingsPanels } from "./settings-panels";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("achievements.settings");
  return { title: t("title") };
}

export default async function AchievementSettingsPage() {
  const [t, user] = await Promise.all([getTranslations("achievements.settings"), currentUser()]);
  if (user?.role !== "admin") notFound();
  return (
    <div>
      <PageHeader title={t("title")} description={t("description")} />
      <AchievementTabs signedIn admin />
      <SettingsPanels />
    </div>
  );
}

import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { AchievementTabs } from "@/app/_features/achievements/achievement-bits";
import { PageHeader } from "../../components/ui/card";
import { currentUser } from "../../lib/server";
import { NeedsBoard } from "./needs-board";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("achievements.needs");
  return { title: t("title") };
}

export default async function NeedsPage() {
  const [t, user] = await Promise.all([getTranslations("achievements.needs"), currentUser()]);
  return (
    <div>
      <PageHeader title={t("title")} description={t("description")} />
      <AchievementTabs signedIn={user !== null} admin={user?.role === "admin"} />
      <NeedsBoard signedIn={user !== null} />
    </div>
  );
}

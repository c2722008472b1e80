import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { AchievementTabs } from "@/app/_features/achievements/achievement-bits";
import { ButtonLink } from "../components/ui/button";
import { PageHeader } from "../components/ui/card";
import { currentUser } from "../lib/server";
import { Showcase } from "./showcase";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("achievements");
  return { title: t("title") };
}

/** Who may offer an achievement is the server's decision; the button only saves others a refused form. */
const offeringRoles = new Set(["researcher", "member", "admin"]);

export default async function AchievementsPage() {
  const [t, user] = await Promise.all([getTranslations("achievements"), currentUser()]);
  return (
    <div>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          user && offeringRoles.has(user.role) ? <ButtonLink href="/achievements/new">{t("new")}</ButtonLink> : null
        }
      />
      <AchievementTabs signedIn={user !== null} admin={user?.role === "admin"} />
      <Showcase signedIn={user !== null} />
    </div>
  );
}

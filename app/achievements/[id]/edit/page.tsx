import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { AchievementForm } from "@/app/_features/achievements/achievement-form";
import { loadAchievement } from "@/app/_features/achievements/load";
import { PageHeader } from "../../../components/ui/card";
import { currentUser } from "../../../lib/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("achievements.form");
  return { title: t("editHeading") };
}

export default async function EditAchievementPage({ params }: { params: Promise<{ id: string }> }) {
  const [achievement, t, user] = await Promise.all([
    loadAchievement((await params).id),
    getTranslations("achievements"),
    currentUser(),
  ]);
  // Someone who may not edit is shown no form: the page does not exist for them.
  if (!user || !achievement.canEdit) notFound();
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <Link href={`/achievements/${achievement.id}`} className="text-sm text-brand-700 hover:underline">
        ← {t("back")}
      </Link>
      <PageHeader title={t("form.editHeading")} />
      <AchievementForm editing={achievement} defaultOwner={{ organisation: "", regionId: user.regionId }} />
    </div>
  );
}

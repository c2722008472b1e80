import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { AchievementForm } from "@/app/_features/achievements/achievement-form";
import { Alert, PageHeader } from "../../components/ui/card";
import { currentUser, serverCaller } from "../../lib/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("achievements.form");
  return { title: t("heading") };
}

export default async function NewAchievementPage() {
  const [t, tCommon, user] = await Promise.all([
    getTranslations("achievements"),
    getTranslations("common"),
    currentUser(),
  ]);
  const me = user ? await (await serverCaller()).account.me() : null;
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <Link href="/achievements" className="text-sm text-brand-700 hover:underline">
        ← {t("back")}
      </Link>
      <PageHeader title={t("form.heading")} description={t("form.intro")} />
      {user && me ? (
        <AchievementForm defaultOwner={{ organisation: me.organisation, regionId: user.regionId }} />
      ) : (
        <Alert tone="info">{tCommon("signInRequired")}</Alert>
      )}
    </div>
  );
}

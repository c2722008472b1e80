import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { forbidden, redirect } from "next/navigation";
import { PageHeader } from "../components/ui/card";
import { currentUser } from "../lib/server";
import { ModerationQueue } from "./queue";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("moderation");
  return { title: t("title") };
}

export default async function ModerationPage() {
  const user = await currentUser();
  if (!user) redirect("/sign-in?callbackUrl=/moderation");
  const t = await getTranslations("moderation");
  if (user.role !== "moderator" && user.role !== "admin") forbidden();
  return (
    <div className="space-y-6">
      <PageHeader title={t("title")} description={t("description")} />
      <ModerationQueue viewerId={user.id} viewerRole={user.role} />
    </div>
  );
}

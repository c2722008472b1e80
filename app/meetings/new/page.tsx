import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Alert, PageHeader } from "../../components/ui/card";
import { currentUser } from "../../lib/server";
import { MeetingForm } from "../../_features/meetings/meeting-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("meetings.form");
  return { title: t("newTitle") };
}

/** Chairs and admins draft meetings; the server decides again on save. */
export default async function NewMeetingPage() {
  const [t, user] = await Promise.all([getTranslations("meetings"), currentUser()]);
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <Link href="/meetings" className="text-sm text-brand-700 hover:underline">
        ← {t("back")}
      </Link>
      <PageHeader title={t("form.newTitle")} description={t("form.intro")} />
      {user && (user.role === "member" || user.role === "admin") ? (
        <MeetingForm />
      ) : (
        <Alert tone="info">{t("form.chairOnly")}</Alert>
      )}
    </div>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { Alert, PageHeader } from "../../../components/ui/card";
import { loadMeeting } from "@/app/_features/meetings/load-meeting";
import { MeetingForm } from "@/app/_features/meetings/meeting-form";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const [{ meeting }, locale, t] = await Promise.all([
    loadMeeting((await params).id),
    getLocale(),
    getTranslations("meetings.form"),
  ]);
  return { title: t("editTitle", { title: locale === "en" ? meeting.titleEn : meeting.titleZh }) };
}

export default async function EditMeetingPage({ params }: { params: Promise<{ id: string }> }) {
  const [data, locale, t] = await Promise.all([
    loadMeeting((await params).id),
    getLocale(),
    getTranslations("meetings"),
  ]);
  const title = locale === "en" ? data.meeting.titleEn : data.meeting.titleZh;
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <Link href={`/meetings/${data.meeting.id}`} className="text-sm text-brand-700 hover:underline">
        ← {title}
      </Link>
      <PageHeader title={t("form.editTitle", { title })} />
      {data.viewer.agendaEditable ? (
        <MeetingForm editing={data.meeting} />
      ) : (
        <Alert tone="info">{t("form.locked")}</Alert>
      )}
    </div>
  );
}

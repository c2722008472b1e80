import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { loadMeeting } from "@/app/_features/meetings/load-meeting";
import { MeetingView } from "@/app/_features/meetings/meeting-view";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const [{ meeting }, locale] = await Promise.all([loadMeeting((await params).id), getLocale()]);
  return { title: locale === "en" ? meeting.titleEn : meeting.titleZh };
}

export default async function MeetingPage({ params }: { params: Promise<{ id: string }> }) {
  const [{ meeting }, t] = await Promise.all([loadMeeting((await params).id), getTranslations("meetings")]);
  return (
    <div className="space-y-4">
      <Link href="/meetings" className="text-sm text-brand-700 hover:underline">
        ← {t("back")}
      </Link>
      <MeetingView meetingId={meeting.id} />
    </div>
  );
}

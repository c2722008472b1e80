import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { loadMeeting } from "@/app/_features/meetings/load-meeting";
import { MeetingView } from "@/app/_features/meetings/meeting-view";
import { AttachmentsSection } from "@/app/_features/attachments/attachments-section";
import { OfflinePack } from "@/app/_features/offline/offline-pack";
import { hasMinutes } from "@/server/features/meetings/pack/pack-rules";
import { currentUser } from "../../lib/server";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const [{ meeting }, locale] = await Promise.all([loadMeeting((await params).id), getLocale()]);
  return { title: locale === "en" ? meeting.titleEn : meeting.titleZh };
}

export default async function MeetingPage({ params }: { params: Promise<{ id: string }> }) {
  const [{ meeting, agenda, decisions }, t, user] = await Promise.all([
    loadMeeting((await params).id),
    getTranslations("meetings"),
    currentUser(),
  ]);
  return (
    <div className="space-y-4">
      <Link href="/meetings" className="text-sm text-brand-700 hover:underline">
        ← {t("back")}
      </Link>
      <MeetingView meetingId={meeting.id} />
      <AttachmentsSection parent={{ kind: "meeting", id: meeting.id }} signedIn={user !== null} />
      <OfflinePack meetingId={meeting.id} hasMinutes={hasMinutes(agenda, decisions.length)} />
    </div>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "../components/ui/card";
import { MeetingList } from "./meeting-list";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("meetings");
  return { title: t("title") };
}

export default async function MeetingsPage() {
  const [t, tFeeds] = await Promise.all([getTranslations("meetings"), getTranslations("calendarFeeds")]);
  return (
    <div>
      {/* Feeds are personal (a secret address per person), so they are made on the profile page. */}
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          <Link href="/me#calendar-feeds" className="text-sm font-medium text-brand-700 hover:underline">
            {tFeeds("meetingsLink")} →
          </Link>
        }
      />
      <MeetingList />
    </div>
  );
}

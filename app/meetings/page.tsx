import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "../components/ui/card";
import { MeetingList } from "./meeting-list";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("meetings");
  return { title: t("title") };
}

export default async function MeetingsPage() {
  const t = await getTranslations("meetings");
  return (
    <div>
      <PageHeader title={t("title")} description={t("description")} />
      <MeetingList />
    </div>
  );
}

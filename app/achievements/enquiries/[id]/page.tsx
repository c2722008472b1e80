import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { loadEnquiry } from "@/app/_features/achievements/load";
import { currentUser } from "../../../lib/server";
import { EnquiryThread } from "./enquiry-thread";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const [enquiry, t, locale] = await Promise.all([
    loadEnquiry((await params).id),
    getTranslations("achievements.enquiries"),
    getLocale(),
  ]);
  return { title: t("thread", { title: locale === "en" ? enquiry.achievement.titleEn : enquiry.achievement.titleZh }) };
}

export default async function EnquiryPage({ params }: { params: Promise<{ id: string }> }) {
  const [enquiry, t, user] = await Promise.all([
    loadEnquiry((await params).id),
    getTranslations("achievements.enquiries"),
    currentUser(),
  ]);
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <Link href="/achievements/enquiries" className="text-sm text-brand-700 hover:underline">
        ← {t("title")}
      </Link>
      <EnquiryThread initial={enquiry} isAdmin={user?.role === "admin"} viewerId={user?.id ?? null} />
    </div>
  );
}

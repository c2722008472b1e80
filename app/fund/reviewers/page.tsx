import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "../../components/ui/card";
import { ReviewersPanel } from "./reviewers-panel";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("fund.reviewers");
  return { title: t("title") };
}

/** Admins appoint reviewers among researchers; the server refuses anyone else. */
export default async function ReviewersPage() {
  const t = await getTranslations("fund.reviewers");
  return (
    <div>
      <PageHeader title={t("title")} description={t("description")} />
      <ReviewersPanel />
    </div>
  );
}

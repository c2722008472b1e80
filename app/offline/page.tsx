import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Card } from "../components/ui/card";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("offline");
  return { title: t("title") };
}

/** What the service worker shows for a page it has not saved when there is no network. */
export default async function OfflinePage() {
  const t = await getTranslations("offline");
  return (
    <Card className="mx-auto max-w-xl space-y-3">
      <h1 className="text-xl font-semibold text-slate-900">{t("title")}</h1>
      <p className="text-slate-700">{t("body")}</p>
      <p className="flex flex-wrap gap-4 text-sm">
        <Link href="/" className="text-brand-700 hover:underline">
          {t("home")}
        </Link>
        <Link href="/meetings" className="text-brand-700 hover:underline">
          {t("meetings")}
        </Link>
      </p>
    </Card>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { loadNeed } from "@/app/_features/achievements/load";
import { Badge, Card } from "../../../components/ui/card";
import { currentUser } from "../../../lib/server";
import { NeedMatches } from "./need-matches";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const need = await loadNeed((await params).id);
  return { title: need.title };
}

export default async function NeedPage({ params }: { params: Promise<{ id: string }> }) {
  const [need, t, user, locale] = await Promise.all([
    loadNeed((await params).id),
    getTranslations("achievements.needs"),
    currentUser(),
    getLocale(),
  ]);
  return (
    <div className="space-y-6">
      <Link href="/achievements/needs" className="text-sm text-brand-700 hover:underline">
        ← {t("title")}
      </Link>
      <header className="space-y-1">
        <div className="flex flex-wrap gap-2">
          {need.status === "closed" ? <Badge>{t("closed")}</Badge> : null}
          {need.sectors.map((s) => (
            <Badge key={s} tone="brand">
              {s}
            </Badge>
          ))}
        </div>
        <h1 className="text-2xl font-semibold text-slate-900">{need.title}</h1>
        <p className="text-sm text-slate-500">
          {t("posted", {
            organisation: need.organisation,
            region: locale === "en" ? need.region.nameEn : need.region.nameZh,
          })}
        </p>
      </header>
      <Card>
        <h2 className="mb-2 font-semibold text-slate-900">{t("problem")}</h2>
        <p className="whitespace-pre-line text-slate-700">{need.problem}</p>
        <p className="mt-2 text-sm text-slate-500">
          {t("timelineValue", { months: need.timelineMonths })} · {t("wantsTrl", { level: need.minTrl })}
        </p>
      </Card>
      <NeedMatches
        needId={need.id}
        canEnquire={user !== null && user.id === need.postedById}
        canClose={need.canEdit && need.status === "open"}
      />
    </div>
  );
}

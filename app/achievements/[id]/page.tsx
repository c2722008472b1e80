import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { getFormatter } from "@/app/lib/server-formatter";
import { loadAchievement } from "@/app/_features/achievements/load";
import { ButtonLink } from "../../components/ui/button";
import { Badge, Card } from "../../components/ui/card";
import { currentUser } from "../../lib/server";
import { trlStage } from "@/server/features/achievements/rules/trl";
import { AttachmentsSection } from "@/app/_features/attachments/attachments-section";
import { EnquiryBox, MatchingNeeds, Transfers, Versions } from "./panels";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const [achievement, locale] = await Promise.all([loadAchievement((await params).id), getLocale()]);
  return { title: locale === "en" ? achievement.titleEn : achievement.titleZh };
}

export default async function AchievementPage({ params }: { params: Promise<{ id: string }> }) {
  const [a, t, user, locale, format] = await Promise.all([
    loadAchievement((await params).id),
    getTranslations("achievements"),
    currentUser(),
    getLocale(),
    getFormatter(),
  ]);
  const en = locale === "en";
  const region = (r: { nameZh: string; nameEn: string }) => (en ? r.nameEn : r.nameZh);
  const yuan = (n: number) =>
    format.number(n, { style: "currency", currency: "CNY", currencyDisplay: "narrowSymbol", maximumFractionDigits: 0 });
  const facts: [string, string][] = [
    [t("detail.kind"), t(`kinds.${a.kind}`)],
    [t("detail.readiness"), `${t("trl", { level: a.trl })} · ${t(`trlStage.${trlStage(a.trl)}`)}`],
    [t("detail.ip"), a.ipNumber ? `${t(`ip.${a.ipStatus}`)} · ${a.ipNumber}` : t(`ip.${a.ipStatus}`)],
    [t("detail.modes"), a.transferModes.map((m) => t(`modes.${m}`)).join(" / ")],
    [t("detail.price"), a.priceYuan ? t("price", { price: yuan(a.priceYuan) }) : t("negotiable")],
    [t("detail.sectors"), a.sectors.join(en ? ", " : "、") || "—"],
  ];
  return (
    <div className="space-y-6">
      <Link href="/achievements" className="text-sm text-brand-700 hover:underline">
        ← {t("back")}
      </Link>
      <header className="space-y-2">
        <div className="flex flex-wrap items-center gap-2">
          <Badge tone="brand">{t(`kinds.${a.kind}`)}</Badge>
          {a.status !== "published" ? <Badge tone="amber">{t(`statuses.${a.status}`)}</Badge> : null}
        </div>
        <h1 className="text-2xl font-semibold text-slate-900">{en ? a.titleEn : a.titleZh}</h1>
        <p className="text-slate-500" lang={en ? "zh-CN" : "en"}>
          {en ? a.titleZh : a.titleEn}
        </p>
        <p className="text-sm text-slate-600">
          {t("owners")}: {a.owners.map((o) => `${o.organisation}（${region(o.region)}）`).join(" · ")}
        </p>
        <p className="text-sm text-slate-600">
          {a.originProject ? (
            <>
              {t("origin")}:{" "}
              <Link className="text-brand-700 hover:underline" href={`/projects/${a.originProject.id}`}>
                {a.originProject.title}
              </Link>
            </>
          ) : (
            t("independent")
          )}
        </p>
        {a.canEdit ? (
          <ButtonLink variant="secondary" size="sm" href={`/achievements/${a.id}/edit`}>
            {t("detail.edit")}
          </ButtonLink>
        ) : null}
      </header>
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <Card>
            <h2 className="mb-2 font-semibold text-slate-900">{t("detail.summary")}</h2>
            <p className="whitespace-pre-line text-slate-700">{en ? a.summaryEn : a.summaryZh}</p>
            <p className="mt-3 whitespace-pre-line text-sm text-slate-500" lang={en ? "zh-CN" : "en"}>
              {en ? a.summaryZh : a.summaryEn}
            </p>
          </Card>
          <MatchingNeeds achievementId={a.id} />
          <Transfers achievementId={a.id} canRecord={a.canEdit} />
        </div>
        <div className="space-y-6">
          <Card>
            <h2 className="mb-2 font-semibold text-slate-900">{t("detail.facts")}</h2>
            <dl className="space-y-2 text-sm">
              {facts.map(([label, value]) => (
                <div key={label}>
                  <dt className="text-slate-500">{label}</dt>
                  <dd className="text-slate-800">{value}</dd>
                </div>
              ))}
              <div>
                <dt className="text-slate-500">{t("detail.editors")}</dt>
                <dd className="text-slate-800">{a.editors.map((e) => e.displayName).join(en ? ", " : "、")}</dd>
              </div>
            </dl>
            <p className="mt-3 text-xs text-slate-500">{t("detail.contactOnly")}</p>
          </Card>
          <EnquiryBox
            achievementId={a.id}
            signedIn={user !== null}
            isOwner={a.isEditor}
            published={a.status === "published"}
          />
          <AttachmentsSection parent={{ kind: "achievement", id: a.id }} signedIn={user !== null} />
          <Versions achievementId={a.id} />
        </div>
      </div>
    </div>
  );
}

"use client";
import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { usePathname } from "next/navigation";
import { trlStage } from "@/server/features/achievements/rules/trl";
import type { RouterOutputs } from "../../lib/router-types";
import { Badge } from "../../components/ui/card";

/** The feature's own navigation: showcase, needs, enquiries, flows (and settings for admins). */
export function AchievementTabs({ signedIn, admin }: { signedIn: boolean; admin: boolean }) {
  const t = useTranslations("achievements.tabs");
  const path = usePathname();
  const tabs = [
    { href: "/achievements", label: t("showcase") },
    { href: "/achievements/needs", label: t("needs") },
    ...(signedIn ? [{ href: "/achievements/enquiries", label: t("enquiries") }] : []),
    { href: "/achievements/flows", label: t("flows") },
    ...(admin ? [{ href: "/achievements/settings", label: t("settings") }] : []),
  ];
  return (
    <nav aria-label={t("showcase")} className="mb-4 flex gap-1 overflow-x-auto border-b border-slate-200">
      {tabs.map((tab) => {
        const current = tab.href === "/achievements" ? path === tab.href : path.startsWith(tab.href);
        return (
          <Link
            key={tab.href}
            href={tab.href}
            aria-current={current ? "page" : undefined}
            className={`whitespace-nowrap border-b-2 px-3 py-2 text-sm ${current ? "border-brand-600 font-medium text-brand-700" : "border-transparent text-slate-600 hover:text-slate-900"}`}
          >
            {tab.label}
          </Link>
        );
      })}
    </nav>
  );
}

export function TrlBadge({ trl }: { trl: number }) {
  const t = useTranslations("achievements");
  return (
    <Badge tone={trl >= 7 ? "green" : trl >= 4 ? "brand" : "amber"}>
      {t("trl", { level: trl })} · {t(`trlStage.${trlStage(trl)}`)}
    </Badge>
  );
}

/** Title in the reader's language; the other language stays one click away on the page itself. */
export function useBilingual() {
  const locale = useLocale();
  return (row: { titleZh: string; titleEn: string }) => (locale === "en" ? row.titleEn : row.titleZh);
}

export function useRegionLabel() {
  const locale = useLocale();
  return (region: { nameZh: string; nameEn: string } | null | undefined) =>
    region ? (locale === "en" ? region.nameEn : region.nameZh) : "—";
}

type NeedMatch = RouterOutputs["achievements"]["needMatches"][number];

/** Why a match was made: the shared terms, the shared sectors, the readiness fit and the region rule. */
export function MatchReasons({
  match,
}: {
  match: Pick<NeedMatch, "score" | "explanation" | "ownerRegion" | "needRegion">;
}) {
  const t = useTranslations("achievements.match");
  const tStrength = useTranslations("achievements.strengths");
  const regionName = useRegionLabel();
  const locale = useLocale();
  const { explanation: e } = match;
  const join = (items: string[]) => items.join(locale === "en" ? ", " : "、");
  const pct = (x: number) => Math.round(x * 100);
  return (
    <ul className="mt-2 space-y-1 text-sm text-slate-600" aria-label={t("score", { score: match.score })}>
      <li>{e.terms.length ? t("terms", { terms: join(e.terms) }) : t("noTerms")}</li>
      {e.sectors.length ? <li>{t("sectors", { sectors: join(e.sectors) })}</li> : null}
      <li>{t("trl", { achievement: e.trl.achievement, wanted: e.trl.wanted, fit: pct(e.trl.fit) })}</li>
      <li>
        {t(`region.${e.region.rule}`, {
          owner: regionName(match.ownerRegion),
          need: regionName(match.needRegion),
          ownerStrength: tStrength(e.region.ownerStrength ?? "unset"),
          needStrength: tStrength(e.region.needStrength ?? "unset"),
        })}
      </li>
      <li className="text-xs text-slate-500">
        {t("parts", {
          text: pct(e.parts.text),
          sector: pct(e.parts.sector),
          trl: pct(e.parts.trl),
          region: pct(e.parts.region),
        })}
      </li>
    </ul>
  );
}

export function ScoreBadge({ score }: { score: number }) {
  const t = useTranslations("achievements.match");
  return <Badge tone={score >= 60 ? "green" : score >= 35 ? "brand" : "slate"}>{t("score", { score })}</Badge>;
}

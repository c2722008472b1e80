import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { getFormatter } from "@/app/lib/server-formatter";
import { redirect } from "next/navigation";
import { Badge, Card, PageHeader } from "../components/ui/card";
import { pick } from "../lib/localized";
import { currentUser, serverCaller } from "../lib/server";
import { PasswordForm } from "./password-form";
import { ProfileForm } from "./profile-form";
import { OrganisationKindField } from "@/app/_features/opinions/organisation-kind-field";
import { TwoFactorSection } from "./two-factor-section";
import { ExpertiseSection } from "@/app/_features/talent/expertise-form";
import { SsoSection } from "@/app/_features/sso/sso-section";
import { CalendarFeedsSection } from "@/app/_features/calendar-feeds/calendar-feeds-section";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("me");
  return { title: t("title") };
}

export default async function ProfilePage({ searchParams }: { searchParams: Promise<{ sso?: string | string[] }> }) {
  const user = await currentUser();
  if (!user) redirect("/sign-in?callbackUrl=/me");
  const [t, locale, format, caller] = await Promise.all([
    getTranslations(),
    getLocale(),
    getFormatter(),
    serverCaller(),
  ]);
  const profile = await caller.account.me();
  const { sso: ssoOutcome } = await searchParams;
  return (
    <div className="space-y-6">
      <PageHeader
        title={t("me.title")}
        description={t("me.memberSince", { date: format.dateTime(profile.createdAt, { dateStyle: "long" }) })}
      />
      <div className="grid gap-6 lg:grid-cols-[20rem_1fr]">
        <Card>
          <h2 className="font-semibold">{t("me.details")}</h2>
          <dl className="mt-3 space-y-3 text-sm">
            <div>
              <dt className="text-slate-500">{t("me.email")}</dt>
              <dd className="break-all font-medium">{profile.email}</dd>
            </div>
            <div>
              <dt className="text-slate-500">{t("me.role")}</dt>
              <dd>
                <Badge tone="brand">{t(`roles.${profile.role}`)}</Badge>
              </dd>
            </div>
            <div>
              <dt className="text-slate-500">{t("me.region")}</dt>
              <dd className="font-medium">{pick(locale, profile.region, "name")}</dd>
            </div>
            <div>
              <dt className="text-slate-500">{t("me.cluster")}</dt>
              <dd className="font-medium">{pick(locale, profile.cluster, "name")}</dd>
            </div>
          </dl>
        </Card>
        <div className="space-y-6">
          <Card>
            <ProfileForm
              initial={{ displayName: profile.displayName, organisation: profile.organisation, locale: profile.locale }}
            />
            <div className="mt-4">
              <OrganisationKindField />
            </div>
          </Card>
          <Card>
            <ExpertiseSection accountId={user.id} />
          </Card>
          <Card>
            <PasswordForm />
          </Card>
          <Card>
            <h2 className="font-semibold">{t("notifications.preferences.title")}</h2>
            <p className="mt-1 text-sm text-slate-600">{t("notifications.preferences.description")}</p>
            <Link
              href="/notifications/preferences"
              className="mt-3 inline-block text-sm font-medium text-brand-700 hover:underline"
            >
              {t("notifications.preferencesLink")} →
            </Link>
          </Card>
          <Card>
            <CalendarFeedsSection ownRegionId={profile.region.id} isAdmin={profile.role === "admin"} />
          </Card>
          <Card>
            <TwoFactorSection mustEnrol={user.enrolmentRequired === true} />
          </Card>
          <Card>
            <SsoSection outcome={typeof ssoOutcome === "string" ? ssoOutcome : null} />
          </Card>
        </div>
      </div>
    </div>
  );
}

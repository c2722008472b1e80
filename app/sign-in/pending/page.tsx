import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ButtonLink } from "../../components/ui/button";
import { Card } from "../../components/ui/card";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("sso.pending");
  return { title: t("title") };
}

/** Where a first SSO sign-in lands while an admin has not yet approved it; no session exists yet. */
export default async function SsoPendingPage() {
  const t = await getTranslations("sso.pending");
  return (
    <div className="mx-auto max-w-md">
      <Card className="p-6">
        <h1 className="text-2xl font-semibold" data-testid="sso-pending">
          {t("title")}
        </h1>
        <p className="mt-3 text-slate-700">{t("body")}</p>
        <p className="mt-3 text-sm text-slate-600">{t("next")}</p>
        <div className="mt-6">
          <ButtonLink href="/sign-in" variant="secondary">
            {t("back")}
          </ButtonLink>
        </div>
      </Card>
    </div>
  );
}

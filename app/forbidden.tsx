import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ButtonLink } from "./components/ui/button";
import { Alert } from "./components/ui/card";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("common");
  return { title: t("forbiddenTitle") };
}

/** What forbidden() shows, with HTTP 403: signed in, but the role does not reach this page. */
export default async function Forbidden() {
  const t = await getTranslations("common");
  return (
    <div className="mx-auto max-w-lg space-y-4 py-10 text-center">
      <h1 className="text-2xl font-semibold">{t("forbiddenTitle")}</h1>
      <Alert>{t("forbiddenBody")}</Alert>
      <ButtonLink href="/" variant="secondary">
        {t("backHome")}
      </ButtonLink>
    </div>
  );
}

import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ButtonLink } from "./components/ui/button";
import { EmptyState } from "./components/ui/card";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("common");
  return { title: t("notFoundTitle") };
}

export default async function NotFound() {
  const t = await getTranslations("common");
  return (
    <div className="mx-auto max-w-lg space-y-4 py-10 text-center">
      <h1 className="text-2xl font-semibold">{t("notFoundTitle")}</h1>
      <EmptyState title={t("notFoundBody")} />
      <ButtonLink href="/" variant="secondary">
        {t("backHome")}
      </ButtonLink>
    </div>
  );
}

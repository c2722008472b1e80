import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "../components/ui/card";
import { DecisionRegister } from "./decision-register";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("decisions");
  return { title: t("title") };
}

export default async function DecisionsPage() {
  const t = await getTranslations("decisions");
  return (
    <div>
      <PageHeader title={t("title")} description={t("description")} />
      <DecisionRegister />
    </div>
  );
}

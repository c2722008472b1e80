import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "../../components/ui/card";
import { NewCallForm } from "./new-call-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("fund.new");
  return { title: t("title") };
}

/** The server refuses anyone but an admin or the chair; the form says so at submission. */
export default async function NewCallPage() {
  const t = await getTranslations("fund.new");
  return (
    <div>
      <PageHeader title={t("title")} description={t("description")} />
      <NewCallForm />
    </div>
  );
}

import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { Card } from "../../components/ui/card";
import { currentUser } from "../../lib/server";
import { SsoCodeForm } from "./sso-code-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("sso.code");
  return { title: t("title") };
}

/** The two-factor step after an identity provider vouched for someone whose account uses it. */
export default async function SsoCodePage({ searchParams }: { searchParams: Promise<{ ticket?: string | string[] }> }) {
  if (await currentUser()) redirect("/");
  const { ticket } = await searchParams;
  if (typeof ticket !== "string" || ticket === "") redirect("/sign-in?error=SsoTicketInvalid");
  const t = await getTranslations("sso.code");
  return (
    <div className="mx-auto max-w-md">
      <Card className="p-6">
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <p className="mt-1 text-slate-600">{t("description")}</p>
        <div className="mt-6">
          <SsoCodeForm ticket={ticket} />
        </div>
      </Card>
    </div>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { PostingForm } from "@/app/_features/talent/posting-form";
import { Alert, PageHeader } from "../../components/ui/card";
import { currentUser, serverCaller } from "../../lib/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("talent.form");
  return { title: t("heading") };
}

const postingRoles = new Set(["researcher", "member", "admin"]);

export default async function NewPostingPage() {
  const [t, tCommon, user] = await Promise.all([getTranslations("talent"), getTranslations("common"), currentUser()]);
  const me = user && postingRoles.has(user.role) ? await (await serverCaller()).account.me() : null;
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <Link href="/talent" className="text-sm text-brand-700 hover:underline">
        ← {t("back")}
      </Link>
      <PageHeader title={t("form.heading")} description={t("form.intro")} />
      {!user ? (
        <Alert tone="info">{tCommon("signInRequired")}</Alert>
      ) : me ? (
        <PostingForm defaultRegionId={me.region.id} organisation={me.organisation} />
      ) : (
        <Alert tone="info">{t("form.researchersOnly")}</Alert>
      )}
    </div>
  );
}

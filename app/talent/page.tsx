import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PostingBoard } from "@/app/_features/talent/posting-board";
import { TalentTabs } from "@/app/_features/talent/talent-bits";
import { ButtonLink } from "../components/ui/button";
import { PageHeader } from "../components/ui/card";
import { currentUser } from "../lib/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("talent");
  return { title: t("title") };
}

/** Who may post is the server's decision; the button only saves others a refused form. */
const postingRoles = new Set(["researcher", "member", "admin"]);

export default async function TalentPage() {
  const [t, user] = await Promise.all([getTranslations("talent"), currentUser()]);
  return (
    <div>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={user && postingRoles.has(user.role) ? <ButtonLink href="/talent/new">{t("new")}</ButtonLink> : null}
      />
      <TalentTabs signedIn={user !== null} />
      <PostingBoard />
    </div>
  );
}

import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import Link from "next/link";
import { cache } from "react";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { Alert, Card, PageHeader } from "../../components/ui/card";
import { pick } from "../../lib/localized";
import { currentUser, serverCaller } from "../../lib/server";
import { RoundListSection } from "../../_features/opinions/round-list-section";
import { ForumLive } from "./forum-live";

/** The forum of the route, read once per request for the title and the page; an unknown slug is a 404. */
const loadForum = cache(async (slug: string) => {
  const caller = await serverCaller();
  return caller.forums.bySlug({ slug }).catch((error: unknown) => {
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) notFound();
    throw error;
  });
});

export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  const [forum, locale, t] = await Promise.all([
    loadForum((await params).slug),
    getLocale(),
    getTranslations("forums"),
  ]);
  return { title: `${pick(locale, forum, "title")} · ${t("title")}` };
}

export default async function ForumPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const [t, locale, user, forum] = await Promise.all([
    getTranslations("forums"),
    getLocale(),
    currentUser(),
    loadForum(slug),
  ]);
  const canPost = user !== null && user.role !== "moderator" && !forum.archivedAt;
  return (
    <div className="space-y-6">
      <Link href="/forums" className="text-sm text-brand-700 hover:underline">
        ← {t("back")}
      </Link>
      <PageHeader
        title={pick(locale, forum, "title")}
        description={
          <>
            {forum.recommendation ? (
              <span className="mb-1 block text-xs font-medium text-brand-700">
                {t("section", { section: forum.recommendation.section })}
              </span>
            ) : null}
            {pick(locale, forum, "description")}
          </>
        }
      />
      {forum.archivedAt ? <Alert tone="info">{t("archived")}</Alert> : null}
      <div className="grid gap-6 lg:grid-cols-[1fr_22rem]">
        <div className="space-y-6">
          <ForumLive
            forumId={forum.id}
            canPost={canPost}
            postHint={user ? (user.role === "moderator" ? t("moderatorsDoNotPost") : null) : t("signInToPost")}
          />
        </div>
        <aside className="min-w-0 space-y-6">
          {/* Every opinion round of the forum, its topics' included, so a round is found without its address. */}
          <RoundListSection
            forumId={forum.id}
            canOpen={user !== null && user.role !== "researcher" && !forum.archivedAt}
          />
          {forum.measures.length > 0 ? (
            <Card>
              <h2 className="font-semibold">{t("measures")}</h2>
              <ol className="mt-3 space-y-3">
                {forum.measures.map((measure) => (
                  <li key={measure.id} className="flex gap-3">
                    <span className="mt-0.5 shrink-0 self-start rounded bg-brand-50 px-2 py-0.5 font-mono text-xs text-brand-700">
                      {measure.code}
                    </span>
                    <div>
                      <h3 className="text-sm font-medium">{pick(locale, measure, "title")}</h3>
                      <p className="text-sm text-slate-600">{pick(locale, measure, "text")}</p>
                    </div>
                  </li>
                ))}
              </ol>
            </Card>
          ) : null}
        </aside>
      </div>
    </div>
  );
}

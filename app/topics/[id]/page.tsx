import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import { cache } from "react";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { getFormatter } from "@/app/lib/server-formatter";
import { Alert, Badge } from "../../components/ui/card";
import { FollowButton } from "../../_features/notifications/follow-button";
import { pick } from "../../lib/localized";
import { currentUser, serverCaller } from "../../lib/server";
import { TopicView } from "../../_features/deliberation/topic-view";

/** The topic of the route, read once per request for the title and the page; unknown or malformed ids are a 404. */
const loadTopic = cache(async (id: string) => {
  const topicId = Number(id);
  if (!Number.isSafeInteger(topicId) || topicId <= 0) notFound();
  const caller = await serverCaller();
  return caller.topics.byId({ topicId }).catch((error: unknown) => {
    if (error instanceof TRPCError && error.code === "NOT_FOUND") notFound();
    throw error;
  });
});

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const [topic, locale] = await Promise.all([loadTopic((await params).id), getLocale()]);
  return { title: `${topic.title} · ${pick(locale, topic.forum, "title")}` };
}

export default async function TopicPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const [t, locale, format, user, topic] = await Promise.all([
    getTranslations(),
    getLocale(),
    getFormatter(),
    currentUser(),
    loadTopic(id),
  ]);
  const byline = (
    <p className="mt-2 flex flex-wrap items-center gap-2 text-sm text-slate-600">
      <span className="font-medium text-slate-800">{topic.author.displayName}</span>
      <Badge>{t(`roles.${topic.author.role}`)}</Badge>
      <span>{pick(locale, topic.region, "name")}</span>
      <span aria-hidden>·</span>
      <time dateTime={topic.createdAt.toISOString()}>
        {format.dateTime(topic.createdAt, { dateStyle: "medium", timeStyle: "short" })}
      </time>
      {user ? (
        <span className="ml-auto">
          <FollowButton threadId={topic.threadId} />
        </span>
      ) : null}
    </p>
  );
  return (
    <TopicView
      initial={topic}
      viewer={user ? { id: user.id, role: user.role } : null}
      byline={byline}
      signInNote={user ? null : <Alert tone="info">{t("forums.signInToPost")}</Alert>}
    />
  );
}

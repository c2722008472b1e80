import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import Link from "next/link";
import { cache } from "react";
import { notFound } from "next/navigation";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { Alert, Badge, Card } from "../../components/ui/card";
import { pick } from "../../lib/localized";
import { currentUser, serverCaller } from "../../lib/server";
import { LiveRefresh } from "../../_features/moderation/live-refresh";
import { ModeratorToolsSection } from "../../_features/moderation/moderator-tools-section";
import { ReportButton } from "../../_features/moderation/report-button";
import { FollowButton } from "../../_features/notifications/follow-button";
import { TopicThread } from "@/app/_features/deliberation/topic-thread";
import { RoundListSection } from "@/app/_features/opinions/round-list-section";
import { streamKey } from "@/server/domain/stream-access";

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
  const closed = topic.forum.archivedAt ? t("forums.archived") : topic.lockedAt ? t("topic.locked") : null;
  const canPost = user !== null && user.role !== "moderator" && closed === null && topic.state === "visible";
  const hiddenNotice =
    topic.state === "hidden"
      ? t(topic.isAuthor ? "moderation.hiddenTopicOwn" : "moderation.hiddenTopic", {
          reason: topic.hiddenReason ?? "—",
        })
      : topic.state === "held"
        ? t("moderation.heldTopic")
        : null;

  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <Link href={`/forums/${topic.forum.slug}`} className="text-sm text-brand-700 hover:underline">
        ← {t("topic.back", { forum: pick(locale, topic.forum, "title") })}
      </Link>
      <LiveRefresh
        stream={streamKey({ kind: "topic", id: topic.id })}
        types={["topic:hidden", "topic:restored", "topic:moved", "thread:locked", "thread:unlocked"]}
      />
      {hiddenNotice ? (
        <Alert tone="info">
          <span data-testid="topic-moderation-notice">{hiddenNotice}</span>
        </Alert>
      ) : null}
      <Card>
        <h1 className="text-2xl font-semibold">{topic.title || t("moderation.states.hidden")}</h1>
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
        <div className="markdown mt-4 text-slate-800" dangerouslySetInnerHTML={{ __html: topic.bodyHtml }} />
        {user && !topic.isAuthor && topic.state === "visible" ? (
          <div className="mt-3 flex justify-end">
            <ReportButton targetKind="topic" targetId={topic.id} />
          </div>
        ) : null}
      </Card>
      {user && (user.role === "moderator" || user.role === "admin") && !topic.isAuthor ? (
        <ModeratorToolsSection
          topicId={topic.id}
          threadId={topic.threadId}
          forumId={topic.forum.id}
          locked={topic.lockedAt !== null}
          state={topic.state}
        />
      ) : null}
      <RoundListSection topicId={topic.id} canOpen={user !== null && user.role !== "researcher" && closed === null} />
      {closed ? <Alert tone="info">{closed}</Alert> : null}
      {!user ? <Alert tone="info">{t("forums.signInToPost")}</Alert> : null}
      <TopicThread
        stream={streamKey({ kind: "topic", id: topic.id })}
        threadId={topic.threadId}
        canPost={canPost}
        canReact={user !== null && closed === null}
        canReport={user !== null}
        viewer={user ? { id: user.id, reviews: user.role === "moderator" || user.role === "admin" } : null}
        measures={topic.measures.map((m) => ({ id: m.id, code: m.code, title: pick(locale, m, "title") }))}
      />
    </div>
  );
}

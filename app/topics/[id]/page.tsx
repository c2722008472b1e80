import { TRPCError } from "@trpc/server";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { Alert, Badge, Card } from "../../components/ui/card";
import { pick } from "../../lib/localized";
import { currentUser, serverCaller } from "../../lib/server";
import { TopicThread } from "./topic-thread";

export default async function TopicPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const topicId = Number(id);
  if (!Number.isSafeInteger(topicId) || topicId <= 0) notFound();
  const [t, locale, format, caller, user] = await Promise.all([getTranslations(), getLocale(), getFormatter(), serverCaller(), currentUser()]);
  const topic = await caller.topics.byId({ topicId }).catch((error: unknown) => {
    if (error instanceof TRPCError && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  const forum = await caller.forums.bySlug({ slug: topic.forum.slug });
  const closed = topic.forum.archivedAt ? t("forums.archived") : topic.lockedAt ? t("topic.locked") : null;
  const canPost = user !== null && user.role !== "moderator" && closed === null;

  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <Link href={`/forums/${topic.forum.slug}`} className="text-sm text-brand-700 hover:underline">
        ← {t("topic.back", { forum: pick(locale, topic.forum, "title") })}
      </Link>
      <Card>
        <h1 className="text-2xl font-semibold">{topic.title}</h1>
        <p className="mt-2 flex flex-wrap items-center gap-2 text-sm text-slate-600">
          <span className="font-medium text-slate-800">{topic.author.displayName}</span>
          <Badge>{t(`roles.${topic.author.role}`)}</Badge>
          <span>{pick(locale, topic.region, "name")}</span>
          <span aria-hidden>·</span>
          <time dateTime={topic.createdAt.toISOString()}>{format.dateTime(topic.createdAt, { dateStyle: "medium", timeStyle: "short" })}</time>
        </p>
        <div className="markdown mt-4 text-slate-800" dangerouslySetInnerHTML={{ __html: topic.bodyHtml }} />
      </Card>
      {closed ? <Alert tone="info">{closed}</Alert> : null}
      {!user ? <Alert tone="info">{t("forums.signInToPost")}</Alert> : null}
      <TopicThread
        stream={`topic:${topic.id}`}
        threadId={topic.threadId}
        canPost={canPost}
        canReact={user !== null && closed === null}
        measures={forum.measures.map((m) => ({ id: m.id, code: m.code, title: pick(locale, m, "title") }))}
      />
    </div>
  );
}

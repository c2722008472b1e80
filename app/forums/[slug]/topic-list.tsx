"use client";
import { RegionOptions } from "../../components/region-options";
import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { useRelativeTime } from "@/app/lib/use-relative-time";
import { Button } from "../../components/ui/button";
import { Alert, EmptyState, Skeleton } from "../../components/ui/card";
import { SelectInput } from "../../components/ui/field";
import { describeError } from "../../lib/errors";
import { pick } from "../../lib/localized";
import { useTRPC } from "../../lib/trpc";
import { useUrlChoice, useUrlId } from "../../lib/url-state";

/** The forum's list of topics in the order and region the URL asks for; the forum page follows its stream. */
export function useTopicList(forumId: number) {
  const trpc = useTRPC();
  // In the URL, so Back from a topic returns to the same list.
  const [sort, setSort] = useUrlChoice("sort", ["activity", "discussed"] as const, "activity");
  const [regionId, setRegionId] = useUrlId("region");
  const topics = useInfiniteQuery(
    trpc.topics.list.infiniteQueryOptions(
      { forumId, sort, regionId },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  return { topics, sort, setSort, regionId, setRegionId };
}

export function TopicList({ list }: { list: ReturnType<typeof useTopicList> }) {
  const t = useTranslations();
  const tErrors = useTranslations("errors");
  const relativeTime = useRelativeTime();
  const locale = useLocale();
  const { topics, sort, setSort, regionId, setRegionId } = list;
  const items = topics.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap gap-3">
        <label className="flex items-center gap-2 text-sm text-slate-600">
          {t("forums.sort")}
          <span className="w-36">
            <SelectInput
              value={sort}
              onChange={(e) => setSort(e.target.value as "activity" | "discussed")}
              aria-label={t("forums.sort")}
            >
              <option value="activity">{t("forums.sortActivity")}</option>
              <option value="discussed">{t("forums.sortDiscussed")}</option>
            </SelectInput>
          </span>
        </label>
        <label className="flex items-center gap-2 text-sm text-slate-600">
          {t("forums.region")}
          <span className="w-36">
            <SelectInput
              value={regionId ?? ""}
              onChange={(e) => setRegionId(e.target.value ? Number(e.target.value) : null)}
              aria-label={t("forums.region")}
            >
              <option value="">{t("forums.allRegions")}</option>
              <RegionOptions />
            </SelectInput>
          </span>
        </label>
      </div>
      {topics.isPending ? (
        <Skeleton lines={4} />
      ) : topics.error ? (
        <Alert>{describeError(topics.error, tErrors)}</Alert>
      ) : items.length === 0 ? (
        <EmptyState title={t("forums.topicsEmpty")}>{t("forums.topicsEmptyHint")}</EmptyState>
      ) : (
        <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white" data-testid="topic-list">
          {items.map((topic) => (
            <li key={topic.id} className="px-4 py-3">
              <Link href={`/topics/${topic.id}`} className="font-medium text-slate-900 hover:text-brand-700">
                {topic.title}
              </Link>
              <p className="mt-0.5 line-clamp-2 text-sm text-slate-600">{topic.excerpt}</p>
              <p className="mt-1 flex flex-wrap gap-x-3 text-xs text-slate-500">
                <span>
                  {t("forums.by", { name: topic.author.displayName, region: pick(locale, topic.region, "name") })}
                </span>
                <span>{t("forums.comments", { count: topic.commentCount })}</span>
                <span>{t("forums.active", { time: relativeTime(topic.lastActivityAt) })}</span>
              </p>
            </li>
          ))}
        </ul>
      )}
      {topics.hasNextPage ? (
        <Button variant="secondary" busy={topics.isFetchingNextPage} onClick={() => void topics.fetchNextPage()}>
          {t("forums.loadMore")}
        </Button>
      ) : null}
    </div>
  );
}

"use client";
import { RegionOptions } from "../components/region-options";
import { useInfiniteQuery, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { useCallback, useDeferredValue } from "react";
import { projectStatuses, type ProjectStatus } from "@/server/features/projects/rules/project-lifecycle";
import { Button } from "../components/ui/button";
import { Alert, EmptyState, Skeleton } from "../components/ui/card";
import { SelectInput, TextInput } from "../components/ui/field";
import { FilterBar, FilterChoice, FilterField } from "../components/ui/filter-bar";
import { describeError } from "../lib/errors";
import { pick } from "../lib/localized";
import { useLiveStream } from "../lib/realtime";
import { useTRPC } from "../lib/trpc";
import { useUrlChoice, useUrlId, useUrlOptionalChoice, useUrlText } from "../lib/url-state";
import { useRegions } from "../lib/use-regions";
import { useListJoin, useRegionName, useYuan } from "../_features/projects/locale-format";
import { StatusBadge } from "../_features/projects/status-badge";
import { streamKey } from "@/server/domain/stream-access";
import type { LiveEvent } from "@/server/events/contract";
import { applyProjectListEvent } from "../lib/live/project-list";

const sorts = ["newest", "discussed", "budget"] as const;
type Sort = (typeof sorts)[number];

/** `canSeeDrafts`: the status filter offers "draft" (the server lists only the drafts the viewer may open). */
export function ProjectList({ canSeeDrafts = false }: { canSeeDrafts?: boolean }) {
  const t = useTranslations("projects");
  const tErrors = useTranslations("errors");
  const locale = useLocale();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const regions = useRegions();
  const yuan = useYuan();
  const regionName = useRegionName();
  const join = useListJoin();
  const recommendations = useQuery({ ...trpc.reference.recommendations.queryOptions(), staleTime: 10 * 60_000 });
  // Filters live in the URL, so Back from a project and a shared link show the same list.
  const [q, setQ] = useUrlText("q");
  const [tag, setTag] = useUrlText("tag");
  const [regionId, setRegionId] = useUrlId("region");
  const [clusterId, setClusterId] = useUrlId("cluster");
  const [recommendation, setRecommendation] = useUrlId("recommendation");
  const [status, setStatus] = useUrlOptionalChoice<ProjectStatus>("status", projectStatuses);
  const [sort, setSort] = useUrlChoice<Sort>("sort", sorts, "newest");
  // Typing should not fire a request per keystroke.
  const search = useDeferredValue(q.trim());
  const tagFilter = useDeferredValue(tag.trim());
  const input = { q: search || null, tag: tagFilter || null, regionId, clusterId, recommendation, status, sort };
  const projects = useInfiniteQuery(
    trpc.projects.list.infiniteQueryOptions(input, { getNextPageParam: (page) => page.nextCursor ?? undefined }),
  );
  const refresh = useCallback(
    () => void queryClient.invalidateQueries({ queryKey: trpc.projects.list.infiniteQueryKey() }),
    [queryClient, trpc],
  );
  // A status change is applied to the loaded pages; only a project that may now enter is read again.
  // useLiveStream reads its handlers afresh each render, so this one sees the current filters.
  const onEvent = (event: LiveEvent) => {
    let refetch = false;
    queryClient.setQueryData(trpc.projects.list.infiniteQueryKey(input), (data) => {
      if (!data) return data;
      const applied = applyProjectListEvent(data.pages, status, event);
      refetch = applied.refetch;
      return applied.pages === data.pages ? data : { ...data, pages: applied.pages };
    });
    if (refetch) refresh();
    // Lists cached under other filters are not open: read again when next shown.
    else void queryClient.invalidateQueries({ queryKey: trpc.projects.list.infiniteQueryKey(), refetchType: "none" });
  };
  // Followed once the list has loaded: an invalidation while the first read is in flight joins that
  // read (TanStack dedupes it), which may predate the event, so the event's refetch would be lost.
  useLiveStream(projects.data ? streamKey({ kind: "projects" }) : null, { onEvent, onResync: refresh });
  const items = projects.data?.pages.flatMap((page) => page.items) ?? [];
  const numberOrNull = (value: string) => (value ? Number(value) : null);

  return (
    <div className="space-y-4">
      <FilterBar columns="grid-cols-2 lg:grid-cols-4">
        <FilterField label={t("search")} className="col-span-2">
          <TextInput
            type="search"
            value={q}
            placeholder={t("searchPlaceholder")}
            onChange={(e) => setQ(e.target.value)}
            maxLength={200}
          />
        </FilterField>
        <FilterField label={t("tag")}>
          <TextInput
            value={tag}
            placeholder={t("tagPlaceholder")}
            onChange={(e) => setTag(e.target.value)}
            maxLength={100}
          />
        </FilterField>
        <FilterField label={t("sort")}>
          <SelectInput value={sort} onChange={(e) => setSort(e.target.value as Sort)}>
            <option value="newest">{t("sortNewest")}</option>
            <option value="discussed">{t("sortDiscussed")}</option>
            <option value="budget">{t("sortBudget")}</option>
          </SelectInput>
        </FilterField>
        <FilterChoice
          label={t("region")}
          anyLabel={t("allRegions")}
          value={regionId}
          onChange={(v) => setRegionId(numberOrNull(v))}
        >
          <RegionOptions />
        </FilterChoice>
        <FilterChoice
          label={t("cluster")}
          anyLabel={t("allClusters")}
          value={clusterId}
          onChange={(v) => setClusterId(numberOrNull(v))}
          options={regions.clusters.map((cluster) => ({ value: cluster.id, label: pick(locale, cluster, "name") }))}
        />
        <FilterChoice
          label={t("recommendation")}
          anyLabel={t("allRecommendations")}
          value={recommendation}
          onChange={(v) => setRecommendation(numberOrNull(v))}
          options={(recommendations.data ?? []).map((r) => ({
            value: r.number,
            label: `${r.number}. ${pick(locale, r, "title")}`,
          }))}
        />
        <FilterChoice
          label={t("status")}
          anyLabel={t("allStatuses")}
          value={status}
          onChange={(v) => setStatus((v || null) as ProjectStatus | null)}
        >
          {projectStatuses
            .filter((s) => canSeeDrafts || s !== "draft")
            .map((s) => (
              <option key={s} value={s}>
                {t(`statuses.${s}`)}
              </option>
            ))}
        </FilterChoice>
      </FilterBar>

      {projects.isPending ? (
        <Skeleton lines={5} />
      ) : projects.error ? (
        <Alert>{describeError(projects.error, tErrors)}</Alert>
      ) : items.length === 0 ? (
        <EmptyState title={t("empty")}>{t("emptyHint")}</EmptyState>
      ) : (
        <ul className="grid gap-4 md:grid-cols-2" data-testid="project-list">
          {items.map((project) => (
            <li key={project.id} className="flex flex-col rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
              <div className="flex items-start justify-between gap-3">
                <Link href={`/projects/${project.id}`} className="font-semibold text-slate-900 hover:text-brand-700">
                  {project.title}
                </Link>
                <StatusBadge status={project.status} />
              </div>
              <p className="mt-1 line-clamp-2 text-sm text-slate-600">{project.summary}</p>
              <dl className="mt-3 space-y-1 text-sm text-slate-700">
                <div>
                  <dt className="sr-only">{t("leadRegion")}</dt>
                  <dd>{t("lead", { region: regionName(project.leadRegion) })}</dd>
                </div>
                <div>
                  <dt className="sr-only">{t("partnerRegions")}</dt>
                  <dd>{t("partners", { regions: join(project.partnerRegions.map(regionName)) })}</dd>
                </div>
                <div className="flex gap-1">
                  <dt className="text-slate-500">{t("budget")}</dt>
                  <dd className="font-medium tabular-nums">{yuan(project.budgetYuan)}</dd>
                </div>
              </dl>
              <div className="mt-3 flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-slate-500">
                {project.recommendations.map((n) => (
                  <span key={n} className="rounded bg-brand-50 px-1.5 py-0.5 font-medium text-brand-700">
                    {t("recommendationNumber", { number: n })}
                  </span>
                ))}
                <span>{t("comments", { count: project.commentCount })}</span>
                <span>{t("by", { name: project.proposer.displayName })}</span>
              </div>
            </li>
          ))}
        </ul>
      )}
      {projects.hasNextPage ? (
        <Button variant="secondary" busy={projects.isFetchingNextPage} onClick={() => void projects.fetchNextPage()}>
          {t("loadMore")}
        </Button>
      ) : null}
    </div>
  );
}

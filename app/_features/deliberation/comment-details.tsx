"use client";
import { useQuery } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { reactionKinds, type ReactionKind } from "@/shared/vocabulary";
import { StackedBars } from "../../components/charts/stacked-bars";
import { Alert, Skeleton } from "../../components/ui/card";
import { describeError } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc";
import { useRegions } from "../../lib/use-regions";

/** A comment's earlier versions, read when its "edited" mark is pressed (comment-item.tsx). */
export function CommentHistory({ commentId }: { commentId: number }) {
  const t = useTranslations();
  const tErrors = useTranslations("errors");
  const format = useFormatter();
  const trpc = useTRPC();
  const history = useQuery(trpc.comments.history.queryOptions({ commentId }));
  if (history.isPending)
    return (
      <div className="mt-3">
        <Skeleton lines={2} />
      </div>
    );
  if (history.error)
    return (
      <div className="mt-3">
        <Alert>{describeError(history.error, tErrors)}</Alert>
      </div>
    );
  return (
    <section className="mt-3 space-y-2 rounded-md bg-slate-50 p-3" aria-label={t("topic.history")}>
      <h4 className="text-xs font-medium uppercase tracking-wide text-slate-500">{t("topic.history")}</h4>
      {history.data.versions.map((version) => (
        <div key={version.id} className="border-l-2 border-slate-300 pl-3">
          <p className="text-xs text-slate-500">
            {t("topic.writtenAt", {
              date: format.dateTime(version.writtenAt, { dateStyle: "medium", timeStyle: "short" }),
            })}{" "}
            {version.stance ? ` · ${t(`stances.${version.stance}`)}` : null}
          </p>
          <div className="markdown text-sm text-slate-700" dangerouslySetInnerHTML={{ __html: version.bodyHtml }} />
        </div>
      ))}
    </section>
  );
}

const reactionColor: Record<ReactionKind, string> = {
  agree: "bg-emerald-500",
  disagree: "bg-red-500",
  pass: "bg-slate-400",
};

/** A comment's reactions by region, read when asked for (comment-item.tsx). */
export function ReactionSplit({ commentId }: { commentId: number }) {
  const t = useTranslations();
  const tErrors = useTranslations("errors");
  const trpc = useTRPC();
  const regions = useRegions();
  const split = useQuery(trpc.comments.reactionSplit.queryOptions({ commentId }));
  if (split.isPending)
    return (
      <div className="mt-3">
        <Skeleton lines={2} />
      </div>
    );
  if (split.error)
    return (
      <div className="mt-3">
        <Alert>{describeError(split.error, tErrors)}</Alert>
      </div>
    );
  if (split.data.length === 0) return <p className="mt-3 text-xs text-slate-500">{t("topic.noReactions")}</p>;
  // The shared chart: regions on one scale, a legend, shares as labels and a table for screen readers.
  return (
    <div className="mt-3 max-w-md">
      <StackedBars
        testId="reaction-split"
        caption={t("topic.reactions")}
        legend={reactionKinds.map((kind) => ({ key: kind, label: t(`topic.${kind}`), color: reactionColor[kind] }))}
        totalLabel={(total) => t("topic.reactionCount", { count: total })}
        rows={split.data.map((row) => ({
          key: String(row.regionId),
          label: regions.name(row.regionId),
          total: row.counts.agree + row.counts.disagree + row.counts.pass,
          segments: reactionKinds.map((kind) => ({
            key: kind,
            label: t(`topic.${kind}`),
            value: row.counts[kind],
            color: reactionColor[kind],
          })),
        }))}
      />
    </div>
  );
}

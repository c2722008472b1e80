"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useRelativeTime } from "@/app/lib/use-relative-time";
import { useCallback, useMemo } from "react";
import { isIndefinite, queueOrders, type QueueOrder } from "@/server/features/moderation/rules/moderation";
import type { Role } from "@/shared/vocabulary";
import { Alert, Badge, Card, EmptyState, Skeleton } from "../components/ui/card";
import { Field, SelectInput } from "../components/ui/field";
import { useLiveStream } from "../lib/realtime";
import { applyQueueEvent, type QueueView } from "../lib/live/moderation-queue";
import type { LiveEvent } from "@/server/events/contract";
import { useUrlChoice } from "../lib/url-state";
import { useTRPC } from "../lib/trpc";
import { ActionPanel, type QueueItem } from "./action-panel";
import { streamKey } from "@/server/domain/stream-access";

/** An action's resolution reaches the queue as its event: nothing to read again. */
const resolvedByItsEvent = () => undefined;

/**
 * The queue, kept current by the `moderation` stream: each report, resolution and other moderator
 * action, and each edit, new comment or new name an open entry shows, carries the entries and author
 * it changed, applied in place (applyQueueEvent), and a resolution the entry that fills a place it frees. It is read again on a gap or a resync, and for
 * an event written before events carried all that (an outbox row replayed from before).
 */
export function ModerationQueue({ viewerId, viewerRole }: { viewerId: number; viewerRole: Role }) {
  const t = useTranslations("moderation");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // In the URL, so Back from an item returns to the same order.
  const [order, setOrder] = useUrlChoice<QueueOrder>("order", queueOrders, "newest");
  const queue = useQuery(trpc.moderation.queue.queryOptions({ order }));
  const queueKey = useMemo(() => trpc.moderation.queue.queryKey(), [trpc]);
  const shownKey = useMemo(() => trpc.moderation.queue.queryKey({ order }), [trpc, order]);
  // Each event is applied to the queue in every order held, so switching order shows a current one.
  const onEvent = useCallback(
    (event: LiveEvent) => {
      let refetch = false;
      for (const [key, data] of queryClient.getQueriesData<QueueView>({ queryKey: queueKey })) {
        if (!data) continue;
        const held = (key[1] as { input?: { order?: QueueOrder } } | undefined)?.input?.order ?? "newest";
        const applied = applyQueueEvent(data, held, event);
        queryClient.setQueryData<QueueView>(key, applied.view);
        refetch ||= applied.refetch;
      }
      if (refetch) void queryClient.invalidateQueries({ queryKey: queueKey });
    },
    [queryClient, queueKey],
  );
  const resync = useCallback(async () => {
    await queryClient.invalidateQueries({ queryKey: queueKey });
    return queryClient.getQueryData<QueueView>(shownKey)?.headSeq;
  }, [queryClient, queueKey, shownKey]);
  useLiveStream(
    queue.data ? streamKey({ kind: "moderation" }) : null,
    { onEvent, onResync: resync },
    { startSeq: queue.data?.headSeq },
  );

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="w-56">
          <Field label={t("order")} htmlFor="queue-order">
            <SelectInput id="queue-order" value={order} onChange={(e) => setOrder(e.target.value as QueueOrder)}>
              <option value="newest">{t("orders.newest")}</option>
              <option value="most_reported">{t("orders.most_reported")}</option>
            </SelectInput>
          </Field>
        </div>
        {queue.data ? (
          <p className="text-sm text-slate-600" aria-live="polite" data-testid="queue-count">
            {t("openItems", { count: queue.data.items.length })}
          </p>
        ) : null}
      </div>
      {queue.isPending ? (
        <Card>
          <Skeleton lines={5} />
        </Card>
      ) : queue.error ? (
        <Alert>
          {t("loadFailed")}{" "}
          <button type="button" className="underline" onClick={() => void queue.refetch()}>
            {t("retry")}
          </button>
        </Alert>
      ) : queue.data.items.length === 0 ? (
        <EmptyState title={t("empty")} />
      ) : (
        <ul className="space-y-4" aria-label={t("title")}>
          {queue.data.items.map((item) => (
            <li key={item.key}>
              <QueueCard item={item} viewerId={viewerId} viewerRole={viewerRole} onDone={resolvedByItsEvent} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function QueueCard({
  item,
  viewerId,
  viewerRole,
  onDone,
}: {
  item: QueueItem;
  viewerId: number;
  viewerRole: Role;
  onDone: () => void;
}) {
  const t = useTranslations("moderation");
  const format = useFormatter();
  const relativeTime = useRelativeTime();
  const date = (d: Date) => format.dateTime(d, { dateStyle: "medium", timeStyle: "short" });
  const author = item.author;
  return (
    <Card className="space-y-4">
      <article
        data-testid={`queue-item-${item.targetKind}-${item.targetId}`}
        aria-labelledby={`queue-${item.key}-title`}
        className="space-y-4"
      >
        <header className="flex flex-wrap items-center gap-2">
          <h2 id={`queue-${item.key}-title`} className="text-base font-semibold">
            {t(`kinds.${item.targetKind}`)} #{item.targetId}
          </h2>
          {item.held ? <Badge tone="amber">{t("held")}</Badge> : null}
          <Badge tone="red">
            {t("reportCount", { count: item.reports.filter((r) => r.reason !== "held").length })}
          </Badge>
          {Object.entries(item.reasons)
            .filter(([reason]) => reason !== "held")
            .map(([reason, n]) => (
              <Badge key={reason}>
                {t(`reasons.${reason}`)} × {n}
              </Badge>
            ))}
          <Badge tone={item.item.state === "visible" ? "green" : "slate"}>{t(`states.${item.item.state}`)}</Badge>
          <time className="ml-auto text-xs text-slate-500" dateTime={new Date(item.newestAt).toISOString()}>
            {relativeTime(item.newestAt)}
          </time>
        </header>

        <div className="grid gap-4 lg:grid-cols-[1fr_18rem]">
          <div className="min-w-0 space-y-3">
            <div className="rounded-md border border-red-200 bg-red-50/40 p-3">
              {item.item.title ? <p className="font-medium">{item.item.title}</p> : null}
              <div
                className="markdown break-words text-sm text-slate-800"
                dangerouslySetInnerHTML={{ __html: item.item.bodyHtml }}
              />
              {item.item.path === null ? (
                <p className="mt-1 text-xs text-slate-500">{t("privateThread")}</p>
              ) : (
                <a
                  href={item.item.path}
                  className="mt-1 inline-block text-xs text-brand-700 underline"
                  target="_blank"
                  rel="noreferrer"
                >
                  {t("open")}
                </a>
              )}
            </div>
            <ul className="space-y-1 text-sm">
              {item.reports.map((report) => (
                <li key={report.id} className="text-slate-700">
                  <span className="font-medium">
                    {report.reason === "held"
                      ? t("heldBecause", {
                          causes: report.note
                            .split(", ")
                            .map((c) => (t.has(`holdCauses.${c}`) ? t(`holdCauses.${c}`) : c))
                            .join(", "),
                        })
                      : t(`reasons.${report.reason}`)}
                  </span>
                  {report.reason !== "held" ? (
                    <>
                      {" · "}
                      {t("reportedBy", { name: report.reporterName ?? "—" })}
                      {report.note ? (
                        <span className="block whitespace-pre-line text-slate-600">“{report.note}”</span>
                      ) : null}
                    </>
                  ) : null}
                </li>
              ))}
            </ul>
            <details className="rounded-md bg-slate-50 p-3 text-sm" open={item.targetKind === "comment"}>
              <summary className="cursor-pointer font-medium">{t("context")}</summary>
              {item.context.where ? (
                <p className="mt-1 text-xs text-slate-500">{t("contextIn", { where: item.context.where })}</p>
              ) : null}
              {item.context.entries.length === 0 ? (
                <p className="mt-2 text-slate-500">{t("noContext")}</p>
              ) : (
                <ol className="mt-2 space-y-2">
                  {item.context.entries.map((entry) => (
                    <li
                      key={entry.id}
                      className={`border-l-2 pl-3 ${entry.isTarget ? "border-red-400" : "border-slate-200"}`}
                    >
                      <p className="text-xs text-slate-500">
                        {entry.authorName} · {date(entry.createdAt)}{" "}
                        {entry.state !== "visible" ? `· ${t(`states.${entry.state}`)}` : ""}
                      </p>
                      <div
                        className="markdown break-words text-slate-700"
                        dangerouslySetInnerHTML={{ __html: entry.bodyHtml }}
                      />
                    </li>
                  ))}
                </ol>
              )}
            </details>
          </div>

          <aside className="space-y-2 rounded-md border border-slate-200 p-3 text-sm" aria-label={t("author")}>
            <p className="text-xs font-medium uppercase tracking-wide text-slate-500">{t("author")}</p>
            {author ? (
              <>
                <p className="font-medium">{author.displayName}</p>
                <p className="text-xs text-slate-500">
                  {t("memberSince", { date: format.dateTime(author.createdAt, { dateStyle: "medium" }) })}
                </p>
                {author.suspendedUntil && new Date(author.suspendedUntil) > new Date() ? (
                  <Badge tone="red">
                    {isIndefinite(new Date(author.suspendedUntil))
                      ? t("suspendedIndefinitely")
                      : t("suspendedUntil", { date: date(author.suspendedUntil) })}
                  </Badge>
                ) : null}
                <p className="text-xs text-slate-600">{t("reportTally", author.history.reportCounts)}</p>
                <p className="pt-1 text-xs font-medium text-slate-500">{t("authorHistory")}</p>
                {author.history.actions.length === 0 ? (
                  <p className="text-xs text-slate-500">{t("noHistory")}</p>
                ) : (
                  <ul className="space-y-1 text-xs text-slate-600">
                    {author.history.actions.map((action) => (
                      <li key={action.id}>
                        {date(action.createdAt)} · {action.actorName} {t(`actionNames.${action.action}`)}{" "}
                        {action.targetType} #{action.targetId}
                        {action.reason ? <span className="block text-slate-500">“{action.reason}”</span> : null}
                      </li>
                    ))}
                  </ul>
                )}
              </>
            ) : null}
          </aside>
        </div>
        <ActionPanel item={item} viewerId={viewerId} viewerRole={viewerRole} onDone={onDone} />
      </article>
    </Card>
  );
}

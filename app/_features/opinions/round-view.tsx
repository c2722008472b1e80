"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { lazy, Suspense, useCallback, useEffect, useMemo } from "react";
import { streamKey } from "@/server/domain/stream-access";
import type { LiveEvent } from "@/server/infra/realtime/events";
import type { Role } from "@/shared/vocabulary";
import { Button } from "../../components/ui/button";
import { Alert, Badge, Card, Skeleton } from "../../components/ui/card";
import { useConfirm } from "../../components/ui/confirm-dialog";
import { describeError } from "../../lib/errors";
import { applyRoundEvent } from "../../lib/live/opinion-round";
import { pick } from "../../lib/localized";
import { useLiveStream } from "../../lib/realtime";
import { useTRPC } from "../../lib/trpc";
import { useRegions } from "../../lib/use-regions";

// The round is drawn once it has been read on the client, so the parts below its header (vote and statement
// forms, the map, its lists and charts, the statements: ~11 kB) load after the page, fetched alongside that read.
const loadVote = () => import("./vote-card").then((m) => ({ default: m.VoteCard }));
const loadStatementForm = () => import("./statement-form").then((m) => ({ default: m.StatementForm }));
const loadMap = () => import("./opinion-map").then((m) => ({ default: m.OpinionMapPanel }));
const loadAnalysis = () => import("./map-lists").then((m) => ({ default: m.MapAnalysis }));
const loadStatements = () => import("./statement-list").then((m) => ({ default: m.StatementList }));
const VoteCard = lazy(loadVote);
const StatementForm = lazy(loadStatementForm);
const OpinionMapPanel = lazy(loadMap);
const MapAnalysis = lazy(loadAnalysis);
const StatementList = lazy(loadStatements);

function download(filename: string, mimeType: string, body: string) {
  const url = URL.createObjectURL(new Blob([body], { type: `${mimeType};charset=utf-8` }));
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  link.click();
  URL.revokeObjectURL(url);
}

/** An opinion round, live: vote card, statement form, the map and what it says, the statements. */
export function RoundView({ roundId, viewer }: { roundId: number; viewer: { id: number; role: Role } | null }) {
  const t = useTranslations("opinions");
  const tErrors = useTranslations("errors");
  const locale = useLocale();
  const trpc = useTRPC();
  const confirm = useConfirm();
  const queryClient = useQueryClient();
  const regions = useRegions();
  const stream = streamKey({ kind: "round", id: roundId });
  const queryKey = useMemo(() => trpc.opinions.get.queryKey({ roundId }), [trpc, roundId]);
  const round = useQuery(trpc.opinions.get.queryOptions({ roundId }));
  const resync = useCallback(async () => {
    await queryClient.invalidateQueries({ queryKey });
    return queryClient.getQueryData(queryKey)?.headSeq;
  }, [queryClient, queryKey]);
  const onEvent = useCallback(
    (event: LiveEvent) => {
      queryClient.setQueryData(queryKey, (view) => (view ? applyRoundEvent(view, event) : view));
      // A new statement may be the next one to vote on; the card asks again only when it had none.
      if (event.type === "statement:changed") {
        const nextKey = trpc.opinions.next.queryKey({ roundId });
        if (!queryClient.getQueryData(nextKey)?.statement) void queryClient.invalidateQueries({ queryKey: nextKey });
      }
    },
    [queryClient, queryKey, trpc, roundId],
  );
  useLiveStream(round.data ? stream : null, { onEvent, onResync: resync }, { startSeq: round.data?.headSeq });
  const forumSlug = round.data?.round.forum?.slug;
  const forum = useQuery({
    ...trpc.forums.bySlug.queryOptions({ slug: forumSlug ?? "" }),
    enabled: Boolean(forumSlug),
  });
  const close = useMutation(
    trpc.opinions.close.mutationOptions({ onSuccess: () => void queryClient.invalidateQueries({ queryKey }) }),
  );
  const exporter = useMutation({
    mutationFn: (format: "csv" | "json") =>
      queryClient.fetchQuery(trpc.opinions.export.queryOptions({ roundId, format })),
    onSuccess: (file) => download(file.filename, file.mimeType, file.body),
  });

  useEffect(
    // A failed fetch here is retried when the part itself renders.
    () =>
      void Promise.all([loadVote(), loadStatementForm(), loadMap(), loadAnalysis(), loadStatements()]).catch(() => {}),
    [],
  );

  if (round.isPending)
    return (
      <Card>
        <Skeleton lines={4} />
      </Card>
    );
  if (round.error) return <Alert>{describeError(round.error, tErrors)}</Alert>;
  const data = round.data;
  const open = data.round.state === "open";
  const canModerate = viewer?.role === "moderator" || viewer?.role === "admin";
  const canClose = open && viewer !== null && (viewer.id === data.round.createdById || canModerate);
  const map = data.map?.map ?? null;
  const statements = data.statements;
  const measures = (forum.data?.measures ?? []).map((m) => ({
    id: m.id,
    code: m.code,
    title: pick(locale, m, "title"),
  }));

  const addStatement = (s: (typeof statements)[number]) =>
    queryClient.setQueryData(queryKey, (view) =>
      view
        ? {
            ...view,
            statements: view.statements.some((x) => x.id === s.id)
              ? view.statements.map((x) => (x.id === s.id ? s : x))
              : [...view.statements, s].sort((a, b) => a.id - b.id),
          }
        : view,
    );
  const recordVote = (statementId: number, choice: "agree" | "disagree" | "pass") =>
    queryClient.setQueryData(queryKey, (view) =>
      view?.me
        ? {
            ...view,
            me: {
              ...view.me,
              votes: [...view.me.votes.filter((v) => v.statementId !== statementId), { statementId, choice }],
            },
          }
        : view,
    );

  return (
    <div className="space-y-5">
      <nav className="text-sm">
        {data.round.topic ? (
          <Link href={`/topics/${data.round.topic.id}`} className="text-brand-700 hover:underline">
            ← {t("page.backTopic", { title: data.round.topic.title })}
          </Link>
        ) : data.round.forum ? (
          <Link href={`/forums/${data.round.forum.slug}`} className="text-brand-700 hover:underline">
            ← {t("page.backForum", { forum: pick(locale, data.round.forum, "title") })}
          </Link>
        ) : null}
      </nav>
      <Card>
        <div className="space-y-3">
          <div className="flex flex-wrap items-center gap-2">
            <Badge tone={open ? "green" : "slate"}>{open ? t("rounds.open") : t("rounds.closed")}</Badge>
            <span className="text-sm text-slate-600">
              {t("rounds.counts", {
                voters: map?.voters ?? 0,
                statements: statements.filter((s) => s.state === "visible").length,
              })}
            </span>
          </div>
          <h1 className="text-2xl font-semibold" data-testid="round-question">
            {data.round.question}
          </h1>
          <div className="flex flex-wrap items-center gap-2">
            <span className="text-sm text-slate-600">{t("page.export")}:</span>
            <Button
              size="sm"
              variant="secondary"
              disabled={!viewer}
              busy={exporter.isPending && exporter.variables === "csv"}
              onClick={() => exporter.mutate("csv")}
            >
              {t("page.exportCsv")}
            </Button>
            <Button
              size="sm"
              variant="secondary"
              disabled={!viewer}
              busy={exporter.isPending && exporter.variables === "json"}
              onClick={() => exporter.mutate("json")}
            >
              {t("page.exportJson")}
            </Button>
            {canClose ? (
              <Button
                size="sm"
                variant="danger"
                busy={close.isPending}
                onClick={async () => {
                  if (await confirm({ message: t("page.closeConfirm"), confirmLabel: t("page.close"), tone: "danger" }))
                    close.mutate({ roundId });
                }}
              >
                {t("page.close")}
              </Button>
            ) : null}
          </div>
          <p className="text-xs text-slate-500">{t("page.exportNote")}</p>
          {exporter.error ? <Alert>{describeError(exporter.error, tErrors)}</Alert> : null}
          {close.error ? <Alert>{describeError(close.error, tErrors)}</Alert> : null}
        </div>
      </Card>
      {!open ? <Alert tone="info">{t("page.closedNotice")}</Alert> : null}
      <Suspense
        fallback={
          <Card>
            <Skeleton lines={4} />
          </Card>
        }
      >
        {open && viewer ? (
          <div className="grid gap-5 lg:grid-cols-2">
            <VoteCard roundId={roundId} onVoted={recordVote} />
            <StatementForm roundId={roundId} onAdded={addStatement} />
          </div>
        ) : null}
        {!viewer ? <Alert tone="info">{t("vote.signIn")}</Alert> : null}
        <OpinionMapPanel
          map={map}
          computedAt={data.map?.computedAt ?? null}
          minVotes={data.round.minVotes}
          myDot={data.me?.pseudonym ?? null}
          regionName={regions.name}
        />
        {map && map.placed > 0 ? (
          <MapAnalysis
            map={map}
            statements={statements}
            canPropose={viewer !== null && viewer.role !== "moderator"}
            measures={measures}
            hasTopic={data.round.topic !== null}
            regionName={regions.name}
          />
        ) : null}
        <StatementList
          statements={statements}
          canModerate={canModerate}
          canReport={viewer !== null}
          onChanged={addStatement}
        />
      </Suspense>
    </div>
  );
}

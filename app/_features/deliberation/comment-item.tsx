"use client";
import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRelativeTime } from "@/app/lib/use-relative-time";
import { useState, type ReactNode } from "react";
import { reactionKinds, type ReactionKind } from "@/shared/vocabulary";
import { stanceBadgeTone } from "../../components/stance-colors";
import { Button } from "../../components/ui/button";
import { Alert, Badge, Skeleton } from "../../components/ui/card";
import { describeError } from "../../lib/errors";
import { pick } from "../../lib/localized";
import type { CommentItem as Comment } from "../../lib/router-types";
import { useTRPC } from "../../lib/trpc";
import { afterPage } from "../../components/ui/after-page";
import { ReportButton } from "../moderation/report-button";
import { useScrollToHash } from "../notifications/use-scroll-to-hash";
import { CommentComposer, type MeasureOption } from "./comment-composer";
import { useLocale } from "next-intl";
import { useConfirm } from "../../components/ui/confirm-dialog";

const reactionStyle: Record<ReactionKind, string> = {
  agree: "aria-pressed:bg-emerald-700 aria-pressed:text-white aria-pressed:ring-emerald-700",
  disagree: "aria-pressed:bg-red-600 aria-pressed:text-white aria-pressed:ring-red-600",
  pass: "aria-pressed:bg-slate-600 aria-pressed:text-white aria-pressed:ring-slate-600",
};

// A comment's history and its reactions by region show only when asked for, and read their data then:
// their code (the chart's with it) is fetched when the pointer or focus reaches their buttons.
const detailsLoading = () => (
  <div className="mt-3">
    <Skeleton lines={2} />
  </div>
);
const CommentHistory = afterPage(() => import("./comment-details").then((m) => m.CommentHistory), detailsLoading);
const ReactionSplit = afterPage(() => import("./comment-details").then((m) => m.ReactionSplit), detailsLoading);
const preloadDetails = () => void CommentHistory.preload().catch(() => {});

export function CommentItem({
  comment,
  measures,
  canPost,
  canReact,
  canReport = false,
  onChanged,
  children,
}: {
  comment: Comment;
  measures: MeasureOption[];
  canPost: boolean;
  canReact: boolean;
  /** Signed in: anyone may report someone else's comment, even in a locked thread. */
  canReport?: boolean;
  onChanged: () => void;
  children?: ReactNode;
}) {
  const t = useTranslations();
  const tErrors = useTranslations("errors");
  const confirm = useConfirm();
  const relativeTime = useRelativeTime();
  const locale = useLocale();
  useScrollToHash(`comment-${comment.id}`);
  const trpc = useTRPC();
  const [mode, setMode] = useState<"read" | "reply" | "edit">("read");
  const [showHistory, setShowHistory] = useState(false);
  const [showSplit, setShowSplit] = useState(false);
  const reply = useMutation(trpc.comments.add.mutationOptions({ onSuccess: () => (setMode("read"), onChanged()) }));
  const edit = useMutation(trpc.comments.edit.mutationOptions({ onSuccess: () => (setMode("read"), onChanged()) }));
  const withdraw = useMutation(trpc.comments.withdraw.mutationOptions({ onSuccess: onChanged }));
  const react = useMutation(trpc.comments.react.mutationOptions({ onSuccess: onChanged }));
  const measureCode = comment.amendment
    ? (measures.find((m) => m.id === comment.amendment?.measureId)?.code ?? "")
    : "";
  const live = comment.state === "visible";

  return (
    <article
      id={`comment-${comment.id}`}
      className="scroll-mt-20 rounded-lg border border-slate-200 bg-white p-4"
      data-testid={`comment-${comment.id}`}
      aria-labelledby={`comment-${comment.id}-author`}
    >
      <header className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm">
        <span id={`comment-${comment.id}-author`} className="font-medium text-slate-900">
          {comment.author.displayName}
        </span>
        <Badge>{t(`roles.${comment.author.role}`)}</Badge>
        <span className="text-slate-500">{pick(locale, comment.region, "name")}</span>
        <span className="text-slate-400" aria-hidden>
          ·
        </span>
        <time className="text-slate-500" dateTime={comment.createdAt.toISOString()}>
          {relativeTime(comment.createdAt)}
        </time>
        {live && comment.stance ? (
          <Badge tone={stanceBadgeTone[comment.stance]}>{t(`stances.${comment.stance}`)}</Badge>
        ) : null}
        {comment.edited ? (
          <button
            type="button"
            className="text-xs text-slate-500 underline decoration-dotted"
            onClick={() => setShowHistory((v) => !v)}
            onPointerEnter={preloadDetails}
            onFocus={preloadDetails}
            aria-expanded={showHistory}
          >
            {t("topic.edited")}
          </button>
        ) : null}
      </header>

      {comment.state === "withdrawn" ? (
        <p className="mt-2 text-sm italic text-slate-500">{t("topic.withdrawn")}</p>
      ) : comment.state === "hidden" ? (
        <p className="mt-2 text-sm italic text-slate-500">
          {t(comment.bodyHtml ? "topic.hiddenOwn" : "topic.hidden", { reason: comment.hiddenReason ?? "—" })}
        </p>
      ) : comment.state === "held" ? (
        <p className="mt-2 text-sm text-amber-700">{t("topic.held")}</p>
      ) : null}

      {mode === "edit" ? (
        <div className="mt-3">
          <CommentComposer
            idPrefix={`edit-${comment.id}`}
            stanceRequired={comment.parentId === null}
            measures={measures}
            bodyLabel={t("topic.body")}
            initial={{ stance: comment.stance, body: comment.body ?? "", amendment: comment.amendment }}
            submitLabel={t("topic.save")}
            busy={edit.isPending}
            error={edit.error ? describeError(edit.error, tErrors) : null}
            onSubmit={(draft) => edit.mutate({ commentId: comment.id, ...draft })}
            onCancel={() => setMode("read")}
          />
        </div>
      ) : comment.bodyHtml ? (
        <>
          {comment.amendment ? (
            <div className="mt-2 rounded-md border border-violet-200 bg-violet-50 px-3 py-2 text-sm">
              <p className="font-medium text-violet-800">{t("topic.amends", { code: measureCode })}</p>
              <p className="mt-1 whitespace-pre-line text-slate-800">{comment.amendment.proposedText}</p>
            </div>
          ) : null}
          <div
            className="markdown mt-2 text-sm text-slate-800"
            dangerouslySetInnerHTML={{ __html: comment.bodyHtml }}
          />
        </>
      ) : null}

      {showHistory ? <CommentHistory commentId={comment.id} /> : null}

      {live ? (
        <div className="mt-3 flex flex-wrap items-center gap-2">
          <div role="group" aria-label={t("topic.reactions")} className="flex gap-1">
            {reactionKinds.map((kind) => (
              <button
                key={kind}
                type="button"
                disabled={!canReact || react.isPending}
                aria-pressed={comment.myReaction === kind}
                onClick={() => react.mutate({ commentId: comment.id, kind: comment.myReaction === kind ? null : kind })}
                className={`rounded-full px-2.5 py-0.5 text-xs text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50 disabled:cursor-not-allowed ${reactionStyle[kind]}`}
                data-testid={`react-${kind}`}
              >
                {t(`topic.${kind}`)} <span className="tabular-nums">{comment.reactions[kind]}</span>
              </button>
            ))}
          </div>
          <button
            type="button"
            className="text-xs text-slate-500 underline decoration-dotted"
            onClick={() => setShowSplit((v) => !v)}
            onPointerEnter={preloadDetails}
            onFocus={preloadDetails}
            aria-expanded={showSplit}
          >
            {showSplit ? t("topic.hideRegions") : t("topic.byRegion")}
          </button>
          <span className="ml-auto flex flex-wrap gap-1">
            {canReport && !comment.isAuthor ? <ReportButton targetKind="comment" targetId={comment.id} /> : null}
            {canPost ? (
              <Button variant="ghost" size="sm" onClick={() => setMode(mode === "reply" ? "read" : "reply")}>
                {t("topic.reply")}
              </Button>
            ) : null}
            {comment.isAuthor && canPost ? (
              <>
                <Button variant="ghost" size="sm" onClick={() => setMode("edit")}>
                  {t("topic.edit")}
                </Button>
                <Button
                  variant="ghost"
                  size="sm"
                  busy={withdraw.isPending}
                  onClick={async () => {
                    if (
                      await confirm({
                        message: t("topic.withdrawConfirm"),
                        confirmLabel: t("topic.withdraw"),
                        tone: "danger",
                      })
                    )
                      withdraw.mutate({ commentId: comment.id });
                  }}
                >
                  {t("topic.withdraw")}
                </Button>
              </>
            ) : null}
          </span>
        </div>
      ) : null}
      {react.error || withdraw.error ? (
        <div className="mt-2">
          <Alert>{describeError(react.error ?? withdraw.error, tErrors)}</Alert>
        </div>
      ) : null}
      {showSplit ? <ReactionSplit commentId={comment.id} /> : null}

      {mode === "reply" ? (
        <div className="mt-3 border-t border-slate-100 pt-3">
          <CommentComposer
            idPrefix={`reply-${comment.id}`}
            stanceRequired={false}
            measures={measures}
            bodyLabel={t("topic.replyBody")}
            submitLabel={t("topic.postReply")}
            busy={reply.isPending}
            error={reply.error ? describeError(reply.error, tErrors) : null}
            onSubmit={(draft) => reply.mutate({ threadId: comment.threadId, parentId: comment.id, ...draft })}
            onCancel={() => setMode("read")}
          />
        </div>
      ) : null}
      {children}
    </article>
  );
}

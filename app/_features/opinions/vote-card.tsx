"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRef, useState } from "react";
import type { OpinionChoice } from "@/shared/opinion-vocabulary";
import { Button } from "../../components/ui/button";
import { Alert, Card, Skeleton } from "../../components/ui/card";
import { describeError } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc";

const choices: { choice: OpinionChoice; variant: "primary" | "danger" | "secondary" }[] = [
  { choice: "agree", variant: "primary" },
  { choice: "disagree", variant: "danger" },
  { choice: "pass", variant: "secondary" },
];

/**
 * One statement at a time, in the server's order (unseen first, fewest votes first). The answer is
 * acknowledged once committed, and the reply carries the next statement, so voting through a round
 * is one request per statement.
 */
export function VoteCard({
  roundId,
  onVoted,
}: {
  roundId: number;
  onVoted: (statementId: number, choice: OpinionChoice) => void;
}) {
  const t = useTranslations("opinions.vote");
  const tErrors = useTranslations("errors");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const queryKey = trpc.opinions.next.queryKey({ roundId });
  const next = useQuery(trpc.opinions.next.queryOptions({ roundId }));
  const [saved, setSaved] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const vote = useMutation(
    trpc.opinions.vote.mutationOptions({
      onSuccess: (reply) => {
        queryClient.setQueryData(queryKey, (old) => (old ? { ...old, ...reply, roundState: old.roundState } : old));
        onVoted(reply.statementId, reply.choice);
        setSaved(true);
        // Keyboard users stay in the card: focus the next statement rather than losing it to the body.
        heading.current?.focus();
      },
    }),
  );

  return (
    <Card>
      <section aria-labelledby="vote-heading" className="space-y-4" data-testid="vote-card">
        <h2 id="vote-heading" ref={heading} tabIndex={-1} className="text-lg font-semibold outline-none">
          {t("heading")}
        </h2>
        {next.isPending ? <Skeleton lines={2} /> : null}
        {next.error ? <Alert>{describeError(next.error, tErrors)}</Alert> : null}
        {next.data ? (
          <>
            <p className="text-sm text-slate-600" data-testid="vote-progress">
              {t("progress", { voted: next.data.voted, total: next.data.total })}
            </p>
            <div
              className="h-1.5 overflow-hidden rounded bg-slate-100"
              role="progressbar"
              aria-valuemin={0}
              aria-valuemax={next.data.total}
              aria-valuenow={next.data.voted}
              aria-label={t("progress", { voted: next.data.voted, total: next.data.total })}
            >
              <div
                className="h-full bg-brand-500 transition-[width]"
                style={{ width: `${next.data.total ? (next.data.voted / next.data.total) * 100 : 0}%` }}
              />
            </div>
            {next.data.statement ? (
              <div className="space-y-4">
                {saved ? (
                  <p className="text-xs text-emerald-700" role="status">
                    {t("saved")}
                  </p>
                ) : null}
                <blockquote
                  className="rounded-md border-l-4 border-brand-500 bg-slate-50 p-4 text-base text-slate-900"
                  data-testid="vote-statement"
                  lang="und"
                >
                  {next.data.statement.text}
                </blockquote>
                <div className="flex flex-wrap gap-2">
                  {choices.map(({ choice, variant }) => (
                    <Button
                      key={choice}
                      variant={variant}
                      busy={vote.isPending && vote.variables?.choice === choice}
                      disabled={vote.isPending}
                      onClick={() => vote.mutate({ statementId: next.data.statement!.id, choice })}
                    >
                      {t(choice)}
                    </Button>
                  ))}
                </div>
              </div>
            ) : (
              <p className="text-sm text-slate-700" data-testid="vote-done">
                {next.data.total === 0 ? t("none") : t("done")}
              </p>
            )}
            {vote.error ? <Alert>{describeError(vote.error, tErrors)}</Alert> : null}
          </>
        ) : null}
      </section>
    </Card>
  );
}

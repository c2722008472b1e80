"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { voteChoices, type VoteChoice } from "@/server/features/ballots/rules/ballot-rules";
import { formatReceipt } from "@/server/features/ballots/rules/ballot-secrecy";
import { Button } from "../../components/ui/button";
import { Alert } from "../../components/ui/card";
import { describeError } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc";
import type { BallotView } from "./ballot-views";

/** The voter's marks, one radio group per plan; a recorded vote may be changed until the close. */
export function VoteForm({ ballot }: { ballot: BallotView }) {
  const t = useTranslations("ballots.vote");
  const tErrors = useTranslations("errors");
  const format = useFormatter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const mine = useQuery(trpc.ballots.myVotes.queryOptions({ ballotId: ballot.id }));
  const [edits, setEdits] = useState<Record<number, VoteChoice>>({});
  const cast = useMutation(
    trpc.ballots.castVote.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.ballots.myVotes.queryKey({ ballotId: ballot.id }) });
        setEdits({});
      },
    }),
  );
  const recorded = new Map((mine.data?.votes ?? []).map((v) => [v.planId, v]));
  const choiceOf = (planId: number): VoteChoice | undefined => edits[planId] ?? recorded.get(planId)?.choice;
  const marked = ballot.plans.filter((p) => choiceOf(p.id) !== undefined);
  const lastUpdate = [...recorded.values()].reduce<Date | null>(
    (latest, v) => (!latest || v.updatedAt > latest ? v.updatedAt : latest),
    null,
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    cast.mutate({ ballotId: ballot.id, choices: marked.map((p) => ({ planId: p.id, choice: choiceOf(p.id)! })) });
  }

  return (
    <form onSubmit={submit} className="space-y-4" data-testid="vote-form">
      <h3 className="font-semibold">{t("heading")}</h3>
      {ballot.plans.map((plan, index) => (
        <fieldset key={plan.id} className="rounded-md border border-slate-200 p-3">
          <legend className="px-1 text-sm font-medium text-slate-800">{t("planLegend", { number: index + 1 })}</legend>
          <div className="flex flex-wrap gap-x-5 gap-y-2">
            {voteChoices.map((choice) => (
              <label key={choice} className="flex items-center gap-2 text-sm text-slate-700">
                <input
                  type="radio"
                  className="size-4 border-slate-300 text-brand-600"
                  name={`plan-${plan.id}`}
                  value={choice}
                  checked={choiceOf(plan.id) === choice}
                  onChange={() => setEdits((current) => ({ ...current, [plan.id]: choice }))}
                />
                {t(`choices.${choice}`)}
              </label>
            ))}
          </div>
        </fieldset>
      ))}
      {cast.error ? <Alert>{describeError(cast.error, tErrors)}</Alert> : null}
      {recorded.size > 0 && Object.keys(edits).length === 0 ? (
        <div data-testid="vote-recorded">
          <Alert tone="success">
            {t("recorded", { time: lastUpdate ? format.dateTime(lastUpdate, { timeStyle: "medium" }) : "" })}
          </Alert>
          <p className="mt-2 text-xs text-slate-600">{t("receiptHint")}</p>
          <ul className="mt-1 space-y-0.5 text-xs">
            {ballot.plans.map((plan, index) => {
              const vote = recorded.get(plan.id);
              return vote ? (
                <li key={plan.id} data-testid={`receipt-${index + 1}`}>
                  {t("receiptLine", { number: index + 1 })}{" "}
                  <code className="font-mono select-all">{formatReceipt(vote.receipt)}</code>
                </li>
              ) : null;
            })}
          </ul>
        </div>
      ) : null}
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" busy={cast.isPending} disabled={marked.length === 0 || Object.keys(edits).length === 0}>
          {recorded.size > 0 ? t("change") : t("submit")}
        </Button>
        <p className="text-xs text-slate-500">{t("hint")}</p>
      </div>
    </form>
  );
}

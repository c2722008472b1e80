"use client";
import { useMutation } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useCallback, useState } from "react";
import type { PollView } from "@/server/features/meetings/contract";
import { moveItem } from "@/server/features/meetings/rules";
import { yesNoChoices, type PollAnswer, type PollOption, type PollTally } from "@/shared/meeting-polls";
import { Button } from "../../../components/ui/button";
import { Alert } from "../../../components/ui/card";
import { describeError } from "../../../lib/errors";
import { useTRPC } from "../../../lib/trpc";

/** An option's label in the reader's language. */
export function useOptionLabel() {
  const locale = useLocale();
  return useCallback((option: PollOption) => (locale === "en" ? option.en : option.zh), [locale]);
}

/** A choice among buttons, one pressed: yes/no/abstain or a score. */
function ChoiceButtons<T extends string | number>(props: {
  label: string;
  choices: readonly T[];
  chosen: T | null;
  name: (choice: T) => string;
  busy: boolean;
  onChoose: (choice: T) => void;
}) {
  return (
    <div role="group" aria-label={props.label} className="flex flex-wrap gap-2">
      {props.choices.map((choice) => (
        <Button
          key={choice}
          size="sm"
          variant={props.chosen === choice ? "primary" : "secondary"}
          aria-pressed={props.chosen === choice}
          disabled={props.busy}
          onClick={() => props.onChoose(choice)}
        >
          {props.name(choice)}
        </Button>
      ))}
    </div>
  );
}

/** The voter's form for the poll's kind; voting again changes the vote while the poll is open. */
export function PollVoteForm(props: { poll: PollView; mine: PollAnswer | null; onVoted: (tally: PollTally) => void }) {
  const { poll, onVoted } = props;
  const t = useTranslations("meetings.polls");
  const tErrors = useTranslations("errors");
  const trpc = useTRPC();
  const label = useOptionLabel();
  const [mine, setMine] = useState<PollAnswer | null>(props.mine);
  const n = poll.options.length;
  const [order, setOrder] = useState<number[]>(() =>
    props.mine?.kind === "ranked" ? props.mine.order : Array.from({ length: n }, (_, i) => i),
  );
  const [dots, setDots] = useState<number[]>(() =>
    props.mine?.kind === "dots" ? props.mine.dots : Array.from({ length: n }, () => 0),
  );
  const vote = useMutation(
    trpc.meetings.votePoll.mutationOptions({
      onSuccess: (result) => {
        setMine(result.answer);
        onVoted(result.tally);
      },
    }),
  );
  const cast = (answer: PollAnswer) => vote.mutate({ pollId: poll.id, answer });
  const spent = dots.reduce((a, b) => a + b, 0);
  const left = (poll.dotsPerVoter ?? 0) - spent;
  return (
    <div className="space-y-2" data-testid="poll-vote">
      {poll.kind === "yes_no" ? (
        <ChoiceButtons
          label={t("yourVote")}
          choices={yesNoChoices}
          chosen={mine?.kind === "yes_no" ? mine.choice : null}
          name={(c) => t(`choices.${c}`)}
          busy={vote.isPending}
          onChoose={(choice) => cast({ kind: "yes_no", choice })}
        />
      ) : poll.kind === "score" ? (
        <ChoiceButtons
          label={t("yourScore")}
          choices={[0, 1, 2, 3, 4, 5]}
          chosen={mine?.kind === "score" ? mine.score : null}
          name={String}
          busy={vote.isPending}
          onChoose={(score) => cast({ kind: "score", score })}
        />
      ) : (
        <form
          className="space-y-2"
          onSubmit={(e) => {
            e.preventDefault();
            cast(poll.kind === "ranked" ? { kind: "ranked", order } : { kind: "dots", dots });
          }}
        >
          <ol className="space-y-1 text-sm">
            {(poll.kind === "ranked" ? order : poll.options.map((_, i) => i)).map((option, place) => (
              <li key={option} className="flex flex-wrap items-center gap-2">
                {poll.kind === "ranked" ? (
                  <>
                    <span className="w-5 text-right tabular-nums text-slate-500">{place + 1}.</span>
                    <span className="min-w-32">{label(poll.options[option]!)}</span>
                    <Button
                      size="sm"
                      variant="ghost"
                      type="button"
                      disabled={place === 0}
                      aria-label={t("rankUp", { option: label(poll.options[option]!) })}
                      onClick={() => setOrder((o) => moveItem(o, option, "up"))}
                    >
                      ↑
                    </Button>
                    <Button
                      size="sm"
                      variant="ghost"
                      type="button"
                      disabled={place === n - 1}
                      aria-label={t("rankDown", { option: label(poll.options[option]!) })}
                      onClick={() => setOrder((o) => moveItem(o, option, "down"))}
                    >
                      ↓
                    </Button>
                  </>
                ) : (
                  <label className="flex items-center gap-2">
                    <input
                      type="number"
                      min={0}
                      max={poll.dotsPerVoter ?? 0}
                      value={dots[option] ?? 0}
                      className="w-16 rounded-md border border-slate-300 px-2 py-1"
                      onChange={(e) =>
                        setDots((d) =>
                          d.map((v, j) => (j === option ? Math.max(0, Math.floor(Number(e.target.value))) : v)),
                        )
                      }
                    />
                    {label(poll.options[option]!)}
                  </label>
                )}
              </li>
            ))}
          </ol>
          {poll.kind === "dots" ? (
            <p className={`text-xs ${left < 0 ? "text-red-700" : "text-slate-600"}`}>
              {t("dotsLeft", { count: left })}
            </p>
          ) : null}
          <Button type="submit" size="sm" busy={vote.isPending} disabled={left < 0 && poll.kind === "dots"}>
            {mine ? t("changeVote") : t("vote")}
          </Button>
        </form>
      )}
      {mine ? <p className="text-xs text-slate-600">{t("voted")}</p> : null}
      {vote.error ? <Alert>{describeError(vote.error, tErrors)}</Alert> : null}
    </div>
  );
}

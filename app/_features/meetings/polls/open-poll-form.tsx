"use client";
import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import type { PollView } from "@/server/features/meetings/contract";
import { ballotRules, type BallotRule } from "@/shared/ballot-vocabulary";
import { pollKinds, pollLimits, type PollKind, type PollOption } from "@/shared/meeting-polls";
import { Button } from "../../../components/ui/button";
import { Alert } from "../../../components/ui/card";
import { Field, SelectInput, TextInput } from "../../../components/ui/field";
import { describeError } from "../../../lib/errors";
import { useTRPC } from "../../../lib/trpc";

const blankOption = (): PollOption => ({ zh: "", en: "" });

/** The chair's form: kind, rule, the question in both languages, and the options of a ranked or dot poll. */
export function OpenPollForm({ meetingId, onOpened }: { meetingId: number; onOpened: (poll: PollView) => void }) {
  const t = useTranslations("meetings.polls");
  const tBallots = useTranslations("ballots");
  const tErrors = useTranslations("errors");
  const trpc = useTRPC();
  const [kind, setKind] = useState<PollKind>("yes_no");
  const [rule, setRule] = useState<BallotRule>("double_majority");
  const [questionZh, setQuestionZh] = useState("");
  const [questionEn, setQuestionEn] = useState("");
  const [options, setOptions] = useState<PollOption[]>([blankOption(), blankOption()]);
  const [dots, setDots] = useState(3);
  const open = useMutation(
    trpc.meetings.openPoll.mutationOptions({
      onSuccess: (result) => {
        setQuestionZh("");
        setQuestionEn("");
        setOptions([blankOption(), blankOption()]);
        onOpened(result.poll);
      },
    }),
  );
  const withOptions = kind === "ranked" || kind === "dots";
  const setOption = (i: number, lang: keyof PollOption, value: string) =>
    setOptions((list) => list.map((o, j) => (j === i ? { ...o, [lang]: value } : o)));
  function submit(event: FormEvent) {
    event.preventDefault();
    open.mutate({
      meetingId,
      kind,
      rule,
      questionZh,
      questionEn,
      options: withOptions ? options : [],
      dotsPerVoter: kind === "dots" ? dots : null,
    });
  }
  return (
    <details className="rounded-md border border-slate-200 p-3" data-testid="open-poll">
      <summary className="cursor-pointer text-sm font-medium">{t("openTitle")}</summary>
      <form onSubmit={submit} className="mt-3 space-y-3">
        <div className="grid gap-3 sm:grid-cols-2">
          <Field label={t("kind")} htmlFor="poll-kind">
            <SelectInput id="poll-kind" value={kind} onChange={(e) => setKind(e.target.value as PollKind)}>
              {pollKinds.map((k) => (
                <option key={k} value={k}>
                  {t(`kinds.${k}`)}
                </option>
              ))}
            </SelectInput>
          </Field>
          <Field label={t("rule")} htmlFor="poll-rule" hint={tBallots(`ruleHints.${rule}`)}>
            <SelectInput id="poll-rule" value={rule} onChange={(e) => setRule(e.target.value as BallotRule)}>
              {ballotRules.map((r) => (
                <option key={r} value={r}>
                  {tBallots(`rules.${r}`)}
                </option>
              ))}
            </SelectInput>
          </Field>
          <Field label={t("questionZh")} htmlFor="poll-question-zh">
            <TextInput id="poll-question-zh" value={questionZh} onChange={(e) => setQuestionZh(e.target.value)} />
          </Field>
          <Field label={t("questionEn")} htmlFor="poll-question-en">
            <TextInput id="poll-question-en" value={questionEn} onChange={(e) => setQuestionEn(e.target.value)} />
          </Field>
        </div>
        {withOptions ? (
          <fieldset className="space-y-2">
            <legend className="text-sm font-medium text-slate-700">{t("options")}</legend>
            {options.map((o, i) => (
              <div key={i} className="grid grid-cols-[1fr_1fr_auto] items-center gap-2">
                <TextInput
                  aria-label={t("optionZh", { n: i + 1 })}
                  value={o.zh}
                  onChange={(e) => setOption(i, "zh", e.target.value)}
                />
                <TextInput
                  aria-label={t("optionEn", { n: i + 1 })}
                  value={o.en}
                  onChange={(e) => setOption(i, "en", e.target.value)}
                />
                <Button
                  size="sm"
                  variant="ghost"
                  type="button"
                  disabled={options.length <= pollLimits.minOptions}
                  aria-label={t("removeOption", { n: i + 1 })}
                  onClick={() => setOptions((list) => list.filter((_, j) => j !== i))}
                >
                  ×
                </Button>
              </div>
            ))}
            <Button
              size="sm"
              variant="secondary"
              type="button"
              disabled={options.length >= pollLimits.maxOptions}
              onClick={() => setOptions((list) => [...list, blankOption()])}
            >
              {t("addOption")}
            </Button>
          </fieldset>
        ) : null}
        {kind === "dots" ? (
          <Field label={t("dotsPerVoter")} htmlFor="poll-dots">
            <TextInput
              id="poll-dots"
              type="number"
              min={1}
              max={pollLimits.maxDots}
              value={dots}
              onChange={(e) => setDots(Number(e.target.value))}
            />
          </Field>
        ) : null}
        <Button type="submit" size="sm" busy={open.isPending} data-testid="open-poll-submit">
          {t("open")}
        </Button>
        {open.error ? <Alert>{describeError(open.error, tErrors)}</Alert> : null}
      </form>
    </details>
  );
}

"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import type { PollSlotView } from "@/server/features/meetings/contract";
import { pollAnswers, type PollAnswer } from "@/shared/meetings-vocabulary";
import { Button } from "../../../components/ui/button";
import { Alert, Badge, Card } from "../../../components/ui/card";
import { useConfirm } from "../../../components/ui/confirm-dialog";
import { describeError } from "../../../lib/errors";
import { useTRPC } from "../../../lib/trpc";
import { useChinaTime, usePick } from "../meeting-bits";
import { TimePollForm } from "./time-poll-form";
import { withMeetingHeader } from "../../../lib/live/meeting-view";
import type { MeetingData } from "../types";

/** A slot's day: weekend, the holiday by name, or a make-up working day. */
function DayFlags({ day }: { day: PollSlotView["day"] }) {
  const t = useTranslations("timePoll.flags");
  const pick = usePick();
  return (
    <span className="flex flex-wrap gap-1">
      {day.holiday ? <Badge tone="red">{t("holiday", { name: pick(day.holiday, "name") })}</Badge> : null}
      {day.makeupWorkday ? <Badge tone="amber">{t("makeupWorkday")}</Badge> : null}
      {day.weekend && !day.makeupWorkday ? <Badge tone="slate">{t("weekend")}</Badge> : null}
      {day.workingDay ? <Badge tone="green">{t("workingDay")}</Badge> : null}
    </span>
  );
}

/**
 * The meeting's time poll: slots best first with their day and counts, the viewer's answers while it
 * is open, and the chair's close on a slot. The chair creates it while the agenda is editable.
 */
export function TimePollPanel({ data }: { data: MeetingData }) {
  const t = useTranslations("timePoll");
  const tErrors = useTranslations("errors");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const confirm = useConfirm();
  const time = useChinaTime();
  const poll = data.timePoll;
  const meetingId = data.meeting.id;
  const queryKey = trpc.meetings.get.queryKey({ meetingId });
  const [answers, setAnswers] = useState<Record<number, PollAnswer>>(data.viewer.timePollAnswers);
  const answer = useMutation(
    trpc.meetings.answerTimePoll.mutationOptions({
      onSuccess: (result) =>
        queryClient.setQueryData(queryKey, (old) =>
          old ? { ...old, timePoll: result.poll, viewer: { ...old.viewer, timePollAnswers: result.mine } } : old,
        ),
    }),
  );
  // The closed poll and the meeting's new time come back, as they come on the meeting's stream.
  const close = useMutation(
    trpc.meetings.closeTimePoll.mutationOptions({
      onSuccess: (result) =>
        queryClient.setQueryData(queryKey, (old) =>
          old ? { ...withMeetingHeader(old, result.meeting), timePoll: result.poll } : old,
        ),
    }),
  );

  if (!poll) return data.viewer.agendaEditable ? <TimePollForm data={data} /> : null;
  const mayAnswer = poll.open && data.viewer.mayAnswerTimePoll;
  const mayClose = poll.open && data.viewer.agendaEditable;

  function submit(event: FormEvent) {
    event.preventDefault();
    const given = poll!.slots.flatMap((s) => (answers[s.id] ? [{ slotId: s.id, answer: answers[s.id]! }] : []));
    if (given.length > 0) answer.mutate({ meetingId, answers: given });
  }

  async function closeOn(slot: PollSlotView) {
    const ok = await confirm({ message: t("confirmClose", { time: time.span(slot.startsAt, slot.endsAt) }) });
    if (ok) close.mutate({ meetingId, slotId: slot.id, version: data.meeting.version });
  }

  const error = answer.error ?? close.error;
  return (
    <Card>
      <form onSubmit={submit} className="space-y-4" data-testid="time-poll">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 className="text-lg font-semibold">{t("title")}</h2>
          <p className="text-sm text-slate-600">
            {poll.open ? t("open") : t("closed")} · {t("respondents", { count: poll.respondents })}
          </p>
        </div>
        <p className="text-sm text-slate-600">{t("rankingHint")}</p>
        {error ? <Alert>{describeError(error, tErrors)}</Alert> : null}
        {answer.isSuccess ? <Alert tone="success">{t("saved")}</Alert> : null}
        {/* relative: the table's sr-only header is absolutely placed and would widen the page on a phone otherwise. */}
        <div className="relative overflow-x-auto">
          <table className="min-w-full text-sm">
            <caption className="sr-only">{t("title")}</caption>
            <thead className="text-left text-slate-500">
              <tr>
                <th scope="col" className="py-2 pr-3 font-medium">
                  {t("slot")}
                </th>
                <th scope="col" className="py-2 pr-3 font-medium">
                  {t("day")}
                </th>
                {pollAnswers.map((a) => (
                  <th key={a} scope="col" className="py-2 pr-3 text-right font-medium">
                    {t(`answers.${a}`)}
                  </th>
                ))}
                {mayAnswer ? (
                  <th scope="col" className="py-2 pr-3 font-medium">
                    {t("yourAnswer")}
                  </th>
                ) : null}
                {mayClose ? (
                  <th scope="col" className="sr-only">
                    {t("choose")}
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {poll.slots.map((slot) => (
                <tr key={slot.id} data-testid={`poll-slot-${slot.id}`}>
                  <th scope="row" className="py-2 pr-3 text-left font-normal">
                    <span className="block">{time.span(slot.startsAt, slot.endsAt)}</span>
                    {slot.rank === 1 && poll.open ? <Badge tone="brand">{t("best")}</Badge> : null}
                    {slot.id === poll.chosenSlotId ? <Badge tone="green">{t("chosen")}</Badge> : null}
                  </th>
                  <td className="py-2 pr-3">
                    <DayFlags day={slot.day} />
                  </td>
                  <td className="py-2 pr-3 text-right tabular-nums" data-testid="poll-yes">
                    {slot.tally.yes}
                  </td>
                  <td className="py-2 pr-3 text-right tabular-nums">{slot.tally.ifNeedBe}</td>
                  <td className="py-2 pr-3 text-right tabular-nums">{slot.tally.no}</td>
                  {mayAnswer ? (
                    <td className="py-2 pr-3">
                      <select
                        aria-label={t("answerFor", { time: time.span(slot.startsAt, slot.endsAt) })}
                        className="rounded-md border border-slate-300 px-2 py-1"
                        value={answers[slot.id] ?? ""}
                        onChange={(e) => setAnswers((all) => ({ ...all, [slot.id]: e.target.value as PollAnswer }))}
                      >
                        <option value="">—</option>
                        {pollAnswers.map((a) => (
                          <option key={a} value={a}>
                            {t(`answers.${a}`)}
                          </option>
                        ))}
                      </select>
                    </td>
                  ) : null}
                  {mayClose ? (
                    <td className="py-2">
                      <Button
                        type="button"
                        size="sm"
                        variant="secondary"
                        busy={close.isPending && close.variables?.slotId === slot.id}
                        onClick={() => void closeOn(slot)}
                      >
                        {t("choose")}
                      </Button>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {mayAnswer ? (
          <Button type="submit" size="sm" busy={answer.isPending}>
            {t("saveAnswers")}
          </Button>
        ) : null}
      </form>
    </Card>
  );
}

"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { pollSlotLimits } from "@/shared/meetings-vocabulary";
import { Button } from "../../../components/ui/button";
import { Alert, Card } from "../../../components/ui/card";
import { Field, TextInput } from "../../../components/ui/field";
import { useServerErrors } from "../../../lib/server-errors";
import { useTRPC } from "../../../lib/trpc";
import type { MeetingData } from "../types";

type Slot = { startsAt: string; endsAt: string };
const blank = (): Slot => ({ startsAt: "", endsAt: "" });
const slotFields = Array.from({ length: pollSlotLimits.max }, (_, i) => [
  `slots.${i}.startsAt`,
  `slots.${i}.endsAt`,
]).flat();

/** The chair offers 2–12 candidate slots, typed in China time; each problem shows at its field. */
export function TimePollForm({ data }: { data: MeetingData }) {
  const t = useTranslations("timePoll");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [slots, setSlots] = useState<Slot[]>([blank(), blank()]);
  const create = useMutation(
    trpc.meetings.createTimePoll.mutationOptions({
      // The new poll comes back (and on the meeting's stream); the chair has no answers yet.
      onSuccess: (poll) =>
        queryClient.setQueryData(trpc.meetings.get.queryKey({ meetingId: data.meeting.id }), (view) =>
          view ? { ...view, timePoll: poll } : view,
        ),
    }),
  );
  const errors = useServerErrors(create.error, ["slots", ...slotFields]);
  const set = (index: number, key: keyof Slot, value: string) =>
    setSlots((all) => all.map((slot, i) => (i === index ? { ...slot, [key]: value } : slot)));

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate({ meetingId: data.meeting.id, slots });
  }

  return (
    <Card>
      <form onSubmit={submit} className="space-y-4" noValidate aria-label={t("create")} data-testid="time-poll-form">
        <div>
          <h2 className="text-lg font-semibold">{t("title")}</h2>
          <p className="text-sm text-slate-600">{t("createHint")}</p>
        </div>
        {errors.banner ? <Alert>{errors.banner}</Alert> : null}
        {errors.at("slots") ? <p className="text-sm text-red-700">{errors.at("slots")}</p> : null}
        <ol className="space-y-3">
          {slots.map((slot, i) => (
            <li key={i} className="grid items-end gap-3 sm:grid-cols-[1fr_1fr_auto]">
              <Field
                label={t("slotStart", { n: i + 1 })}
                htmlFor={`poll-start-${i}`}
                error={errors.at(`slots.${i}.startsAt`)}
                hint={t("chinaTime")}
              >
                <TextInput
                  id={`poll-start-${i}`}
                  type="datetime-local"
                  value={slot.startsAt}
                  invalid={!!errors.at(`slots.${i}.startsAt`)}
                  onChange={(e) => set(i, "startsAt", e.target.value)}
                />
              </Field>
              <Field
                label={t("slotEnd", { n: i + 1 })}
                htmlFor={`poll-end-${i}`}
                error={
                  errors.at(`slots.${i}.endsAt`) && slot.startsAt && slot.endsAt <= slot.startsAt
                    ? t("endAfterStart")
                    : errors.at(`slots.${i}.endsAt`)
                }
                hint={t("chinaTime")}
              >
                <TextInput
                  id={`poll-end-${i}`}
                  type="datetime-local"
                  value={slot.endsAt}
                  invalid={!!errors.at(`slots.${i}.endsAt`)}
                  onChange={(e) => set(i, "endsAt", e.target.value)}
                />
              </Field>
              <Button
                type="button"
                size="sm"
                variant="secondary"
                disabled={slots.length <= pollSlotLimits.min}
                onClick={() => setSlots((all) => all.filter((_, j) => j !== i))}
              >
                {t("removeSlot")}
              </Button>
            </li>
          ))}
        </ol>
        <div className="flex flex-wrap gap-2">
          <Button
            type="button"
            size="sm"
            variant="secondary"
            disabled={slots.length >= pollSlotLimits.max}
            onClick={() => setSlots((all) => [...all, blank()])}
          >
            {t("addSlot")}
          </Button>
          <Button type="submit" size="sm" busy={create.isPending}>
            {t("create")}
          </Button>
        </div>
      </form>
    </Card>
  );
}

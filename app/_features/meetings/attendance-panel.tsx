"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useEffect, useState, type FormEvent } from "react";
import { attendanceModes, type AttendanceMode } from "@/shared/meetings-vocabulary";
import { Button } from "../../components/ui/button";
import { Alert, Card } from "../../components/ui/card";
import { Field, TextInput } from "../../components/ui/field";
import { StackedBars } from "../../components/charts/stacked-bars";
import { describeError } from "../../lib/errors";
import { useServerErrors } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";
import { useRegions } from "../../lib/use-regions";
import { formText } from "./meeting-bits";
import type { MeetingData } from "./types";
import type { MyRegistration } from "@/server/features/meetings/contract";

function RegisterForm({ data }: { data: MeetingData }) {
  const t = useTranslations("meetings.attendance");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const mine = data.viewer.registration;
  const [mode, setMode] = useState<AttendanceMode>(mine?.mode ?? "in_person");
  // Presence comes on the meeting's stream; the caller's own registration (not on the shared stream)
  // comes back with the mutation.
  const onSuccess = (registration: MyRegistration | null) =>
    queryClient.setQueryData(trpc.meetings.get.queryKey({ meetingId: data.meeting.id }), (view) =>
      view ? { ...view, viewer: { ...view.viewer, registration } } : view,
    );
  const register = useMutation(trpc.meetings.register.mutationOptions({ onSuccess }));
  const unregister = useMutation(trpc.meetings.unregister.mutationOptions({ onSuccess }));
  const checkIn = useMutation(trpc.meetings.checkIn.mutationOptions({ onSuccess }));
  const errors = useServerErrors(register.error ?? unregister.error ?? checkIn.error, ["mode", "delegateName"]);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    register.mutate({ meetingId: data.meeting.id, mode, delegateName: formText(form, "delegateName") });
  }

  return (
    <div className="space-y-3" data-testid="registration">
      {mine ? (
        <p className="text-sm text-slate-700" data-testid="my-registration">
          {t(`registered.${mine.mode}`, { name: mine.delegateName })}
          {mine.checkedIn ? ` · ${t("checkedIn")}` : ""}
        </p>
      ) : null}
      {errors.banner ? <Alert>{errors.banner}</Alert> : null}
      {data.meeting.status === "in_session" && mine && !mine.checkedIn ? (
        <Button busy={checkIn.isPending} onClick={() => checkIn.mutate({ meetingId: data.meeting.id })}>
          {t("checkIn")}
        </Button>
      ) : null}
      {data.viewer.registrationRefusal === null && !mine?.checkedIn ? (
        <form onSubmit={submit} className="space-y-3" noValidate>
          <fieldset className="flex flex-wrap gap-4">
            <legend className="mb-1 text-sm font-medium text-slate-700">{t("how")}</legend>
            {attendanceModes.map((value) => (
              <label key={value} className="flex items-center gap-2 text-sm">
                <input
                  type="radio"
                  name="mode"
                  value={value}
                  checked={mode === value}
                  onChange={() => setMode(value)}
                />
                {t(`modes.${value}`)}
              </label>
            ))}
          </fieldset>
          {mode === "delegate" ? (
            <Field
              label={t("delegateName")}
              htmlFor="delegateName"
              error={errors.at("delegateName")}
              hint={t("delegateHint")}
            >
              <TextInput
                id="delegateName"
                name="delegateName"
                defaultValue={mine?.delegateName}
                invalid={!!errors.at("delegateName")}
              />
            </Field>
          ) : null}
          <div className="flex flex-wrap gap-2">
            <Button type="submit" busy={register.isPending}>
              {mine ? t("change") : t("register")}
            </Button>
            {mine && data.meeting.status === "scheduled" ? (
              <Button
                type="button"
                variant="secondary"
                busy={unregister.isPending}
                onClick={() => unregister.mutate({ meetingId: data.meeting.id })}
              >
                {t("withdraw")}
              </Button>
            ) : null}
          </div>
        </form>
      ) : null}
    </div>
  );
}

/** Who is coming and who is here: presence per region against the ballot quorum rule, live. */
export function AttendancePanel({ data }: { data: MeetingData }) {
  const t = useTranslations("meetings.attendance");
  const tErrors = useTranslations("errors");
  const trpc = useTRPC();
  const regions = useRegions();
  const { presence } = data;
  // The named list is read again when the count moves (the live event carries counts, not names).
  const queryClient = useQueryClient();
  const attendees = useQuery({
    ...trpc.meetings.attendees.queryOptions({ meetingId: data.meeting.id }),
    enabled: data.viewer.signedIn,
  });
  const signature = `${presence.registered}:${presence.regions.map((r) => r.present).join(",")}`;
  useEffect(() => {
    void queryClient.invalidateQueries({ queryKey: trpc.meetings.attendees.queryKey({ meetingId: data.meeting.id }) });
  }, [signature, queryClient, trpc, data.meeting.id]);
  const rows = presence.regions.filter((r) => r.expected > 0 || r.present > 0);
  const short = presence.shortOfQuorum.filter((id) => rows.some((r) => r.regionId === id));
  const inSession = data.meeting.status === "in_session";

  return (
    <Card>
      <div className="space-y-4">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 className="text-lg font-semibold">{t("heading")}</h2>
          <span className="text-sm text-slate-500" data-testid="registered-count">
            {t("registeredCount", { count: presence.registered })}
          </span>
        </div>
        {data.viewer.signedIn && data.viewer.registrationRefusal !== "MEETING_NOT_FOR_ROLE" ? (
          <RegisterForm data={data} />
        ) : null}
        {inSession || data.meeting.status === "minutes_pending" || data.meeting.status === "closed" ? (
          <section className="space-y-2" data-testid="presence">
            <h3 className="font-semibold">{t("presence")}</h3>
            <p className="text-sm text-slate-700" data-testid="quorum-state">
              {short.length === 0
                ? t("quorumMet")
                : t("quorumShort", { regions: short.map(regions.name).join(t("listSeparator")) })}
            </p>
            <StackedBars
              caption={t("presenceCaption")}
              legend={[
                { key: "present", label: t("present"), color: "bg-emerald-500" },
                { key: "absent", label: t("absent"), color: "bg-slate-200" },
              ]}
              totalLabel={(total) => t("expected", { count: total })}
              rows={rows.map((r) => ({
                key: String(r.regionId),
                label: `${regions.name(r.regionId)}${r.met ? " ✓" : ""}`,
                total: Math.max(r.expected, r.present),
                segments: [
                  { key: "present", label: t("present"), value: r.present, color: "bg-emerald-500" },
                  {
                    key: "absent",
                    label: t("absent"),
                    value: Math.max(0, r.expected - r.present),
                    color: "bg-slate-200",
                  },
                ],
              }))}
            />
            <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600">
              {rows.map((r) => (
                <li key={r.regionId} data-testid={`presence-${r.regionId}`}>
                  {t("presenceLine", {
                    region: regions.name(r.regionId),
                    present: r.present,
                    expected: r.expected,
                    quorum: r.quorum,
                  })}
                  {r.met ? " ✓" : ""}
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        {attendees.data && attendees.data.length > 0 ? (
          <section className="space-y-1">
            <h3 className="font-semibold">{t("attendees")}</h3>
            <ul className="grid gap-1 text-sm sm:grid-cols-2" data-testid="attendees">
              {attendees.data.map((a) => (
                <li key={a.accountId}>
                  {a.displayName} <span className="text-slate-500">({regions.name(a.regionId)})</span> ·{" "}
                  {a.mode === "delegate" ? t("delegateFor", { name: a.delegateName }) : t(`modes.${a.mode}`)}
                  {a.checkedIn ? " ✓" : ""}
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        {attendees.error ? <Alert>{describeError(attendees.error, tErrors)}</Alert> : null}
      </div>
    </Card>
  );
}

"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { calendarDayKinds, type CalendarDayKind } from "@/shared/meetings-vocabulary";
import { Button } from "../../components/ui/button";
import { Alert, Badge, Card, EmptyState, Skeleton } from "../../components/ui/card";
import { useConfirm } from "../../components/ui/confirm-dialog";
import { Field, SelectInput, TextInput } from "../../components/ui/field";
import { describeError, errorData } from "../../lib/errors";
import { useServerErrors } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";

type Day = { date: string; kind: CalendarDayKind; nameZh: string; nameEn: string };
const blank: Day = { date: "", kind: "holiday", nameZh: "", nameEn: "" };
const fields = ["date", "kind", "nameZh", "nameEn"] as const;
/** Refusals that concern the date, shown at it rather than in a banner. */
const dateReasons = new Set(["CALENDAR_MAKEUP_NOT_WEEKEND", "CALENDAR_DAY_EXISTS"]);

/**
 * The holiday calendar the meetings' time polls rank by: mainland public holidays and make-up working
 * days, one year at a time, added, edited and removed by admins.
 */
export function HolidaysPanel() {
  const t = useTranslations("holidays");
  const tErrors = useTranslations("errors");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const confirm = useConfirm();
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear);
  const [form, setForm] = useState<Day>(blank);
  const [editing, setEditing] = useState(false);
  const list = useQuery(trpc.meetings.calendarDays.queryOptions({ year }));
  const done = () => {
    setForm(blank);
    setEditing(false);
    void queryClient.invalidateQueries({ queryKey: trpc.meetings.calendarDays.queryKey() });
  };
  const add = useMutation(trpc.meetings.addCalendarDay.mutationOptions({ onSuccess: done }));
  const update = useMutation(trpc.meetings.updateCalendarDay.mutationOptions({ onSuccess: done }));
  const remove = useMutation(trpc.meetings.removeCalendarDay.mutationOptions({ onSuccess: done }));
  const saving = editing ? update : add;
  const errors = useServerErrors(saving.error, fields);
  const reason = errorData(saving.error)?.reason ?? null;
  const dateRefusal = reason && dateReasons.has(reason) ? tErrors(`reasons.${reason}`) : null;
  const set = (key: keyof Day) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [key]: e.target.value }));

  function submit(event: FormEvent) {
    event.preventDefault();
    saving.mutate(form);
  }

  return (
    <div className="grid gap-6 lg:grid-cols-[22rem_1fr]">
      <Card>
        <form onSubmit={submit} className="space-y-3" noValidate aria-label={editing ? t("edit") : t("add")}>
          <h3 className="font-semibold">{editing ? t("edit") : t("add")}</h3>
          {errors.banner && !dateRefusal ? <Alert>{errors.banner}</Alert> : null}
          <Field label={t("date")} htmlFor="day-date" error={errors.at("date") ?? dateRefusal}>
            <TextInput
              id="day-date"
              type="date"
              required
              disabled={editing}
              value={form.date}
              invalid={!!(errors.at("date") ?? dateRefusal)}
              onChange={set("date")}
            />
          </Field>
          <Field label={t("kind")} htmlFor="day-kind" error={errors.at("kind")}>
            <SelectInput id="day-kind" value={form.kind} onChange={set("kind")}>
              {calendarDayKinds.map((k) => (
                <option key={k} value={k}>
                  {t(`kinds.${k}`)}
                </option>
              ))}
            </SelectInput>
          </Field>
          {(["nameZh", "nameEn"] as const).map((key) => (
            <Field key={key} label={t(key)} htmlFor={`day-${key}`} error={errors.at(key)}>
              <TextInput
                id={`day-${key}`}
                lang={key === "nameZh" ? "zh-CN" : "en"}
                required
                value={form[key]}
                invalid={!!errors.at(key)}
                onChange={set(key)}
              />
            </Field>
          ))}
          <div className="flex gap-2">
            <Button type="submit" size="sm" busy={saving.isPending}>
              {editing ? t("save") : t("add")}
            </Button>
            {editing ? (
              <Button type="button" size="sm" variant="secondary" onClick={() => (setForm(blank), setEditing(false))}>
                {t("cancel")}
              </Button>
            ) : null}
          </div>
        </form>
      </Card>
      <Card>
        <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
          <p className="max-w-xl text-sm text-slate-600">{t("intro")}</p>
          <label className="flex items-center gap-2 text-sm">
            {t("year")}
            <select
              className="rounded-md border border-slate-300 px-2 py-1"
              value={year}
              onChange={(e) => setYear(Number(e.target.value))}
              data-testid="holidays-year"
            >
              {[thisYear - 1, thisYear, thisYear + 1, thisYear + 2].map((y) => (
                <option key={y} value={y}>
                  {y}
                </option>
              ))}
            </select>
          </label>
        </div>
        {remove.error ? <Alert>{describeError(remove.error, tErrors)}</Alert> : null}
        {list.isPending ? (
          <Skeleton lines={8} />
        ) : list.isError ? (
          <Alert>{describeError(list.error, tErrors)}</Alert>
        ) : list.data.length === 0 ? (
          <EmptyState title={t("empty", { year })} />
        ) : (
          <table className="min-w-full text-sm" data-testid="holidays-table">
            <thead className="text-left text-slate-500">
              <tr>
                <th className="py-2 pr-3 font-medium">{t("date")}</th>
                <th className="py-2 pr-3 font-medium">{t("kind")}</th>
                <th className="py-2 pr-3 font-medium">{t("nameZh")}</th>
                <th className="py-2 pr-3 font-medium">{t("nameEn")}</th>
                <th className="sr-only">{t("actions")}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {list.data.map((day) => (
                <tr key={day.date}>
                  <td className="whitespace-nowrap py-2 pr-3 tabular-nums">{day.date}</td>
                  <td className="py-2 pr-3">
                    <Badge tone={day.kind === "holiday" ? "red" : "amber"}>{t(`kinds.${day.kind}`)}</Badge>
                  </td>
                  <td className="py-2 pr-3" lang="zh-CN">
                    {day.nameZh}
                  </td>
                  <td className="py-2 pr-3" lang="en">
                    {day.nameEn}
                  </td>
                  <td className="flex gap-2 py-2">
                    <Button size="sm" variant="secondary" onClick={() => (setForm(day), setEditing(true))}>
                      {t("editShort")}
                    </Button>
                    <Button
                      size="sm"
                      variant="danger"
                      busy={remove.isPending && remove.variables?.date === day.date}
                      onClick={async () => {
                        if (await confirm({ message: t("confirmRemove", { date: day.date }), tone: "danger" }))
                          remove.mutate({ date: day.date });
                      }}
                    >
                      {t("remove")}
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </div>
  );
}

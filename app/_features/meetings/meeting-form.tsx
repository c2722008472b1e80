"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import type { MeetingHeader } from "@/server/features/meetings/contract";
import { toChinaLocal } from "@/server/features/meetings/rules";
import type { MeetingKind } from "@/shared/meetings-vocabulary";
import { RegionOptions } from "../../components/region-options";
import { Button } from "../../components/ui/button";
import { Alert } from "../../components/ui/card";
import { Field, SelectInput, TextInput } from "../../components/ui/field";
import { TextArea } from "../../components/ui/text-area";
import { errorData } from "../../lib/errors";
import { useServerErrors } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";
import { formText } from "./meeting-bits";
import { useRegions } from "../../lib/use-regions";

const fields = [
  "kind",
  "titleZh",
  "titleEn",
  "descriptionZh",
  "descriptionEn",
  "hostRegionId",
  "place",
  "onlineUrl",
  "startsAt",
  "endsAt",
  "publicPage",
] as const;

/** Creates a meeting (a draft) or edits one before it starts. Times are typed in China time. */
export function MeetingForm({ editing }: { editing?: MeetingHeader }) {
  const t = useTranslations("meetings.form");
  const tErrors = useTranslations("errors");
  const trpc = useTRPC();
  const router = useRouter();
  const regions = useRegions();
  const suggestion = useQuery({ ...trpc.meetings.suggestedHost.queryOptions(), enabled: !editing });
  const [kind, setKind] = useState<MeetingKind>(editing?.kind ?? "coordination");
  const [hostChoice, setHostChoice] = useState<string>(editing ? String(editing.hostRegionId) : "");
  const host = hostChoice || (suggestion.data?.regionId ? String(suggestion.data.regionId) : "");
  const create = useMutation(trpc.meetings.create.mutationOptions());
  const update = useMutation(trpc.meetings.update.mutationOptions());
  const mutation = editing ? update : create;
  const errors = useServerErrors(mutation.error, fields);
  // A reason that belongs to a field is shown at it, not in the banner.
  const badTimes = errorData(mutation.error)?.reason === "MEETING_BAD_TIMES";

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => formText(form, name);
    const details = {
      kind,
      titleZh: text("titleZh"),
      titleEn: text("titleEn"),
      descriptionZh: text("descriptionZh"),
      descriptionEn: text("descriptionEn"),
      hostRegionId: Number(host),
      place: text("place"),
      onlineUrl: text("onlineUrl"),
      startsAt: text("startsAt"),
      endsAt: text("endsAt"),
      publicPage: kind === "forum" && form.get("publicPage") === "on",
    };
    if (editing) {
      const saved = await update
        .mutateAsync({ ...details, meetingId: editing.id, version: editing.version })
        .catch(() => null);
      if (saved) router.push(`/meetings/${editing.id}`);
      return;
    }
    const created = await create.mutateAsync(details).catch(() => null);
    if (created) router.push(`/meetings/${created.meetingId}`);
  }

  return (
    <form onSubmit={submit} className="space-y-5" noValidate>
      {errors.banner && !badTimes ? <Alert>{errors.banner}</Alert> : null}
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-700">{t("kind")}</legend>
        {(["coordination", "forum"] as const).map((value) => (
          <label key={value} className="flex items-start gap-2 text-sm">
            <input
              type="radio"
              name="kind"
              value={value}
              checked={kind === value}
              onChange={() => setKind(value)}
              className="mt-1"
            />
            <span>
              <span className="font-medium">{t(`kinds.${value}`)}</span>
              <span className="block text-slate-500">{t(`kindHints.${value}`)}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <div className="grid gap-4 md:grid-cols-2">
        <Field label={t("titleZh")} htmlFor="titleZh" error={errors.at("titleZh")}>
          <TextInput
            id="titleZh"
            name="titleZh"
            defaultValue={editing?.titleZh}
            invalid={!!errors.at("titleZh")}
            required
          />
        </Field>
        <Field label={t("titleEn")} htmlFor="titleEn" error={errors.at("titleEn")}>
          <TextInput
            id="titleEn"
            name="titleEn"
            defaultValue={editing?.titleEn}
            invalid={!!errors.at("titleEn")}
            required
          />
        </Field>
        <Field label={t("descriptionZh")} htmlFor="descriptionZh" error={errors.at("descriptionZh")}>
          <TextArea id="descriptionZh" name="descriptionZh" rows={3} defaultValue={editing?.descriptionZh} />
        </Field>
        <Field label={t("descriptionEn")} htmlFor="descriptionEn" error={errors.at("descriptionEn")}>
          <TextArea id="descriptionEn" name="descriptionEn" rows={3} defaultValue={editing?.descriptionEn} />
        </Field>
        <Field
          label={t("host")}
          htmlFor="hostRegionId"
          error={errors.at("hostRegionId")}
          hint={
            suggestion.data?.regionId
              ? t("hostSuggested", { region: regions.name(suggestion.data.regionId) })
              : undefined
          }
        >
          <SelectInput id="hostRegionId" value={host} onChange={(e) => setHostChoice(e.target.value)} required>
            <option value="">{t("chooseRegion")}</option>
            <RegionOptions activeOnly />
          </SelectInput>
        </Field>
        <Field label={t("place")} htmlFor="place" error={errors.at("place")}>
          <TextInput id="place" name="place" defaultValue={editing?.place} />
        </Field>
        <Field label={t("onlineUrl")} htmlFor="onlineUrl" error={errors.at("onlineUrl")} hint={t("onlineUrlHint")}>
          <TextInput
            id="onlineUrl"
            name="onlineUrl"
            type="url"
            defaultValue={editing?.onlineUrl}
            invalid={!!errors.at("onlineUrl")}
          />
        </Field>
        <div />
        <Field label={t("startsAt")} htmlFor="startsAt" error={errors.at("startsAt")} hint={t("chinaTime")}>
          <TextInput
            id="startsAt"
            name="startsAt"
            type="datetime-local"
            defaultValue={editing ? toChinaLocal(new Date(editing.startsAt)) : undefined}
            invalid={!!errors.at("startsAt")}
            required
          />
        </Field>
        <Field
          label={t("endsAt")}
          htmlFor="endsAt"
          error={errors.at("endsAt") ?? (badTimes ? tErrors("reasons.MEETING_BAD_TIMES") : null)}
          hint={t("chinaTime")}
        >
          <TextInput
            id="endsAt"
            name="endsAt"
            type="datetime-local"
            defaultValue={editing ? toChinaLocal(new Date(editing.endsAt)) : undefined}
            invalid={!!errors.at("endsAt") || badTimes}
            required
          />
        </Field>
      </div>
      {kind === "forum" ? (
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="publicPage" defaultChecked={editing?.publicPage} />
          {t("publicPage")}
        </label>
      ) : null}
      <Button type="submit" busy={mutation.isPending}>
        {editing ? t("save") : t("create")}
      </Button>
    </form>
  );
}

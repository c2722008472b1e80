"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { postingKinds, talentLimits, type PostingKind } from "@/shared/talent-vocabulary";
import { RegionOptions } from "../../components/region-options";
import { Button, ButtonLink } from "../../components/ui/button";
import { Alert, Card } from "../../components/ui/card";
import { Field, SelectInput, TextInput } from "../../components/ui/field";
import { TextArea } from "../../components/ui/text-area";
import { describeError } from "../../lib/errors";
import { useServerErrors } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";

const fieldNames = ["title", "description", "field", "durationMonths", "places", "support", "startsOn"] as const;
type FieldName = (typeof fieldNames)[number];
const wholeNumber = /^\s*\d+\s*$/;

/** A new posting; the host organisation is the poster's own, as on their profile. */
export function PostingForm({ defaultRegionId, organisation }: { defaultRegionId: number; organisation: string }) {
  const t = useTranslations("talent.form");
  const tTalent = useTranslations("talent");
  const tCommon = useTranslations("common");
  const tErrors = useTranslations("errors");
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<PostingKind>("secondment");
  const [title, setTitle] = useState("");
  const [description, setDescription] = useState("");
  const [field, setField] = useState("");
  const [regionId, setRegionId] = useState(defaultRegionId);
  const [duration, setDuration] = useState("6");
  const [places, setPlaces] = useState("1");
  const [support, setSupport] = useState("");
  const [startsOn, setStartsOn] = useState("");
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const create = useMutation(
    trpc.talent.create.mutationOptions({
      onSuccess: (posting) => {
        void queryClient.invalidateQueries({ queryKey: trpc.talent.pathKey() });
        router.push(`/talent/${posting.id}`);
      },
    }),
  );
  const server = useServerErrors(create.error, fieldNames);
  const shown: Partial<Record<FieldName, string>> = { ...errors };
  for (const name of fieldNames) shown[name] ??= server.at(name) ?? undefined;

  function submit(event: FormEvent) {
    event.preventDefault();
    const required = tCommon("required");
    const found: Partial<Record<FieldName, string>> = {};
    if (!title.trim()) found.title = required;
    if (!description.trim()) found.description = required;
    if (!field.trim()) found.field = required;
    const months = Number(duration);
    if (!wholeNumber.test(duration) || months < 1 || months > talentLimits.durationMaxMonths)
      found.durationMonths = t("durationRange", { max: talentLimits.durationMaxMonths });
    const count = Number(places);
    if (!wholeNumber.test(places) || count < 1 || count > talentLimits.placesMax)
      found.places = t("placesRange", { max: talentLimits.placesMax });
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    create.mutate({
      kind,
      title,
      description,
      field,
      hostRegionId: regionId,
      durationMonths: months,
      places: count,
      support,
      startsOn: startsOn || null,
    });
  }

  return (
    <Card>
      <form onSubmit={submit} className="space-y-5" noValidate>
        {create.error ? <Alert>{describeError(create.error, tErrors)}</Alert> : null}
        <Field label={t("kind")} htmlFor="posting-kind">
          <SelectInput id="posting-kind" value={kind} onChange={(e) => setKind(e.target.value as PostingKind)}>
            {postingKinds.map((k) => (
              <option key={k} value={k}>
                {tTalent(`kinds.${k}`)}
              </option>
            ))}
          </SelectInput>
        </Field>
        <Field label={t("title")} htmlFor="posting-title" error={shown.title}>
          <TextInput
            id="posting-title"
            value={title}
            maxLength={talentLimits.titleMax}
            invalid={!!shown.title}
            onChange={(e) => setTitle(e.target.value)}
          />
        </Field>
        <Field label={t("description")} htmlFor="posting-description" error={shown.description}>
          <TextArea
            id="posting-description"
            rows={6}
            value={description}
            maxLength={talentLimits.descriptionMax}
            invalid={!!shown.description}
            onChange={(e) => setDescription(e.target.value)}
          />
        </Field>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label={t("field")} htmlFor="posting-field" hint={t("fieldHint")} error={shown.field}>
            <TextInput
              id="posting-field"
              value={field}
              maxLength={talentLimits.fieldMax}
              invalid={!!shown.field}
              onChange={(e) => setField(e.target.value)}
            />
          </Field>
          <Field label={t("hostRegion")} htmlFor="posting-region" hint={t("hostOrganisation", { organisation })}>
            <SelectInput id="posting-region" value={regionId} onChange={(e) => setRegionId(Number(e.target.value))}>
              <RegionOptions activeOnly />
            </SelectInput>
          </Field>
          <Field label={t("duration")} htmlFor="posting-duration" error={shown.durationMonths}>
            <TextInput
              id="posting-duration"
              inputMode="numeric"
              value={duration}
              invalid={!!shown.durationMonths}
              onChange={(e) => setDuration(e.target.value)}
            />
          </Field>
          <Field label={t("places")} htmlFor="posting-places" error={shown.places}>
            <TextInput
              id="posting-places"
              inputMode="numeric"
              value={places}
              invalid={!!shown.places}
              onChange={(e) => setPlaces(e.target.value)}
            />
          </Field>
          <Field label={t("startsOn")} htmlFor="posting-starts" error={shown.startsOn}>
            <TextInput id="posting-starts" type="date" value={startsOn} onChange={(e) => setStartsOn(e.target.value)} />
          </Field>
        </div>
        <Field label={t("support")} htmlFor="posting-support" hint={t("supportHint")} error={shown.support}>
          <TextArea
            id="posting-support"
            rows={3}
            value={support}
            maxLength={talentLimits.supportMax}
            onChange={(e) => setSupport(e.target.value)}
          />
        </Field>
        <div className="flex gap-2">
          <Button type="submit" busy={create.isPending}>
            {t("create")}
          </Button>
          <ButtonLink href="/talent" variant="ghost">
            {t("cancel")}
          </ButtonLink>
        </div>
      </form>
    </Card>
  );
}

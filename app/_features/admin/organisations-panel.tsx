"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { allianceLimits, organisationTypes, type OrganisationType } from "@/shared/alliance-vocabulary";
import { RegionOptions } from "../../components/region-options";
import { Button } from "../../components/ui/button";
import { Alert, Card, EmptyState, Skeleton } from "../../components/ui/card";
import { Field, SelectInput, TextInput } from "../../components/ui/field";
import { describeError } from "../../lib/errors";
import { pick } from "../../lib/localized";
import { useTRPC } from "../../lib/trpc";

const splitList = (text: string) =>
  text
    .split(/[,，、]/)
    .map((s) => s.trim())
    .filter(Boolean);

/** The free-text migration's leftovers: link each profile to an organisation, or add the organisation. */
export function OrganisationsPanel() {
  const t = useTranslations("organisations.review");
  const tErrors = useTranslations("errors");
  const locale = useLocale();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const review = useQuery(trpc.organisations.review.queryOptions());
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.organisations.review.queryKey() });
  const link = useMutation(trpc.organisations.linkAccount.mutationOptions({ onSuccess: refresh }));
  const [choice, setChoice] = useState<Record<number, number>>({});
  const [remember, setRemember] = useState(true);
  return (
    <div className="space-y-4">
      <p className="max-w-3xl text-sm text-slate-600">{t("intro")}</p>
      <CreateOrganisationForm onCreated={refresh} />
      {link.isError ? <Alert>{describeError(link.error, tErrors)}</Alert> : null}
      <label className="flex items-center gap-2 text-sm text-slate-700">
        <input type="checkbox" checked={remember} onChange={(e) => setRemember(e.target.checked)} />
        {t("remember")}
      </label>
      {review.isPending ? (
        <Skeleton lines={4} />
      ) : review.isError ? (
        <Alert>{describeError(review.error, tErrors)}</Alert>
      ) : review.data.length === 0 ? (
        <EmptyState title={t("empty")} />
      ) : (
        <ul className="space-y-3" data-testid="organisation-review">
          {review.data.map((row) => {
            const chosen = choice[row.id] ?? row.suggestions[0]?.id;
            return (
              <li key={row.id}>
                <Card>
                  <p className="font-medium text-slate-900">
                    {row.organisation}
                    {row.ambiguous ? <span className="ml-2 text-sm text-amber-700">{t("ambiguous")}</span> : null}
                  </p>
                  <p className="text-sm text-slate-600">
                    {row.displayName} · {row.email} · {pick(locale, row.region, "name")}
                  </p>
                  <div className="mt-2 flex flex-col gap-2 sm:flex-row sm:items-end">
                    <div className="flex-1">
                      <Field label={t("choose")} htmlFor={`review-${row.id}`}>
                        <SelectInput
                          id={`review-${row.id}`}
                          value={chosen ?? ""}
                          onChange={(e) => setChoice((c) => ({ ...c, [row.id]: Number(e.target.value) }))}
                        >
                          {row.suggestions.length === 0 ? <option value="">—</option> : null}
                          {row.suggestions.map((s) => (
                            <option key={s.id} value={s.id}>
                              {pick(locale, s, "name")}
                              {s.likely ? ` (${t("likely")})` : ""}
                            </option>
                          ))}
                        </SelectInput>
                      </Field>
                    </div>
                    <Button
                      size="sm"
                      disabled={chosen === undefined || link.isPending}
                      onClick={() =>
                        chosen !== undefined &&
                        link.mutate({ accountId: row.id, organisationId: chosen, rememberName: remember })
                      }
                    >
                      {t("link")}
                    </Button>
                  </div>
                </Card>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

function CreateOrganisationForm({ onCreated }: { onCreated: () => void }) {
  const t = useTranslations("organisations");
  const tErrors = useTranslations("errors");
  const trpc = useTRPC();
  const [fields, setFields] = useState({ nameZh: "", nameEn: "", aliases: "", sectors: "", regionId: "" });
  const [type, setType] = useState<OrganisationType>("enterprise");
  const create = useMutation(
    trpc.organisations.create.mutationOptions({
      onSuccess: () => {
        setFields({ nameZh: "", nameEn: "", aliases: "", sectors: "", regionId: "" });
        onCreated();
      },
    }),
  );
  const set = (key: keyof typeof fields) => (e: { target: { value: string } }) =>
    setFields((f) => ({ ...f, [key]: e.target.value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({
      nameZh: fields.nameZh,
      nameEn: fields.nameEn,
      aliases: splitList(fields.aliases),
      sectors: splitList(fields.sectors),
      type,
      regionId: Number(fields.regionId),
    });
  };
  return (
    <Card>
      <h3 className="mb-3 font-semibold text-slate-900">{t("review.create")}</h3>
      <form onSubmit={submit} className="grid gap-3 md:grid-cols-2" aria-label={t("review.create")}>
        <Field label={t("review.nameZh")} htmlFor="org-name-zh">
          <TextInput
            id="org-name-zh"
            required
            maxLength={allianceLimits.nameMax}
            value={fields.nameZh}
            onChange={set("nameZh")}
          />
        </Field>
        <Field label={t("review.nameEn")} htmlFor="org-name-en">
          <TextInput
            id="org-name-en"
            required
            maxLength={allianceLimits.nameMax}
            value={fields.nameEn}
            onChange={set("nameEn")}
          />
        </Field>
        <Field label={t("type")} htmlFor="org-type">
          <SelectInput id="org-type" value={type} onChange={(e) => setType(e.target.value as OrganisationType)}>
            {organisationTypes.map((k) => (
              <option key={k} value={k}>
                {t(`types.${k}`)}
              </option>
            ))}
          </SelectInput>
        </Field>
        <Field label={t("region")} htmlFor="org-region">
          <SelectInput id="org-region" required value={fields.regionId} onChange={set("regionId")}>
            <option value="">—</option>
            <RegionOptions />
          </SelectInput>
        </Field>
        <Field label={t("review.aliases")} htmlFor="org-aliases" hint={t("review.aliasesHint")}>
          <TextInput id="org-aliases" value={fields.aliases} onChange={set("aliases")} />
        </Field>
        <Field label={t("sectors")} htmlFor="org-sectors">
          <TextInput id="org-sectors" value={fields.sectors} onChange={set("sectors")} />
        </Field>
        <div className="md:col-span-2 space-y-2">
          {create.isError ? <Alert>{describeError(create.error, tErrors)}</Alert> : null}
          {create.isSuccess ? <Alert tone="success">{t("review.created", { count: create.data.linked })}</Alert> : null}
          <Button type="submit" busy={create.isPending}>
            {t("review.createSubmit")}
          </Button>
        </div>
      </form>
    </Card>
  );
}

"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import {
  expertiseLinkKinds,
  expertiseVisibilities,
  talentLimits,
  type ExpertiseLinkKind,
  type ExpertiseVisibility,
} from "@/shared/talent-vocabulary";
import { Button } from "../../components/ui/button";
import { Alert, Skeleton } from "../../components/ui/card";
import { Field, SelectInput, TextInput } from "../../components/ui/field";
import { describeError } from "../../lib/errors";
import { useServerErrors } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";
import { RecognitionFigures } from "./recognition-figures";

type Link = { kind: ExpertiseLinkKind; label: string; url: string };
const splitList = (text: string) =>
  text
    .split(/[,，、;；\n]/)
    .map((s) => s.trim())
    .filter(Boolean);

function ExpertiseEditor({
  initial,
}: {
  initial: {
    fields: string[];
    keywords: string[];
    links: Link[];
    visibility: ExpertiseVisibility;
    recognitionOptOut: boolean;
  };
}) {
  const t = useTranslations("talent.expertise");
  const tErrors = useTranslations("errors");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [fields, setFields] = useState(initial.fields.join("，"));
  const [keywords, setKeywords] = useState(initial.keywords.join("，"));
  const [links, setLinks] = useState<Link[]>(initial.links);
  const [visibility, setVisibility] = useState<ExpertiseVisibility>(initial.visibility);
  const [optOut, setOptOut] = useState(initial.recognitionOptOut);
  const save = useMutation(
    trpc.talent.saveExpertise.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.talent.pathKey() }),
    }),
  );
  const server = useServerErrors(save.error, ["fields", "keywords", "links"]);
  const setLink = (index: number, patch: Partial<Link>) =>
    setLinks((list) => list.map((l, i) => (i === index ? { ...l, ...patch } : l)));

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate({
      fields: splitList(fields),
      keywords: splitList(keywords),
      links: links.filter((l) => l.label.trim() || l.url.trim()),
      visibility,
      recognitionOptOut: optOut,
    });
  }

  return (
    <form onSubmit={submit} className="space-y-4" noValidate aria-labelledby="expertise-heading">
      <div>
        <h2 id="expertise-heading" className="font-semibold">
          {t("title")}
        </h2>
        <p className="mt-1 text-sm text-slate-600">{t("intro")}</p>
      </div>
      <Field label={t("fields")} htmlFor="expertise-fields" hint={t("listHint")} error={server.at("fields")}>
        <TextInput id="expertise-fields" value={fields} onChange={(e) => setFields(e.target.value)} />
      </Field>
      <Field label={t("keywords")} htmlFor="expertise-keywords" hint={t("keywordsHint")} error={server.at("keywords")}>
        <TextInput id="expertise-keywords" value={keywords} onChange={(e) => setKeywords(e.target.value)} />
      </Field>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-700">{t("links")}</legend>
        {links.map((link, index) => (
          <div key={index} className="grid gap-2 sm:grid-cols-[8rem_1fr_1fr_auto]">
            <SelectInput
              aria-label={t("linkKind")}
              value={link.kind}
              onChange={(e) => setLink(index, { kind: e.target.value as ExpertiseLinkKind })}
            >
              {expertiseLinkKinds.map((k) => (
                <option key={k} value={k}>
                  {t(`linkKinds.${k}`)}
                </option>
              ))}
            </SelectInput>
            <TextInput
              aria-label={t("linkLabel")}
              placeholder={t("linkLabel")}
              value={link.label}
              maxLength={talentLimits.linkLabelMax}
              onChange={(e) => setLink(index, { label: e.target.value })}
            />
            <TextInput
              aria-label={t("linkUrl")}
              placeholder="https://"
              type="url"
              value={link.url}
              maxLength={talentLimits.urlMax}
              onChange={(e) => setLink(index, { url: e.target.value })}
            />
            <Button
              type="button"
              size="sm"
              variant="ghost"
              onClick={() => setLinks((list) => list.filter((_, i) => i !== index))}
            >
              {t("removeLink")}
            </Button>
          </div>
        ))}
        {server.at("links") ? <p className="text-sm text-red-700">{server.at("links")}</p> : null}
        {links.length < talentLimits.linksMax ? (
          <Button
            type="button"
            size="sm"
            variant="secondary"
            onClick={() => setLinks((list) => [...list, { kind: "publication", label: "", url: "" }])}
          >
            {t("addLink")}
          </Button>
        ) : null}
      </fieldset>
      <Field label={t("visibility")} htmlFor="expertise-visibility" hint={t(`visibilityHint.${visibility}`)}>
        <SelectInput
          id="expertise-visibility"
          value={visibility}
          onChange={(e) => setVisibility(e.target.value as ExpertiseVisibility)}
        >
          {expertiseVisibilities.map((v) => (
            <option key={v} value={v}>
              {t(`visibilities.${v}`)}
            </option>
          ))}
        </SelectInput>
      </Field>
      <label className="flex items-start gap-2 text-sm text-slate-700">
        <input
          type="checkbox"
          className="mt-0.5 size-4 accent-brand-600"
          checked={optOut}
          onChange={(e) => setOptOut(e.target.checked)}
        />
        <span>
          {t("optOut")}
          <span className="block text-xs text-slate-500">{t("optOutHint")}</span>
        </span>
      </label>
      {save.error ? <Alert>{describeError(save.error, tErrors)}</Alert> : null}
      {save.isSuccess ? <Alert tone="success">{t("saved")}</Alert> : null}
      <Button type="submit" busy={save.isPending}>
        {t("save")}
      </Button>
    </form>
  );
}

/** On /me: the expertise profile with its opt-in visibility, and one's own recognition figures with the opt-out. */
export function ExpertiseSection({ accountId }: { accountId: number }) {
  const tErrors = useTranslations("errors");
  const t = useTranslations("talent.recognition");
  const trpc = useTRPC();
  const mine = useQuery(trpc.talent.myExpertise.queryOptions());
  const recognition = useQuery(trpc.talent.recognition.queryOptions({ accountId }));
  if (mine.isPending) return <Skeleton lines={5} />;
  if (mine.error) return <Alert>{describeError(mine.error, tErrors)}</Alert>;
  return (
    <div className="space-y-6">
      <ExpertiseEditor initial={mine.data} />
      {recognition.data?.counts ? (
        <div className="border-t border-slate-200 pt-4">
          <h3 className="text-sm font-semibold text-slate-800">{t("mine")}</h3>
          <RecognitionFigures counts={recognition.data.counts} />
        </div>
      ) : null}
    </div>
  );
}

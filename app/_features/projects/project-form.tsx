"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { projectLimits } from "@/server/features/projects/rules/project-rules";
import { Button, ButtonLink } from "../../components/ui/button";
import { Alert, Card } from "../../components/ui/card";
import { Field, SelectInput, TextInput } from "../../components/ui/field";
import { TextArea } from "../../components/ui/text-area";
import { describeError } from "../../lib/errors";
import { useServerErrors } from "../../lib/server-errors";
import { pick } from "../../lib/localized";
import type { RouterOutputs } from "../../lib/router-types";
import { useTRPC } from "../../lib/trpc";
import { useRegions } from "../../lib/use-regions";
import { CoproposerSuggestions } from "../talent/coproposer-suggestions";

type FieldName =
  | "title"
  | "summary"
  | "body"
  | "expectedOutcomes"
  | "budgetYuan"
  | "durationMonths"
  | "partnerRegionIds"
  | "recommendations";

const wholeNumber = /^\s*\d+\s*$/;
const fieldNames: readonly string[] = [
  "title",
  "summary",
  "body",
  "expectedOutcomes",
  "budgetYuan",
  "durationMonths",
  "partnerRegionIds",
  "recommendations",
];

type EditedProject = RouterOutputs["projects"]["get"];

/**
 * The one project form: a new draft, or an edit of an existing project (`editing`). Regions are
 * fixed once a project is submitted, so an edit of a submitted project shows them read-only. On a
 * refusal nothing typed is lost: the fields keep their text and the server's reasons sit at them.
 */
export function ProjectForm({ defaultRegionId, editing }: { defaultRegionId: number; editing?: EditedProject }) {
  const t = useTranslations("projects.form");
  const tCommon = useTranslations("common");
  const tErrors = useTranslations("errors");
  const locale = useLocale();
  const trpc = useTRPC();
  const router = useRouter();
  const regions = useRegions();
  const recommendations = useQuery({ ...trpc.reference.recommendations.queryOptions(), staleTime: 10 * 60_000 });
  const queryClient = useQueryClient();
  const [title, setTitle] = useState(editing?.title ?? "");
  const [summary, setSummary] = useState(editing?.summary ?? "");
  const [body, setBody] = useState(editing?.body ?? "");
  const [expectedOutcomes, setExpectedOutcomes] = useState(editing?.expectedOutcomes ?? "");
  const [budget, setBudget] = useState(editing ? String(editing.budgetYuan) : "");
  const [duration, setDuration] = useState(editing ? String(editing.durationMonths) : "");
  const [tags, setTags] = useState(editing?.tags.join(", ") ?? "");
  const [leadRegionId, setLeadRegionId] = useState(editing?.leadRegion.id ?? defaultRegionId);
  const [partners, setPartners] = useState<number[]>(editing?.partnerRegions.map((r) => r.id) ?? []);
  const [chosen, setChosen] = useState<number[]>(editing?.recommendations.map((r) => r.number) ?? []);
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const regionsFixed = editing !== undefined && editing.status !== "draft";
  const reach = useQuery({ ...trpc.projects.regionsWithCoproposers.queryOptions(), enabled: !regionsFixed });
  const open = (projectId: number) => {
    void queryClient.invalidateQueries({ queryKey: trpc.projects.pathKey() });
    router.push(`/projects/${projectId}`);
    router.refresh();
  };
  const create = useMutation(trpc.projects.create.mutationOptions({ onSuccess: (project) => open(project.id) }));
  const update = useMutation(trpc.projects.update.mutationOptions({ onSuccess: (project) => open(project.id) }));
  const saving = editing ? update : create;
  // The server's field-level reasons (zod) are shown at their fields, like the form's own checks.
  const serverErrors: Partial<Record<FieldName, string>> = {};
  const server = useServerErrors(saving.error, fieldNames);
  for (const field of fieldNames) {
    const text = server.at(field);
    if (text) serverErrors[field as FieldName] = text;
  }
  const shown = { ...serverErrors, ...errors };
  const chosenPartners = partners.filter((id) => id !== leadRegionId);
  // Partner regions where nobody could accept an invitation: the draft could never be submitted.
  const unreachable = reach.data ? chosenPartners.filter((id) => !reach.data.includes(id)) : [];
  const regionById = new Map(regions.clusters.flatMap((c) => c.regions).map((r) => [r.id, r]));

  const toggle = (list: number[], id: number) => (list.includes(id) ? list.filter((x) => x !== id) : [...list, id]);

  function validate(): Partial<Record<FieldName, string>> {
    const found: Partial<Record<FieldName, string>> = {};
    const required = tCommon("required");
    if (!title.trim()) found.title = required;
    if (!summary.trim()) found.summary = required;
    if (!body.trim()) found.body = required;
    if (!expectedOutcomes.trim()) found.expectedOutcomes = required;
    if (!wholeNumber.test(budget) || Number(budget) <= 0 || Number(budget) > projectLimits.budgetMaxYuan)
      found.budgetYuan = budget.trim() ? t("wholeYuan") : required;
    const months = Number(duration);
    if (
      !wholeNumber.test(duration) ||
      months < projectLimits.durationMinMonths ||
      months > projectLimits.durationMaxMonths
    )
      found.durationMonths = duration.trim() ? t("wholeMonths") : required;
    if (chosenPartners.length === 0) found.partnerRegionIds = t("needPartner");
    if (chosen.length === 0) found.recommendations = t("needRecommendation");
    return found;
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const found = validate();
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const fields = {
      title,
      summary,
      body,
      expectedOutcomes,
      budgetYuan: Number(budget),
      durationMonths: Number(duration),
      recommendations: [...chosen].sort((a, b) => a - b),
      tags: tags
        .split(/[,，、]/)
        .map((tag) => tag.trim())
        .filter(Boolean),
    };
    const chosenRegions = { leadRegionId, partnerRegionIds: chosenPartners };
    if (!editing) create.mutate({ ...fields, ...chosenRegions });
    else
      update.mutate({
        projectId: editing.id,
        expectedVersion: editing.version,
        ...fields,
        ...(regionsFixed ? {} : chosenRegions),
      });
  }

  const hasErrors = Object.keys(shown).length > 0;
  return (
    <Card>
      <form onSubmit={submit} className="space-y-5" noValidate>
        {hasErrors ? <Alert>{t("fixErrors")}</Alert> : null}
        {saving.error ? <Alert>{describeError(saving.error, tErrors)}</Alert> : null}
        {editing?.status === "submitted" ? <Alert tone="info">{t("editSubmittedNote")}</Alert> : null}
        <Field label={t("title")} htmlFor="project-title" error={shown.title}>
          <TextInput
            id="project-title"
            value={title}
            maxLength={projectLimits.titleMax}
            invalid={!!shown.title}
            onChange={(e) => setTitle(e.target.value)}
          />
        </Field>
        <Field label={t("summary")} htmlFor="project-summary" hint={t("summaryHint")} error={shown.summary}>
          <TextArea
            id="project-summary"
            rows={3}
            value={summary}
            maxLength={projectLimits.summaryMax}
            invalid={!!shown.summary}
            onChange={(e) => setSummary(e.target.value)}
          />
        </Field>
        <Field label={t("body")} htmlFor="project-body" hint={t("bodyHint")} error={shown.body}>
          <TextArea
            id="project-body"
            rows={10}
            value={body}
            maxLength={projectLimits.bodyMax}
            invalid={!!shown.body}
            onChange={(e) => setBody(e.target.value)}
          />
        </Field>
        <Field label={t("leadRegion")} htmlFor="project-lead" hint={regionsFixed ? t("regionsFixed") : undefined}>
          <SelectInput
            id="project-lead"
            disabled={regionsFixed}
            value={leadRegionId}
            onChange={(e) => setLeadRegionId(Number(e.target.value))}
          >
            {regions.clusters.map((cluster) => (
              <optgroup key={cluster.id} label={pick(locale, cluster, "name")}>
                {cluster.regions
                  .filter((region) => !region.retiredAt || region.id === leadRegionId)
                  .map((region) => (
                    <option key={region.id} value={region.id}>
                      {pick(locale, region, "name")}
                    </option>
                  ))}
              </optgroup>
            ))}
          </SelectInput>
        </Field>
        <fieldset
          className="space-y-2"
          aria-describedby="project-partners-note project-partners-reach"
          disabled={regionsFixed}
        >
          <legend className="text-sm font-medium text-slate-700">{t("partnerRegions")}</legend>
          <div className="grid gap-3 sm:grid-cols-2">
            {regions.clusters.map((cluster) => (
              <div key={cluster.id} className="rounded-md border border-slate-200 p-3">
                <p className="mb-2 text-xs font-semibold text-slate-500">{pick(locale, cluster, "name")}</p>
                <div className="flex flex-wrap gap-x-4 gap-y-1.5">
                  {cluster.regions
                    .filter(
                      (region) => region.id !== leadRegionId && (!region.retiredAt || partners.includes(region.id)),
                    )
                    .map((region) => (
                      <label key={region.id} className="flex items-center gap-1.5 text-sm text-slate-700">
                        <input
                          type="checkbox"
                          className="size-4 accent-brand-600"
                          checked={partners.includes(region.id)}
                          onChange={() => setPartners((list) => toggle(list, region.id))}
                        />
                        {pick(locale, region, "name")}
                      </label>
                    ))}
                </div>
              </div>
            ))}
          </div>
          <p
            id="project-partners-note"
            className={shown.partnerRegionIds ? "text-sm text-red-700" : "text-xs text-slate-500"}
          >
            {shown.partnerRegionIds ?? t("partnerHint")}
          </p>
          {regionsFixed ? null : (
            <CoproposerSuggestions
              text={[title, summary, body, expectedOutcomes].join("\n")}
              tags={tags
                .split(/[,，、]/)
                .map((tag) => tag.trim())
                .filter(Boolean)}
              partnerRegionIds={chosenPartners}
              projectId={editing?.id}
            />
          )}
          <div id="project-partners-reach" aria-live="polite">
            {unreachable.length > 0 ? (
              <Alert tone="info">
                <span data-testid="unreachable-regions">
                  {t("nobodyToInvite", {
                    regions: unreachable
                      .map((id) => {
                        const region = regionById.get(id);
                        return region ? pick(locale, region, "name") : String(id);
                      })
                      .join(locale === "zh-CN" ? "、" : ", "),
                    count: unreachable.length,
                  })}
                </span>
              </Alert>
            ) : null}
          </div>
        </fieldset>
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium text-slate-700">{t("recommendations")}</legend>
          <div className="space-y-1.5">
            {(recommendations.data ?? []).map((r) => (
              <label key={r.id} className="flex items-start gap-2 text-sm text-slate-700">
                <input
                  type="checkbox"
                  className="mt-0.5 size-4 accent-brand-600"
                  checked={chosen.includes(r.number)}
                  onChange={() => setChosen((list) => toggle(list, r.number))}
                />
                <span>
                  <span className="font-mono text-xs text-brand-700">{r.number}.</span> {pick(locale, r, "title")}
                </span>
              </label>
            ))}
          </div>
          {shown.recommendations ? <p className="text-sm text-red-700">{shown.recommendations}</p> : null}
        </fieldset>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label={t("budget")} htmlFor="project-budget" hint={t("budgetHint")} error={shown.budgetYuan}>
            <TextInput
              id="project-budget"
              inputMode="numeric"
              value={budget}
              invalid={!!shown.budgetYuan}
              onChange={(e) => setBudget(e.target.value)}
            />
          </Field>
          <Field label={t("duration")} htmlFor="project-duration" error={shown.durationMonths}>
            <TextInput
              id="project-duration"
              inputMode="numeric"
              value={duration}
              invalid={!!shown.durationMonths}
              onChange={(e) => setDuration(e.target.value)}
            />
          </Field>
        </div>
        <Field label={t("outcomes")} htmlFor="project-outcomes" error={shown.expectedOutcomes}>
          <TextArea
            id="project-outcomes"
            rows={4}
            value={expectedOutcomes}
            maxLength={projectLimits.outcomesMax}
            invalid={!!shown.expectedOutcomes}
            onChange={(e) => setExpectedOutcomes(e.target.value)}
          />
        </Field>
        <Field label={t("tags")} htmlFor="project-tags" hint={t("tagsHint")}>
          <TextInput id="project-tags" value={tags} onChange={(e) => setTags(e.target.value)} />
        </Field>
        <div className="flex gap-2">
          <Button type="submit" busy={saving.isPending}>
            {editing ? t("save") : t("create")}
          </Button>
          <ButtonLink href={editing ? `/projects/${editing.id}` : "/projects"} variant="ghost">
            {t("cancel")}
          </ButtonLink>
        </div>
      </form>
    </Card>
  );
}

"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { projectLimits } from "@/server/domain/project-rules";
import { Button, ButtonLink } from "../../components/ui/button";
import { Alert, Card } from "../../components/ui/card";
import { Field, SelectInput, TextInput } from "../../components/ui/field";
import { TextArea } from "../../components/ui/text-area";
import { describeError } from "../../lib/errors";
import { pick } from "../../lib/localized";
import { useTRPC } from "../../lib/trpc";
import { useRegions } from "../../lib/use-regions";

type FieldName = "title" | "summary" | "body" | "expectedOutcomes" | "budgetYuan" | "durationMonths" | "partnerRegionIds" | "recommendations";

const wholeNumber = /^\s*\d+\s*$/;

export function ProjectForm({ defaultRegionId }: { defaultRegionId: number }) {
  const t = useTranslations("projects.form");
  const tCommon = useTranslations("common");
  const tErrors = useTranslations("errors");
  const locale = useLocale();
  const trpc = useTRPC();
  const router = useRouter();
  const regions = useRegions();
  const recommendations = useQuery({ ...trpc.reference.recommendations.queryOptions(), staleTime: 10 * 60_000 });
  const [title, setTitle] = useState("");
  const [summary, setSummary] = useState("");
  const [body, setBody] = useState("");
  const [expectedOutcomes, setExpectedOutcomes] = useState("");
  const [budget, setBudget] = useState("");
  const [duration, setDuration] = useState("");
  const [tags, setTags] = useState("");
  const [leadRegionId, setLeadRegionId] = useState(defaultRegionId);
  const [partners, setPartners] = useState<number[]>([]);
  const [chosen, setChosen] = useState<number[]>([]);
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const create = useMutation(trpc.projects.create.mutationOptions({ onSuccess: (project) => router.push(`/projects/${project.id}`) }));

  const toggle = (list: number[], id: number) => (list.includes(id) ? list.filter((x) => x !== id) : [...list, id]);

  function validate(): Partial<Record<FieldName, string>> {
    const found: Partial<Record<FieldName, string>> = {};
    const required = tCommon("required");
    if (!title.trim()) found.title = required;
    if (!summary.trim()) found.summary = required;
    if (!body.trim()) found.body = required;
    if (!expectedOutcomes.trim()) found.expectedOutcomes = required;
    if (!wholeNumber.test(budget) || Number(budget) <= 0 || Number(budget) > projectLimits.budgetMaxYuan) found.budgetYuan = budget.trim() ? t("wholeYuan") : required;
    const months = Number(duration);
    if (!wholeNumber.test(duration) || months < projectLimits.durationMinMonths || months > projectLimits.durationMaxMonths) found.durationMonths = duration.trim() ? t("wholeMonths") : required;
    if (partners.filter((id) => id !== leadRegionId).length === 0) found.partnerRegionIds = t("needPartner");
    if (chosen.length === 0) found.recommendations = t("needRecommendation");
    return found;
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const found = validate();
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    create.mutate({
      title,
      summary,
      body,
      expectedOutcomes,
      budgetYuan: Number(budget),
      durationMonths: Number(duration),
      leadRegionId,
      partnerRegionIds: partners.filter((id) => id !== leadRegionId),
      recommendations: [...chosen].sort((a, b) => a - b),
      tags: tags
        .split(/[,，、]/)
        .map((tag) => tag.trim())
        .filter(Boolean),
    });
  }

  const hasErrors = Object.keys(errors).length > 0;
  return (
    <Card>
      <form onSubmit={submit} className="space-y-5" noValidate>
        {hasErrors ? <Alert>{t("fixErrors")}</Alert> : null}
        {create.error ? <Alert>{describeError(create.error, tErrors)}</Alert> : null}
        <Field label={t("title")} htmlFor="project-title" error={errors.title}>
          <TextInput id="project-title" value={title} maxLength={projectLimits.titleMax} invalid={!!errors.title} onChange={(e) => setTitle(e.target.value)} />
        </Field>
        <Field label={t("summary")} htmlFor="project-summary" hint={t("summaryHint")} error={errors.summary}>
          <TextArea id="project-summary" rows={3} value={summary} maxLength={projectLimits.summaryMax} invalid={!!errors.summary} onChange={(e) => setSummary(e.target.value)} />
        </Field>
        <Field label={t("body")} htmlFor="project-body" hint={t("bodyHint")} error={errors.body}>
          <TextArea id="project-body" rows={10} value={body} maxLength={projectLimits.bodyMax} invalid={!!errors.body} onChange={(e) => setBody(e.target.value)} />
        </Field>
        <Field label={t("leadRegion")} htmlFor="project-lead">
          <SelectInput id="project-lead" value={leadRegionId} onChange={(e) => setLeadRegionId(Number(e.target.value))}>
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
        <fieldset className="space-y-2" aria-describedby="project-partners-note">
          <legend className="text-sm font-medium text-slate-700">{t("partnerRegions")}</legend>
          <div className="grid gap-3 sm:grid-cols-2">
            {regions.clusters.map((cluster) => (
              <div key={cluster.id} className="rounded-md border border-slate-200 p-3">
                <p className="mb-2 text-xs font-semibold text-slate-500">{pick(locale, cluster, "name")}</p>
                <div className="flex flex-wrap gap-x-4 gap-y-1.5">
                  {cluster.regions
                    .filter((region) => region.id !== leadRegionId && !region.retiredAt)
                    .map((region) => (
                      <label key={region.id} className="flex items-center gap-1.5 text-sm text-slate-700">
                        <input type="checkbox" className="size-4 accent-brand-600" checked={partners.includes(region.id)} onChange={() => setPartners((list) => toggle(list, region.id))} />
                        {pick(locale, region, "name")}
                      </label>
                    ))}
                </div>
              </div>
            ))}
          </div>
          <p id="project-partners-note" className={errors.partnerRegionIds ? "text-sm text-red-700" : "text-xs text-slate-500"}>
            {errors.partnerRegionIds ?? t("partnerHint")}
          </p>
        </fieldset>
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium text-slate-700">{t("recommendations")}</legend>
          <div className="space-y-1.5">
            {(recommendations.data ?? []).map((r) => (
              <label key={r.id} className="flex items-start gap-2 text-sm text-slate-700">
                <input type="checkbox" className="mt-0.5 size-4 accent-brand-600" checked={chosen.includes(r.number)} onChange={() => setChosen((list) => toggle(list, r.number))} />
                <span>
                  <span className="font-mono text-xs text-brand-700">{r.number}.</span> {pick(locale, r, "title")}
                </span>
              </label>
            ))}
          </div>
          {errors.recommendations ? <p className="text-sm text-red-700">{errors.recommendations}</p> : null}
        </fieldset>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label={t("budget")} htmlFor="project-budget" hint={t("budgetHint")} error={errors.budgetYuan}>
            <TextInput id="project-budget" inputMode="numeric" value={budget} invalid={!!errors.budgetYuan} onChange={(e) => setBudget(e.target.value)} />
          </Field>
          <Field label={t("duration")} htmlFor="project-duration" error={errors.durationMonths}>
            <TextInput id="project-duration" inputMode="numeric" value={duration} invalid={!!errors.durationMonths} onChange={(e) => setDuration(e.target.value)} />
          </Field>
        </div>
        <Field label={t("outcomes")} htmlFor="project-outcomes" error={errors.expectedOutcomes}>
          <TextArea id="project-outcomes" rows={4} value={expectedOutcomes} maxLength={projectLimits.outcomesMax} invalid={!!errors.expectedOutcomes} onChange={(e) => setExpectedOutcomes(e.target.value)} />
        </Field>
        <Field label={t("tags")} htmlFor="project-tags" hint={t("tagsHint")}>
          <TextInput id="project-tags" value={tags} onChange={(e) => setTags(e.target.value)} />
        </Field>
        <div className="flex gap-2">
          <Button type="submit" busy={create.isPending}>
            {t("create")}
          </Button>
          <ButtonLink href="/projects" variant="ghost">
            {t("cancel")}
          </ButtonLink>
        </div>
      </form>
    </Card>
  );
}

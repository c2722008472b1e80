"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "../../components/ui/button";
import { Alert, Card } from "../../components/ui/card";
import { Field, TextInput } from "../../components/ui/field";
import { TextArea } from "../../components/ui/text-area";
import { pick } from "../../lib/localized";
import { useServerErrors } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";
import { useRegions } from "../../lib/use-regions";

interface CriterionDraft {
  key: string;
  nameZh: string;
  nameEn: string;
  weight: string;
}

const startingCriteria: CriterionDraft[] = [
  { key: "merit", nameZh: "科学价值与创新性", nameEn: "Scientific merit and novelty", weight: "4" },
  { key: "joint", nameZh: "跨区域协同程度", nameEn: "Cross-regional collaboration", weight: "3" },
  { key: "feasibility", nameZh: "可行性与团队", nameEn: "Feasibility and team", weight: "3" },
];

/** A whole number from a text field, or NaN (the server names the field that is wrong). */
const whole = (value: string) => (value.trim() === "" ? Number.NaN : Number(value));

export function NewCallForm() {
  const t = useTranslations("fund.new");
  const locale = useLocale();
  const trpc = useTRPC();
  const router = useRouter();
  const regions = useRegions();
  const recommendations = useQuery(trpc.reference.recommendations.queryOptions());
  const [form, setForm] = useState({
    titleZh: "",
    titleEn: "",
    descriptionZh: "",
    descriptionEn: "",
    deadline: "",
    reviewDueOn: "",
    centralPercent: "30",
    centralYuan: "",
    excludeProposalRegions: false,
  });
  const [chosen, setChosen] = useState<number[]>([]);
  const [amounts, setAmounts] = useState<Record<number, string>>({});
  const [criteria, setCriteria] = useState(startingCriteria);
  const create = useMutation(
    trpc.fund.create.mutationOptions({ onSuccess: (call) => router.push(`/fund/${call.id}`) }),
  );
  const errors = useServerErrors(create.error, [
    "titleZh",
    "titleEn",
    "descriptionZh",
    "descriptionEn",
    "deadline",
    "reviewDueOn",
    "recommendations",
    "centralBp",
    "centralYuan",
    "contributions",
    "criteria",
  ]);

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate({
      titleZh: form.titleZh,
      titleEn: form.titleEn,
      descriptionZh: form.descriptionZh,
      descriptionEn: form.descriptionEn,
      deadline: form.deadline ? new Date(form.deadline) : new Date(Number.NaN),
      recommendations: chosen,
      centralBp: Math.round(Number(form.centralPercent) * 100),
      centralYuan: whole(form.centralYuan),
      contributions: Object.entries(amounts)
        .filter(([, v]) => v.trim() !== "")
        .map(([regionId, v]) => ({ regionId: Number(regionId), yuan: whole(v) })),
      criteria: criteria.map((c) => ({ ...c, weight: whole(c.weight) })),
      excludeProposalRegions: form.excludeProposalRegions,
      reviewDueOn: form.reviewDueOn === "" ? null : form.reviewDueOn,
    });
  }

  const text = (name: keyof typeof form, label: string, long = false) => (
    <Field label={label} htmlFor={`call-${name}`} error={errors.at(name)}>
      {long ? (
        <TextArea
          id={`call-${name}`}
          rows={3}
          value={String(form[name])}
          onChange={(e) => setForm({ ...form, [name]: e.target.value })}
        />
      ) : (
        <TextInput
          id={`call-${name}`}
          invalid={errors.at(name) !== null}
          value={String(form[name])}
          onChange={(e) => setForm({ ...form, [name]: e.target.value })}
        />
      )}
    </Field>
  );

  return (
    <form onSubmit={submit} className="space-y-5" noValidate>
      <Card>
        <div className="grid gap-4 sm:grid-cols-2">
          {text("titleZh", t("titleZh"))}
          {text("titleEn", t("titleEn"))}
          {text("descriptionZh", t("descriptionZh"), true)}
          {text("descriptionEn", t("descriptionEn"), true)}
          <Field label={t("deadline")} htmlFor="call-deadline" error={errors.at("deadline")}>
            <TextInput
              id="call-deadline"
              type="datetime-local"
              invalid={errors.at("deadline") !== null}
              value={form.deadline}
              onChange={(e) => setForm({ ...form, deadline: e.target.value })}
            />
          </Field>
          <Field label={t("reviewDueOn")} htmlFor="call-reviewDueOn" error={errors.at("reviewDueOn")}>
            <TextInput
              id="call-reviewDueOn"
              type="date"
              invalid={errors.at("reviewDueOn") !== null}
              value={form.reviewDueOn}
              onChange={(e) => setForm({ ...form, reviewDueOn: e.target.value })}
            />
          </Field>
        </div>
      </Card>
      <Card>
        <fieldset className="space-y-2">
          <legend className="font-semibold">{t("recommendations")}</legend>
          {(recommendations.data ?? []).map((r) => (
            <label key={r.number} className="flex items-start gap-2 text-sm">
              <input
                type="checkbox"
                checked={chosen.includes(r.number)}
                onChange={(e) =>
                  setChosen(e.target.checked ? [...chosen, r.number] : chosen.filter((n) => n !== r.number))
                }
              />
              <span>
                4.{r.number} {pick(locale, r, "title")}
              </span>
            </label>
          ))}
          {errors.at("recommendations") ? <p className="text-sm text-red-700">{errors.at("recommendations")}</p> : null}
        </fieldset>
      </Card>
      <Card>
        <h2 className="font-semibold">{t("money")}</h2>
        <p className="mb-3 text-sm text-slate-600">{t("moneyHint")}</p>
        <div className="grid gap-4 sm:grid-cols-2">
          {text("centralPercent", t("centralPercent"))}
          {text("centralYuan", t("centralYuan"))}
        </div>
        <div className="mt-4 grid gap-3 sm:grid-cols-3" data-testid="contributions">
          {regions.clusters.flatMap((cluster) =>
            cluster.regions.map((region) => (
              <Field key={region.id} label={regions.name(region.id)} htmlFor={`contribution-${region.id}`}>
                <TextInput
                  id={`contribution-${region.id}`}
                  inputMode="numeric"
                  value={amounts[region.id] ?? ""}
                  onChange={(e) => setAmounts({ ...amounts, [region.id]: e.target.value })}
                />
              </Field>
            )),
          )}
        </div>
        {errors.at("contributions") ? <p className="text-sm text-red-700">{errors.at("contributions")}</p> : null}
      </Card>
      <Card>
        <h2 className="font-semibold">{t("rubric")}</h2>
        <p className="mb-3 text-sm text-slate-600">{t("rubricHint")}</p>
        <div className="space-y-3">
          {criteria.map((c, i) => (
            <div key={i} className="grid gap-2 sm:grid-cols-[1fr_1fr_6rem_auto] sm:items-end">
              {(["nameZh", "nameEn", "weight"] as const).map((part) => (
                <Field key={part} label={t(`criterion.${part}`)} htmlFor={`criterion-${i}-${part}`}>
                  <TextInput
                    id={`criterion-${i}-${part}`}
                    value={c[part]}
                    onChange={(e) =>
                      setCriteria(criteria.map((x, j) => (j === i ? { ...x, [part]: e.target.value } : x)))
                    }
                  />
                </Field>
              ))}
              <Button
                type="button"
                variant="ghost"
                size="sm"
                disabled={criteria.length === 1}
                onClick={() => setCriteria(criteria.filter((_, j) => j !== i))}
              >
                {t("criterion.remove")}
              </Button>
            </div>
          ))}
          <Button
            type="button"
            variant="secondary"
            size="sm"
            onClick={() =>
              setCriteria([...criteria, { key: `c${criteria.length + 1}`, nameZh: "", nameEn: "", weight: "1" }])
            }
          >
            {t("criterion.add")}
          </Button>
        </div>
        {errors.at("criteria") ? <p className="text-sm text-red-700">{errors.at("criteria")}</p> : null}
        <label className="mt-4 flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            checked={form.excludeProposalRegions}
            onChange={(e) => setForm({ ...form, excludeProposalRegions: e.target.checked })}
          />
          {t("excludeRegions")}
        </label>
      </Card>
      {errors.banner ? <Alert>{errors.banner}</Alert> : null}
      <Button type="submit" busy={create.isPending}>
        {t("create")}
      </Button>
    </form>
  );
}

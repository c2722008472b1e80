"use client";
import { useTranslations } from "next-intl";
import { Button } from "../../components/ui/button";
import type { RegionInfo } from "./project-regions";
import { emptyDraft, PlanFields, type PlanDraft } from "./plan-fields";

/** Most rounds revise a few plans; the contract allows twenty. */
const maxPlans = 20;

/**
 * The plans of the next round, starting from the last round's: the chair revises shares, rationale
 * and terms, drops plans that failed for good and adds new ones before opening the round.
 */
export function RevisedPlans({
  regions,
  drafts,
  onChange,
}: {
  regions: readonly RegionInfo[];
  drafts: PlanDraft[];
  onChange: (drafts: PlanDraft[]) => void;
}) {
  const t = useTranslations("ballots.revise");
  const replace = (index: number, draft: PlanDraft) => onChange(drafts.map((d, i) => (i === index ? draft : d)));
  return (
    <div className="space-y-4" data-testid="revised-plans">
      <div>
        <h4 className="font-semibold">{t("heading")}</h4>
        <p className="mt-1 text-sm text-slate-600">{t("hint")}</p>
      </div>
      {drafts.map((draft, index) => (
        <fieldset
          key={index}
          className="space-y-3 rounded-lg border border-slate-200 p-3 sm:p-4"
          data-testid="revised-plan"
        >
          <legend className="px-1 text-sm font-semibold text-slate-800">{t("plan", { number: index + 1 })}</legend>
          <PlanFields
            idPrefix={`round-plan-${index}`}
            regions={regions}
            draft={draft}
            onChange={(next) => replace(index, next)}
          />
          {drafts.length > 1 ? (
            <Button
              type="button"
              variant="ghost"
              size="sm"
              onClick={() => onChange(drafts.filter((_, i) => i !== index))}
            >
              {t("remove", { number: index + 1 })}
            </Button>
          ) : null}
        </fieldset>
      ))}
      {drafts.length < maxPlans ? (
        <Button type="button" variant="secondary" size="sm" onClick={() => onChange([...drafts, emptyDraft(regions)])}>
          {t("add")}
        </Button>
      ) : null}
    </div>
  );
}

"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { achievementLimits } from "@/shared/achievement-vocabulary";
import {
  achievementKinds,
  transferModes,
  type AchievementKind,
  type TransferMode,
} from "@/shared/achievement-vocabulary";
import { Button } from "../../../components/ui/button";
import { Alert, Card } from "../../../components/ui/card";
import { Field, SelectInput, TextInput } from "../../../components/ui/field";
import { useServerErrors } from "../../../lib/server-errors";
import { useTRPC } from "../../../lib/trpc";

interface Outcome {
  kind: AchievementKind;
  titleZh: string;
  titleEn: string;
  summaryZh: string;
  summaryEn: string;
  trl: number;
}

/** The project's outcomes as proposed achievements: the proposers adjust them and publish all in one step. */
export function OutcomesForm({ projectId, lines }: { projectId: number; lines: string[] }) {
  const t = useTranslations("achievements");
  const tCommon = useTranslations("common");
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const blank = (text = ""): Outcome => ({
    kind: "other",
    titleZh: text,
    titleEn: "",
    summaryZh: text,
    summaryEn: "",
    trl: 4,
  });
  const [outcomes, setOutcomes] = useState<Outcome[]>(lines.length ? lines.map((l) => blank(l)) : [blank()]);
  const [modes, setModes] = useState<TransferMode[]>(["licence", "joint_development"]);
  const [missing, setMissing] = useState(false);
  const publish = useMutation(
    trpc.achievements.publishFromProject.mutationOptions({
      onSuccess: (created) => {
        void queryClient.invalidateQueries({ queryKey: trpc.achievements.pathKey() });
        router.push(created[0] ? `/achievements/${created[0].id}` : "/achievements");
      },
    }),
  );
  const server = useServerErrors(publish.error, []);
  const set = (i: number, patch: Partial<Outcome>) =>
    setOutcomes(outcomes.map((o, j) => (j === i ? { ...o, ...patch } : o)));
  function submit(event: FormEvent) {
    event.preventDefault();
    const incomplete = outcomes.some(
      (o) => !o.titleZh.trim() || !o.titleEn.trim() || !o.summaryZh.trim() || !o.summaryEn.trim(),
    );
    setMissing(incomplete || modes.length === 0);
    if (!incomplete && modes.length) publish.mutate({ projectId, outcomes, transferModes: modes });
  }
  const field = (i: number, key: "titleZh" | "titleEn" | "summaryZh" | "summaryEn", label: string) => (
    <Field
      label={label}
      htmlFor={`o-${i}-${key}`}
      error={missing && !outcomes[i]![key].trim() ? tCommon("required") : null}
    >
      <TextInput
        id={`o-${i}-${key}`}
        value={outcomes[i]![key]}
        onChange={(e) => set(i, { [key]: e.target.value })}
        invalid={missing && !outcomes[i]![key].trim()}
        maxLength={key.startsWith("title") ? achievementLimits.titleMax : achievementLimits.summaryMax}
      />
    </Field>
  );
  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      {server.banner ? <Alert>{server.banner}</Alert> : null}
      {outcomes.map((o, i) => (
        <Card key={i}>
          <fieldset className="space-y-3">
            <legend className="font-medium text-slate-900">{t("fromProject.outcome", { n: i + 1 })}</legend>
            <div className="grid gap-3 sm:grid-cols-2">
              {field(i, "titleZh", t("form.titleZh"))}
              {field(i, "titleEn", t("form.titleEn"))}
              {field(i, "summaryZh", t("form.summaryZh"))}
              {field(i, "summaryEn", t("form.summaryEn"))}
              <Field label={t("form.kind")} htmlFor={`o-${i}-kind`}>
                <SelectInput
                  id={`o-${i}-kind`}
                  value={o.kind}
                  onChange={(e) => set(i, { kind: e.target.value as AchievementKind })}
                >
                  {achievementKinds.map((k) => (
                    <option key={k} value={k}>
                      {t(`kinds.${k}`)}
                    </option>
                  ))}
                </SelectInput>
              </Field>
              <Field label={t("form.trl")} htmlFor={`o-${i}-trl`}>
                <SelectInput id={`o-${i}-trl`} value={o.trl} onChange={(e) => set(i, { trl: Number(e.target.value) })}>
                  {Array.from({ length: 9 }, (_, l) => l + 1).map((level) => (
                    <option key={level} value={level}>
                      {level}
                    </option>
                  ))}
                </SelectInput>
              </Field>
            </div>
            {outcomes.length > 1 ? (
              <Button
                type="button"
                size="sm"
                variant="ghost"
                onClick={() => setOutcomes(outcomes.filter((_, j) => j !== i))}
              >
                {t("fromProject.remove")}
              </Button>
            ) : null}
          </fieldset>
        </Card>
      ))}
      {outcomes.length < achievementLimits.outcomesMax ? (
        <Button type="button" variant="secondary" size="sm" onClick={() => setOutcomes([...outcomes, blank()])}>
          {t("fromProject.addOutcome")}
        </Button>
      ) : null}
      <fieldset className="space-y-1">
        <legend className="text-sm font-medium text-slate-700">{t("form.modes")}</legend>
        <div className="flex flex-wrap gap-4">
          {transferModes.map((mode) => (
            <label key={mode} className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                checked={modes.includes(mode)}
                onChange={() => setModes(modes.includes(mode) ? modes.filter((m) => m !== mode) : [...modes, mode])}
              />
              {t(`modes.${mode}`)}
            </label>
          ))}
        </div>
        {missing && modes.length === 0 ? <p className="text-sm text-red-700">{t("form.needMode")}</p> : null}
      </fieldset>
      <Button type="submit" busy={publish.isPending}>
        {t("fromProject.submit", { count: outcomes.length })}
      </Button>
    </form>
  );
}

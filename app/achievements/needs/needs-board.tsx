"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { achievementLimits } from "@/shared/achievement-vocabulary";
import { useRegionLabel } from "@/app/_features/achievements/achievement-bits";
import { Button } from "../../components/ui/button";
import { Alert, Badge, Card, EmptyState, Skeleton } from "../../components/ui/card";
import { Field, SelectInput, TextInput } from "../../components/ui/field";
import { TextArea } from "../../components/ui/text-area";
import { describeError, errorData } from "../../lib/errors";
import { useServerErrors } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";
import { useYuan } from "../../_features/projects/locale-format";

const fields = ["title", "problem", "sectors", "budgetMinYuan", "budgetMaxYuan", "timelineMonths", "minTrl"] as const;
type FieldName = (typeof fields)[number];
const whole = /^\s*\d+\s*$/;

function NeedForm() {
  const t = useTranslations("achievements.needs");
  const tForm = useTranslations("achievements.form");
  const tCommon = useTranslations("common");
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [title, setTitle] = useState("");
  const [problem, setProblem] = useState("");
  const [sectors, setSectors] = useState("");
  const [min, setMin] = useState("");
  const [max, setMax] = useState("");
  const [timeline, setTimeline] = useState("12");
  const [minTrl, setMinTrl] = useState("5");
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const post = useMutation(
    trpc.achievements.createNeed.mutationOptions({
      onSuccess: (need) => {
        void queryClient.invalidateQueries({ queryKey: trpc.achievements.needs.queryKey() });
        router.push(`/achievements/needs/${need.id}`);
      },
    }),
  );
  const server = useServerErrors(post.error, fields);
  const reversed = errorData(post.error)?.reason === "BUDGET_RANGE_REVERSED";
  const at = (f: FieldName) =>
    errors[f] ?? server.at(f) ?? (f === "budgetMaxYuan" && reversed ? t("budgetReversed") : undefined);

  function submit(event: FormEvent) {
    event.preventDefault();
    const found: Partial<Record<FieldName, string>> = {};
    if (!title.trim()) found.title = tCommon("required");
    if (!problem.trim()) found.problem = tCommon("required");
    if (min.trim() && !whole.test(min)) found.budgetMinYuan = tForm("wholeYuan");
    if (max.trim() && !whole.test(max)) found.budgetMaxYuan = tForm("wholeYuan");
    if (!found.budgetMinYuan && !found.budgetMaxYuan && min.trim() && max.trim() && Number(min) > Number(max))
      found.budgetMaxYuan = t("budgetReversed");
    if (!whole.test(timeline) || Number(timeline) < 1 || Number(timeline) > 120)
      found.timelineMonths = tCommon("required");
    setErrors(found);
    if (Object.keys(found).length) return;
    post.mutate({
      title,
      problem,
      sectors: sectors.split(/[,，、]/),
      budgetMinYuan: min.trim() ? Number(min) : null,
      budgetMaxYuan: max.trim() ? Number(max) : null,
      timelineMonths: Number(timeline),
      minTrl: Number(minTrl),
    });
  }

  return (
    <Card>
      <form onSubmit={submit} noValidate className="space-y-3" aria-label={t("post")}>
        <h2 className="font-semibold text-slate-900">{t("post")}</h2>
        {server.banner && !reversed ? <Alert>{server.banner}</Alert> : null}
        <Field label={t("titleField")} htmlFor="n-title" error={at("title")}>
          <TextInput
            id="n-title"
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            invalid={!!at("title")}
            maxLength={achievementLimits.titleMax}
          />
        </Field>
        <Field label={t("problem")} htmlFor="n-problem" error={at("problem")}>
          <TextArea
            id="n-problem"
            rows={4}
            value={problem}
            placeholder={t("problemPlaceholder")}
            onChange={(e) => setProblem(e.target.value)}
            invalid={!!at("problem")}
            maxLength={achievementLimits.problemMax}
          />
        </Field>
        <Field label={t("sectors")} htmlFor="n-sectors" hint={tForm("sectorsHint")}>
          <TextInput id="n-sectors" value={sectors} onChange={(e) => setSectors(e.target.value)} maxLength={400} />
        </Field>
        <div className="grid gap-3 sm:grid-cols-2">
          <Field label={t("budgetMin")} htmlFor="n-budgetMinYuan" error={at("budgetMinYuan")}>
            <TextInput
              id="n-budgetMinYuan"
              inputMode="numeric"
              value={min}
              onChange={(e) => setMin(e.target.value)}
              invalid={!!at("budgetMinYuan")}
            />
          </Field>
          <Field label={t("budgetMax")} htmlFor="n-budgetMaxYuan" error={at("budgetMaxYuan")}>
            <TextInput
              id="n-budgetMaxYuan"
              inputMode="numeric"
              value={max}
              onChange={(e) => setMax(e.target.value)}
              invalid={!!at("budgetMaxYuan")}
            />
          </Field>
          <Field label={t("timeline")} htmlFor="n-timelineMonths" error={at("timelineMonths")}>
            <TextInput
              id="n-timelineMonths"
              inputMode="numeric"
              value={timeline}
              onChange={(e) => setTimeline(e.target.value)}
              invalid={!!at("timelineMonths")}
            />
          </Field>
          <Field label={t("minTrl")} htmlFor="n-minTrl">
            <SelectInput id="n-minTrl" value={minTrl} onChange={(e) => setMinTrl(e.target.value)}>
              {Array.from({ length: 9 }, (_, i) => i + 1).map((level) => (
                <option key={level} value={level}>
                  {level}
                </option>
              ))}
            </SelectInput>
          </Field>
        </div>
        <Button type="submit" busy={post.isPending}>
          {t("submit")}
        </Button>
      </form>
    </Card>
  );
}

/** Open needs for everyone, the viewer's own (closed ones too), and the posting form for enterprises. */
export function NeedsBoard({ signedIn }: { signedIn: boolean }) {
  const t = useTranslations("achievements.needs");
  const tErrors = useTranslations("errors");
  const trpc = useTRPC();
  const regionName = useRegionLabel();
  const yuan = useYuan();
  const [mine, setMine] = useState(false);
  const needs = useQuery(trpc.achievements.needs.queryOptions({ mine }));
  const standing = useQuery({ ...trpc.achievements.myNeedStanding.queryOptions(), enabled: signedIn });
  const range = (min: number | null, max: number | null) =>
    min === null && max === null
      ? t("budgetOpen")
      : t("budget", { range: `${min !== null ? yuan(min) : "…"} – ${max !== null ? yuan(max) : "…"}` });
  return (
    <div className="grid gap-6 lg:grid-cols-3">
      <div className="space-y-3 lg:col-span-2">
        {signedIn ? (
          <div className="flex gap-2" role="group">
            <Button
              size="sm"
              variant={mine ? "secondary" : "primary"}
              aria-pressed={!mine}
              onClick={() => setMine(false)}
            >
              {t("all")}
            </Button>
            <Button
              size="sm"
              variant={mine ? "primary" : "secondary"}
              aria-pressed={mine}
              onClick={() => setMine(true)}
            >
              {t("mine")}
            </Button>
          </div>
        ) : null}
        {needs.isError ? (
          <Alert>{describeError(needs.error, tErrors)}</Alert>
        ) : !needs.data ? (
          <Skeleton lines={5} />
        ) : needs.data.length === 0 ? (
          <EmptyState title={t("empty")} />
        ) : (
          <ul className="space-y-3">
            {needs.data.map((n) => (
              <li key={n.id} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
                <div className="flex flex-wrap items-center gap-2">
                  {n.status === "closed" ? <Badge tone="slate">{t("closed")}</Badge> : null}
                  {n.sectors.map((s) => (
                    <Badge key={s} tone="brand">
                      {s}
                    </Badge>
                  ))}
                </div>
                <h2 className="mt-1 font-semibold">
                  <Link
                    href={`/achievements/needs/${n.id}`}
                    className="text-slate-900 hover:text-brand-700 hover:underline"
                  >
                    {n.title}
                  </Link>
                </h2>
                <p className="text-xs text-slate-500">
                  {t("posted", { organisation: n.organisation, region: regionName(n.region) })}
                </p>
                <p className="mt-1 line-clamp-2 text-sm text-slate-600">{n.problem}</p>
                <p className="mt-1 text-xs text-slate-500">
                  {range(n.budgetMinYuan, n.budgetMaxYuan)} · {t("timelineValue", { months: n.timelineMonths })} ·{" "}
                  {t("wantsTrl", { level: n.minTrl })}
                </p>
              </li>
            ))}
          </ul>
        )}
      </div>
      <div>
        {standing.data?.canPost ? (
          <NeedForm />
        ) : signedIn && standing.data ? (
          <Alert tone="info">{t("onlyEnterprises")}</Alert>
        ) : null}
      </div>
    </div>
  );
}

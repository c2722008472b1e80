"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { Button } from "../../../components/ui/button";
import { Alert, Badge, Card, PageHeader } from "../../../components/ui/card";
import { Field, SelectInput } from "../../../components/ui/field";
import { TextArea } from "../../../components/ui/text-area";
import { pick } from "../../../lib/localized";
import type { RouterOutputs } from "../../../lib/router-types";
import { useServerErrors } from "../../../lib/server-errors";
import { useTRPC } from "../../../lib/trpc";
import { points, useYuan } from "@/app/_features/fund/money";

type Assignment = RouterOutputs["fund"]["assignment"];

/**
 * Declare, then score: the declaration comes first (the server refuses scores without it), then one
 * score 1–5 and a comment per criterion. Others' reviews appear only after one's own is submitted.
 */
export function ReviewForm({ initial }: { initial: Assignment }) {
  const t = useTranslations("fund.reviews");
  const locale = useLocale();
  const yuan = useYuan();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const options = trpc.fund.assignment.queryOptions({ assignmentId: initial.id });
  const { data } = useQuery({ ...options, initialData: initial });
  const refresh = () => queryClient.invalidateQueries({ queryKey: options.queryKey });
  const [noConflict, setNoConflict] = useState(false);
  const [scores, setScores] = useState<Record<string, { score: string; comment: string }>>({});
  const declare = useMutation(trpc.fund.declare.mutationOptions({ onSuccess: refresh }));
  const review = useMutation(trpc.fund.review.mutationOptions({ onSuccess: refresh }));
  const declareErrors = useServerErrors(declare.error, ["noConflict"]);
  const reviewErrors = useServerErrors(review.error, ["scores"]);
  const criterionName = (c: { nameZh: string; nameEn: string }) => (locale === "en" ? c.nameEn : c.nameZh);

  function send(event: FormEvent) {
    event.preventDefault();
    review.mutate({
      assignmentId: data.id,
      scores: data.call.criteria.map((c) => ({
        key: c.key,
        score: Number(scores[c.key]?.score ?? Number.NaN),
        comment: scores[c.key]?.comment ?? "",
      })),
    });
  }

  return (
    <div className="space-y-6">
      <PageHeader
        title={data.project.title}
        description={[
          pick(locale, data.call, "title"),
          yuan(data.project.budgetYuan),
          data.call.reviewDueOn ? t("dueOn", { date: data.call.reviewDueOn }) : null,
        ]
          .filter(Boolean)
          .join(" · ")}
      />
      <Card>
        <p className="text-sm text-slate-700">{data.project.summary}</p>
        <Link href={`/projects/${data.project.id}`} className="text-sm text-brand-700 hover:underline">
          {t("readProposal")}
        </Link>
      </Card>
      {data.submittedAt ? (
        <Card>
          <h2 className="font-semibold">{t("yourReview", { score: points(data.weightedScore) })}</h2>
          <ul className="mt-2 space-y-1 text-sm">
            {(data.scores ?? []).map((s) => {
              const c = data.call.criteria.find((x) => x.key === s.key);
              return (
                <li key={s.key}>
                  {c ? criterionName(c) : s.key}: {s.score} — {s.comment}
                </li>
              );
            })}
          </ul>
          <h2 className="mt-4 font-semibold">{t("others")}</h2>
          {data.others.length === 0 ? <p className="text-sm text-slate-600">{t("noOthers")}</p> : null}
          <ul className="space-y-2 text-sm" data-testid="other-reviews">
            {data.others.map((o) => (
              <li key={o.label}>
                <Badge>{t("reviewerLabel", { number: o.label })}</Badge> {points(o.weightedScore)}
                <ul className="ml-4 list-disc">
                  {o.scores.map((s) => (
                    <li key={s.key}>
                      {s.score} — {s.comment}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </Card>
      ) : !data.declaredAt ? (
        <Card>
          <form
            className="space-y-3"
            onSubmit={(e) => {
              e.preventDefault();
              if (noConflict) declare.mutate({ assignmentId: data.id, noConflict: true });
            }}
          >
            <h2 className="font-semibold">{t("declareHeading")}</h2>
            <label className="flex items-start gap-2 text-sm">
              <input type="checkbox" checked={noConflict} onChange={(e) => setNoConflict(e.target.checked)} />
              {t("declaration")}
            </label>
            {declareErrors.banner ? <Alert>{declareErrors.banner}</Alert> : null}
            <Button type="submit" disabled={!noConflict} busy={declare.isPending}>
              {t("declare")}
            </Button>
          </form>
        </Card>
      ) : data.call.status !== "review" ? (
        <Alert tone="info">{t("notInReview")}</Alert>
      ) : (
        <Card>
          <form className="space-y-4" onSubmit={send} data-testid="review-form">
            <p className="text-sm text-slate-600">{t("blind")}</p>
            {data.call.criteria.map((c) => (
              <fieldset key={c.key} className="space-y-2 rounded-md border border-slate-200 p-3">
                <legend className="px-1 font-medium">
                  {criterionName(c)} ({t("weight", { weight: c.weight })})
                </legend>
                <Field label={t("score")} htmlFor={`score-${c.key}`}>
                  <SelectInput
                    id={`score-${c.key}`}
                    value={scores[c.key]?.score ?? ""}
                    onChange={(e) =>
                      setScores({ ...scores, [c.key]: { comment: "", ...scores[c.key], score: e.target.value } })
                    }
                  >
                    <option value="">{t("chooseScore")}</option>
                    {[1, 2, 3, 4, 5].map((n) => (
                      <option key={n} value={n}>
                        {t(`scale.${n}`)}
                      </option>
                    ))}
                  </SelectInput>
                </Field>
                <Field label={t("comment")} htmlFor={`comment-${c.key}`}>
                  <TextArea
                    id={`comment-${c.key}`}
                    rows={2}
                    value={scores[c.key]?.comment ?? ""}
                    onChange={(e) =>
                      setScores({ ...scores, [c.key]: { score: "", ...scores[c.key], comment: e.target.value } })
                    }
                  />
                </Field>
              </fieldset>
            ))}
            {reviewErrors.at("scores") ? <Alert>{reviewErrors.at("scores")}</Alert> : null}
            {reviewErrors.banner ? <Alert>{reviewErrors.banner}</Alert> : null}
            <Button type="submit" busy={review.isPending}>
              {t("submit")}
            </Button>
          </form>
        </Card>
      )}
    </div>
  );
}

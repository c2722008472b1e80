"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "../../components/ui/button";
import { Alert, Badge, Card } from "../../components/ui/card";
import { SelectInput } from "../../components/ui/field";
import { useServerErrors } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";
import { points, useYuan } from "@/app/_features/fund/money";
import type { CallData } from "./call-data";

/** Proposals with their cost split; scores for managers (public after the award); assignment for managers. */
export function ProposalsPanel({ call }: { call: CallData }) {
  const t = useTranslations("fund.proposals");
  const tFund = useTranslations("fund");
  const locale = useLocale();
  const yuan = useYuan();
  const trpc = useTRPC();
  const proposals = useQuery(trpc.fund.proposals.queryOptions({ callId: call.id }));
  const manager = call.viewer.manager;
  const assigning = manager && (call.status === "open" || call.status === "review");

  if (proposals.isPending) return <Card>{tFund("loading")}</Card>;
  if (proposals.isError) return <Alert>{tFund("loadFailed")}</Alert>;
  return (
    <Card>
      <h2 className="mb-3 text-lg font-semibold">{t("heading", { count: proposals.data.length })}</h2>
      {proposals.data.length === 0 ? (
        <p className="text-sm text-slate-600">{t("empty")}</p>
      ) : (
        <ul className="divide-y divide-slate-100" data-testid="proposals">
          {proposals.data.map((p) => (
            <li key={p.id} className="space-y-2 py-3" data-testid={`proposal-${p.id}`}>
              <div className="flex flex-wrap items-center gap-2">
                <Link href={`/projects/${p.projectId}`} className="font-medium text-brand-700 hover:underline">
                  {p.title}
                </Link>
                <span className="text-sm text-slate-600">{yuan(p.requestedYuan)}</span>
                {p.funded ? <Badge tone="green">{t("funded")}</Badge> : null}
                {p.aggregate?.disagreement ? <Badge tone="amber">{t("disagreement")}</Badge> : null}
              </div>
              <p className="text-xs text-slate-600">
                {p.parts
                  .map(
                    (part) =>
                      `${part.funderId === 0 ? tFund("centre") : ((locale === "en" ? part.nameEn : part.nameZh) ?? "")} ${yuan(part.yuan)}`,
                  )
                  .join(" · ")}
              </p>
              {p.aggregate ? (
                <p className="text-sm" data-testid="aggregate">
                  {t("score", {
                    mean: points(p.aggregate.mean),
                    spread: points(p.aggregate.spread),
                    reviews: p.aggregate.reviews,
                  })}
                </p>
              ) : null}
              {manager ? (
                <div className="text-sm">
                  <p className="text-slate-600">
                    {p.reviewers.length === 0
                      ? t("noReviewers")
                      : p.reviewers.map((r) => `${r.name} (${t(`states.${r.state}`)})`).join(", ")}
                  </p>
                  {assigning ? (
                    <AssignReviewer submissionId={p.id} assigned={p.reviewers.map((r) => r.reviewerId)} />
                  ) : null}
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function AssignReviewer({ submissionId, assigned }: { submissionId: number; assigned: number[] }) {
  const t = useTranslations("fund.proposals");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const candidates = useQuery(trpc.fund.reviewerCandidates.queryOptions());
  const [reviewerId, setReviewerId] = useState("");
  const assign = useMutation(
    trpc.fund.assign.mutationOptions({
      onSuccess: () => {
        setReviewerId("");
        void queryClient.invalidateQueries({ queryKey: trpc.fund.proposals.pathKey() });
      },
    }),
  );
  const errors = useServerErrors(assign.error, []);
  const options = (candidates.data ?? []).filter((c) => c.reviewer && !assigned.includes(c.id));
  return (
    <div className="mt-1 flex flex-wrap items-center gap-2">
      <label htmlFor={`assign-${submissionId}`} className="sr-only">
        {t("assignLabel")}
      </label>
      <div className="min-w-48">
        <SelectInput
          id={`assign-${submissionId}`}
          value={reviewerId}
          onChange={(e) => setReviewerId(e.target.value)}
          aria-invalid={errors.banner ? true : undefined}
          aria-describedby={errors.banner ? `assign-${submissionId}-error` : undefined}
        >
          <option value="">{t("assignLabel")}</option>
          {options.map((c) => (
            <option key={c.id} value={c.id}>
              {c.displayName} · {c.organisation}
            </option>
          ))}
        </SelectInput>
      </div>
      <Button
        size="sm"
        variant="secondary"
        busy={assign.isPending}
        disabled={!reviewerId}
        onClick={() => assign.mutate({ submissionId, reviewerId: Number(reviewerId) })}
      >
        {t("assign")}
      </Button>
      {/* The server's refusal (a conflict of interest, a reviewer already assigned) belongs to the picker. */}
      {errors.banner ? (
        <p id={`assign-${submissionId}-error`} className="w-full text-sm text-red-700">
          {errors.banner}
        </p>
      ) : null}
    </div>
  );
}

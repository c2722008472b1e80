"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "../../components/ui/button";
import { Alert, Badge, Card } from "../../components/ui/card";
import { TextInput } from "../../components/ui/field";
import { useServerErrors } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";
import { useRegions } from "../../lib/use-regions";

export function ReviewersPanel() {
  const t = useTranslations("fund.reviewers");
  const tFund = useTranslations("fund");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const regions = useRegions();
  const candidates = useQuery(trpc.fund.reviewerCandidates.queryOptions());
  const [filter, setFilter] = useState("");
  const set = useMutation(
    trpc.fund.setReviewer.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.fund.reviewerCandidates.queryKey() }),
    }),
  );
  const errors = useServerErrors(set.error ?? candidates.error, []);
  if (candidates.isPending) return <Card>{tFund("loading")}</Card>;
  const words = filter.trim().toLowerCase();
  const shown = (candidates.data ?? []).filter(
    (c) => !words || `${c.displayName} ${c.organisation}`.toLowerCase().includes(words),
  );
  return (
    <Card>
      {errors.banner ? <Alert>{errors.banner}</Alert> : null}
      <label htmlFor="reviewer-filter" className="text-sm font-medium">
        {t("filter")}
      </label>
      <TextInput id="reviewer-filter" value={filter} onChange={(e) => setFilter(e.target.value)} />
      {shown.length === 0 ? <p className="mt-3 text-sm text-slate-600">{t("empty")}</p> : null}
      <ul className="mt-3 divide-y divide-slate-100" data-testid="reviewer-candidates">
        {shown.map((c) => (
          <li key={c.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
            <span>
              <span className="font-medium">{c.displayName}</span>{" "}
              <span className="text-sm text-slate-600">
                {c.organisation} · {regions.name(c.regionId)}
              </span>{" "}
              {c.reviewer ? <Badge tone="green">{t("isReviewer")}</Badge> : null}
            </span>
            <Button
              size="sm"
              variant={c.reviewer ? "danger" : "secondary"}
              busy={set.isPending && set.variables?.accountId === c.id}
              onClick={() => set.mutate({ accountId: c.id, reviewer: !c.reviewer })}
            >
              {c.reviewer ? t("revoke", { name: c.displayName }) : t("grant", { name: c.displayName })}
            </Button>
          </li>
        ))}
      </ul>
    </Card>
  );
}

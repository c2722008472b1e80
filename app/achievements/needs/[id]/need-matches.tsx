"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { MatchReasons, ScoreBadge, TrlBadge, useBilingual } from "@/app/_features/achievements/achievement-bits";
import { Button } from "../../../components/ui/button";
import { Alert, Card, EmptyState, Skeleton } from "../../../components/ui/card";
import { Field } from "../../../components/ui/field";
import { TextArea } from "../../../components/ui/text-area";
import { describeError } from "../../../lib/errors";
import { useTRPC } from "../../../lib/trpc";

/** The achievements that fit this need, why, and (for its poster) a message to their owners in place. */
export function NeedMatches({
  needId,
  canEnquire,
  canClose,
}: {
  needId: number;
  canEnquire: boolean;
  canClose: boolean;
}) {
  const t = useTranslations("achievements");
  const tErrors = useTranslations("errors");
  const trpc = useTRPC();
  const router = useRouter();
  const title = useBilingual();
  const matches = useQuery(trpc.achievements.needMatches.queryOptions({ needId }));
  const [open, setOpen] = useState<number | null>(null);
  const [body, setBody] = useState("");
  const enquire = useMutation(
    trpc.achievements.enquire.mutationOptions({
      onSuccess: (r) => router.push(`/achievements/enquiries/${r.enquiryId}`),
    }),
  );
  const close = useMutation(trpc.achievements.closeNeed.mutationOptions({ onSuccess: () => router.refresh() }));
  return (
    <Card>
      <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
        <h2 className="font-semibold text-slate-900">{t("needs.matches")}</h2>
        {canClose ? (
          <Button size="sm" variant="secondary" busy={close.isPending} onClick={() => close.mutate({ needId })}>
            {t("needs.close")}
          </Button>
        ) : null}
      </div>
      {matches.isError ? (
        <Alert>{describeError(matches.error, tErrors)}</Alert>
      ) : !matches.data ? (
        <Skeleton lines={4} />
      ) : matches.data.length === 0 ? (
        <EmptyState title={t("needs.noMatches")} />
      ) : (
        <ol className="divide-y divide-slate-100">
          {matches.data.map((m) => (
            <li key={m.achievementId} className="py-3" data-testid="need-match">
              <div className="flex flex-wrap items-center gap-2">
                <ScoreBadge score={m.score} />
                <TrlBadge trl={m.achievement.trl} />
                <Link href={`/achievements/${m.achievementId}`} className="font-medium text-brand-700 hover:underline">
                  {title(m.achievement)}
                </Link>
              </div>
              <MatchReasons match={m} />
              {canEnquire ? (
                open === m.achievementId ? (
                  <form
                    className="mt-2 space-y-2"
                    onSubmit={(e) => {
                      e.preventDefault();
                      if (body.trim()) enquire.mutate({ achievementId: m.achievementId, needId, body });
                    }}
                  >
                    {enquire.error ? <Alert>{describeError(enquire.error, tErrors)}</Alert> : null}
                    <Field label={t("detail.enquiryBody")} htmlFor={`enquire-${m.achievementId}`}>
                      <TextArea
                        id={`enquire-${m.achievementId}`}
                        rows={3}
                        value={body}
                        placeholder={t("detail.enquiryPlaceholder")}
                        onChange={(e) => setBody(e.target.value)}
                      />
                    </Field>
                    <Button type="submit" size="sm" busy={enquire.isPending} disabled={!body.trim()}>
                      {t("detail.send")}
                    </Button>
                  </form>
                ) : (
                  <Button size="sm" variant="secondary" className="mt-2" onClick={() => setOpen(m.achievementId)}>
                    {t("needs.enquireAbout")}
                  </Button>
                )
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}

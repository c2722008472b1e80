"use client";
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "../../components/ui/button";
import { SelectInput } from "../../components/ui/field";
import { describeError } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc";

/** "Propose as a measure / add to the meeting pack": a consensus statement becomes a topic or an amendment. */
export function PromoteButtons({
  statementId,
  measures,
  hasTopic,
}: {
  statementId: number;
  measures: { id: number; code: string; title: string }[];
  hasTopic: boolean;
}) {
  const t = useTranslations("opinions.consensus");
  const tErrors = useTranslations("errors");
  const trpc = useTRPC();
  const [measureId, setMeasureId] = useState<number | null>(measures[0]?.id ?? null);
  const promote = useMutation(trpc.opinions.promote.mutationOptions());
  if (promote.data)
    return (
      <p className="text-xs text-emerald-700" role="status">
        {t("proposed")}{" "}
        <Link
          className="underline"
          href={
            promote.data.kind === "topic"
              ? `/topics/${promote.data.topicId}`
              : `/topics/${promote.data.topicId}#comment-${promote.data.commentId}`
          }
        >
          {t("openProposal")}
        </Link>
      </p>
    );
  return (
    <div className="flex flex-wrap items-center gap-2">
      <Button
        size="sm"
        variant="secondary"
        busy={promote.isPending && promote.variables?.as === "topic"}
        onClick={() => promote.mutate({ as: "topic", statementId })}
      >
        {t("propose")}
      </Button>
      {hasTopic && measures.length > 0 ? (
        <>
          <span className="w-40">
            <SelectInput
              aria-label={t("measure")}
              value={measureId ?? ""}
              onChange={(e) => setMeasureId(Number(e.target.value))}
            >
              {measures.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.code} {m.title}
                </option>
              ))}
            </SelectInput>
          </span>
          <Button
            size="sm"
            variant="secondary"
            busy={promote.isPending && promote.variables?.as === "amendment"}
            onClick={() => measureId && promote.mutate({ as: "amendment", statementId, measureId })}
          >
            {t("amend")}
          </Button>
        </>
      ) : null}
      {promote.error ? <p className="text-xs text-red-700">{describeError(promote.error, tErrors)}</p> : null}
    </div>
  );
}

"use client";
import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import type { StatementView } from "@/server/features/opinions/events";
import { Button } from "../../components/ui/button";
import { Badge, Card } from "../../components/ui/card";
import { TextInput } from "../../components/ui/field";
import { describeError } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc";
import { ReportButton } from "../moderation/report-button";

type Row = StatementView & { mine: boolean };

function ModerateButtons({ statement, onChanged }: { statement: Row; onChanged: (s: Row) => void }) {
  const t = useTranslations("opinions.statements");
  const tErrors = useTranslations("errors");
  const trpc = useTRPC();
  const [reason, setReason] = useState("");
  const moderate = useMutation(
    trpc.opinions.moderate.mutationOptions({ onSuccess: (s) => onChanged({ ...s, mine: statement.mine }) }),
  );
  const act = (action: "hide" | "restore" | "approve") =>
    moderate.mutate({ statementId: statement.id, action, reason });
  return (
    <div className="mt-2 flex flex-wrap items-center gap-2">
      {statement.state === "held" ? (
        <Button size="sm" onClick={() => act("approve")} busy={moderate.isPending}>
          {t("approve")}
        </Button>
      ) : null}
      {statement.state !== "hidden" ? (
        <>
          <span className="w-48">
            <TextInput
              aria-label={t("reason")}
              placeholder={t("reason")}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
          </span>
          <Button size="sm" variant="danger" onClick={() => act("hide")} busy={moderate.isPending}>
            {t("hide")}
          </Button>
        </>
      ) : (
        <Button size="sm" variant="secondary" onClick={() => act("restore")} busy={moderate.isPending}>
          {t("restore")}
        </Button>
      )}
      {moderate.error ? <span className="text-xs text-red-700">{describeError(moderate.error, tErrors)}</span> : null}
    </div>
  );
}

/**
 * Every statement the reader may see, with its state; moderators review held ones and hide or restore
 * (here or in the moderation queue); a signed-in reader reports another's visible statement to the queue.
 */
export function StatementList({
  statements,
  canModerate,
  canReport,
  onChanged,
}: {
  statements: Row[];
  canModerate: boolean;
  canReport: boolean;
  onChanged: (s: Row) => void;
}) {
  const t = useTranslations("opinions.statements");
  return (
    <Card>
      <section aria-labelledby="statements-heading" className="space-y-3">
        <h2 id="statements-heading" className="text-lg font-semibold">
          {t("heading")}
        </h2>
        <ul className="divide-y divide-slate-100" data-testid="statement-list">
          {statements.map((s) => (
            <li key={s.id} id={`statement-${s.id}`} className="py-2 text-sm" data-testid={`statement-${s.id}`}>
              {s.text !== null ? (
                <p className={s.state === "hidden" ? "text-slate-500 line-through" : "text-slate-900"}>{s.text}</p>
              ) : null}
              <p className="mt-1 flex flex-wrap items-center gap-2 text-xs text-slate-600">
                <span>{t("votes", { count: s.voteCount })}</span>
                {s.state === "held" ? <Badge tone="amber">{t("held")}</Badge> : null}
                {s.state === "hidden" ? (
                  <Badge>{s.hiddenReason ? t("hiddenReason", { reason: s.hiddenReason }) : t("hidden")}</Badge>
                ) : null}
                {s.mine ? <Badge>{t("mine")}</Badge> : null}
                {s.fromCommentId ? <span>{t("fromComment")}</span> : null}
              </p>
              {canReport && !s.mine && s.state === "visible" ? (
                <ReportButton targetKind="statement" targetId={s.id} />
              ) : null}
              {canModerate && !s.mine ? <ModerateButtons statement={s} onChanged={onChanged} /> : null}
            </li>
          ))}
        </ul>
      </section>
    </Card>
  );
}

"use client";
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { formatReceipt, normaliseReceipt } from "@/server/features/ballots/rules/ballot-secrecy";
import { Button } from "../../components/ui/button";
import { Alert } from "../../components/ui/card";
import { useTRPC } from "../../lib/trpc";

/**
 * "Check my receipt": the result lists every counted vote's receipt; a voter finds theirs there (their
 * own are shown when signed in) and so knows their vote was counted as cast, while the list says
 * nothing about who cast which or how.
 */
export function ReceiptCheck({ ballotId, voter }: { ballotId: number; voter: boolean }) {
  const t = useTranslations("ballots.receipts");
  const trpc = useTRPC();
  const result = useQuery(trpc.ballots.result.queryOptions({ ballotId }));
  const mine = useQuery({ ...trpc.ballots.myVotes.queryOptions({ ballotId }), enabled: voter });
  const [typed, setTyped] = useState("");
  const [checked, setChecked] = useState<null | boolean>(null);
  const counted = new Set(result.data?.receipts ?? []);

  function check(event: FormEvent) {
    event.preventDefault();
    setChecked(counted.has(normaliseReceipt(typed)));
  }

  return (
    <div className="space-y-2" data-testid="receipt-check">
      <h3 className="font-semibold">{t("heading")}</h3>
      <p className="text-xs text-slate-500">{t("hint", { count: counted.size })}</p>
      {mine.data && mine.data.votes.length > 0 ? (
        <ul className="space-y-0.5 text-xs" data-testid="my-receipts">
          {mine.data.votes.map((vote) => (
            <li key={vote.planId}>
              <code className="font-mono">{formatReceipt(vote.receipt)}</code>{" "}
              {counted.has(vote.receipt) ? t("counted") : t("notCounted")}
            </li>
          ))}
        </ul>
      ) : null}
      <form onSubmit={check} className="flex flex-wrap items-center gap-2">
        <label className="text-sm text-slate-700" htmlFor={`receipt-${ballotId}`}>
          {t("label")}
        </label>
        <input
          id={`receipt-${ballotId}`}
          className="min-w-0 flex-1 rounded-md border border-slate-300 px-2 py-1 font-mono text-sm"
          value={typed}
          onChange={(event) => {
            setTyped(event.target.value);
            setChecked(null);
          }}
        />
        <Button type="submit" variant="secondary" size="sm" disabled={normaliseReceipt(typed).length === 0}>
          {t("check")}
        </Button>
      </form>
      {checked === null ? null : (
        <Alert tone={checked ? "success" : "info"}>{checked ? t("found") : t("notFound")}</Alert>
      )}
    </div>
  );
}

"use client";
import { useTranslations } from "next-intl";
import { useState, type FormEvent, type ReactNode } from "react";
import { minQuorumBp, minVotingMs } from "@/server/features/ballots/rules/ballot-governance";
import {
  ballotRules,
  ballotVisibilities,
  type BallotRule,
  type BallotVisibility,
} from "@/server/features/ballots/rules/ballot-rules";
import { Button } from "../../components/ui/button";
import { Alert } from "../../components/ui/card";
import { Field, SelectInput, TextInput } from "../../components/ui/field";
import { describeError, errorData } from "../../lib/errors";

export interface BallotSettings {
  closesAt: Date;
  rule: BallotRule;
  quorumBp: number;
  visibility: BallotVisibility;
  showRunningTallies: boolean;
}

/** A datetime-local value in the reader's own time zone. */
function localInputValue(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The server's refusals that belong to one field of this form (server/features/ballots/rules/ballot-governance.ts). */
const fieldOfReason: Record<string, "closesAt" | "quorum" | "rule"> = {
  BAD_CLOSING_TIME: "closesAt",
  VOTING_TOO_SHORT: "closesAt",
  QUORUM_TOO_LOW: "quorum",
  SIMPLE_MAJORITY_NEEDS_CONSENT: "rule",
};

/**
 * The settings a ballot opens with, shared by the first vote and a new round. The closing time is
 * entered in local time. The form holds the governance minimums itself and the server checks them
 * again; either way the problem shows at its field.
 */
export function BallotSettingsForm({
  idPrefix,
  submitLabel,
  busy,
  error,
  failure,
  onSubmit,
  children,
  fixedRule,
}: {
  /** A ballot whose rule is not the chair's to choose (a portfolio's: regional consent). */
  fixedRule?: BallotRule;
  idPrefix: string;
  submitLabel: string;
  busy: boolean;
  error?: string | null;
  failure?: unknown;
  onSubmit: (settings: BallotSettings) => void;
  children?: ReactNode;
}) {
  const t = useTranslations("ballots");
  const tErrors = useTranslations("errors");
  const [closesAt, setClosesAt] = useState(() => localInputValue(new Date(Date.now() + 3 * 86_400_000)));
  const [rule, setRule] = useState<BallotRule>(fixedRule ?? "regional_consent");
  const [quorum, setQuorum] = useState("50");
  const [visibility, setVisibility] = useState<BallotVisibility>("secret");
  const [showRunningTallies, setShowRunningTallies] = useState(false);
  const [problem, setProblem] = useState<{ field: "closesAt" | "quorum"; text: string } | null>(null);
  const reason = errorData(failure)?.reason ?? null;
  const serverField = reason ? (fieldOfReason[reason] ?? null) : null;
  const at = (field: "closesAt" | "quorum" | "rule") =>
    problem?.field === field ? problem.text : serverField === field ? describeError(failure, tErrors) : null;
  const banner = error ?? (failure && !serverField ? describeError(failure, tErrors) : null);

  function submit(event: FormEvent) {
    event.preventDefault();
    const when = new Date(closesAt);
    if (Number.isNaN(when.getTime())) return setProblem({ field: "closesAt", text: t("settings.badTime") });
    if (when.getTime() - Date.now() < minVotingMs)
      return setProblem({ field: "closesAt", text: tErrors("reasons.VOTING_TOO_SHORT") });
    const quorumNumber = Number(quorum);
    if (!/^\d{1,3}$/.test(quorum.trim()) || quorumNumber > 100)
      return setProblem({ field: "quorum", text: t("settings.badQuorum") });
    if (quorumNumber * 100 < minQuorumBp)
      return setProblem({ field: "quorum", text: tErrors("reasons.QUORUM_TOO_LOW") });
    setProblem(null);
    onSubmit({
      closesAt: when,
      rule,
      quorumBp: quorumNumber * 100,
      visibility,
      showRunningTallies: showRunningTallies && visibility === "roll_call",
    });
  }

  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      {children}
      <Field
        label={t("settings.closesAt")}
        htmlFor={`${idPrefix}-closes`}
        hint={t("settings.closesAtHint")}
        error={at("closesAt")}
      >
        <TextInput
          id={`${idPrefix}-closes`}
          type="datetime-local"
          value={closesAt}
          onChange={(e) => setClosesAt(e.target.value)}
          required
          aria-invalid={at("closesAt") ? true : undefined}
          aria-describedby={at("closesAt") ? `${idPrefix}-closes-error` : undefined}
        />
      </Field>
      {fixedRule ? (
        <p className="text-sm text-slate-700" data-testid={`${idPrefix}-rule-fixed`}>
          {t("settings.rule")}: {t(`rules.${fixedRule}`)} — {t(`ruleHints.${fixedRule}`)}
        </p>
      ) : (
        <Field label={t("settings.rule")} htmlFor={`${idPrefix}-rule`} hint={t(`ruleHints.${rule}`)} error={at("rule")}>
          <SelectInput
            id={`${idPrefix}-rule`}
            aria-invalid={at("rule") ? true : undefined}
            aria-describedby={at("rule") ? `${idPrefix}-rule-error` : undefined}
            value={rule}
            onChange={(e) => setRule(e.target.value as BallotRule)}
          >
            {ballotRules.map((r) => (
              <option key={r} value={r}>
                {t(`rules.${r}`)}
              </option>
            ))}
          </SelectInput>
        </Field>
      )}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          label={t("settings.quorumPercent")}
          htmlFor={`${idPrefix}-quorum`}
          hint={t("settings.quorumHint")}
          error={at("quorum")}
        >
          <TextInput
            id={`${idPrefix}-quorum`}
            aria-invalid={at("quorum") ? true : undefined}
            aria-describedby={at("quorum") ? `${idPrefix}-quorum-error` : undefined}
            inputMode="numeric"
            value={quorum}
            onChange={(e) => setQuorum(e.target.value)}
          />
        </Field>
        <Field
          label={t("settings.visibility")}
          htmlFor={`${idPrefix}-visibility`}
          hint={t(`visibilityHints.${visibility}`)}
        >
          <SelectInput
            id={`${idPrefix}-visibility`}
            value={visibility}
            onChange={(e) => setVisibility(e.target.value as BallotVisibility)}
          >
            {ballotVisibilities.map((v) => (
              <option key={v} value={v}>
                {t(`visibilities.${v}`)}
              </option>
            ))}
          </SelectInput>
        </Field>
      </div>
      {/* A secret ballot's moving tallies would show each vote as it comes in: only at the close. */}
      <label className="flex items-center gap-2 text-sm text-slate-700">
        <input
          type="checkbox"
          className="size-4 rounded border-slate-300 text-brand-600"
          checked={showRunningTallies && visibility === "roll_call"}
          disabled={visibility === "secret"}
          onChange={(e) => setShowRunningTallies(e.target.checked)}
        />
        {t("settings.showRunningTallies")}
      </label>
      {visibility === "secret" ? <p className="text-xs text-slate-500">{t("settings.secretTalliesHint")}</p> : null}
      {banner ? <Alert>{banner}</Alert> : null}
      <Button type="submit" busy={busy}>
        {submitLabel}
      </Button>
    </form>
  );
}

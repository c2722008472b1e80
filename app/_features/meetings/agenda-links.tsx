"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { Field, SelectInput } from "../../components/ui/field";
import { useTRPC } from "../../lib/trpc";
import type { AgendaEntry, MeetingData } from "./types";

type RoundLink = MeetingData["roundLinks"][number];

/**
 * The agenda item form's opinion-round picker: the rounds the chair may see, newest first. A round
 * refused by the server (gone, or no longer visible) is reported here, at the field.
 */
export function RoundField({
  id,
  linkedRoundId,
  error,
}: {
  id: string;
  linkedRoundId: number | null;
  error: string | null;
}) {
  const t = useTranslations("meetings.agenda");
  const trpc = useTRPC();
  const rounds = useQuery(trpc.meetings.roundChoices.queryOptions());
  return (
    <Field
      label={t("roundId")}
      htmlFor={id}
      hint={rounds.isPending ? t("roundsLoading") : t("roundHint")}
      error={error}
    >
      <SelectInput
        // Remounted once the choices arrive, so the item's current round is selected.
        key={rounds.data ? "loaded" : "loading"}
        id={id}
        name="roundId"
        defaultValue={linkedRoundId ?? ""}
        aria-invalid={error ? true : undefined}
      >
        <option value="">{t("noRound")}</option>
        {(rounds.data ?? []).map((round) => (
          <option key={round.id} value={round.id}>
            #{round.id} {round.question}
          </option>
        ))}
      </SelectInput>
    </Field>
  );
}

/** What an item links to; its opinion round only when this reader may see it (the server leaves it out otherwise). */
export function ItemLinks({ item, round }: { item: AgendaEntry; round: RoundLink | undefined }) {
  const t = useTranslations("meetings.agenda");
  if (!item.topicId && !item.projectId && !item.ballotId && !round) return null;
  return (
    <p className="flex flex-wrap gap-3 text-sm">
      {item.topicId ? (
        <Link className="text-brand-700 hover:underline" href={`/topics/${item.topicId}`}>
          {t("topicLink", { id: item.topicId })}
        </Link>
      ) : null}
      {item.projectId ? (
        <Link className="text-brand-700 hover:underline" href={`/projects/${item.projectId}`}>
          {t("projectLink", { id: item.projectId })}
        </Link>
      ) : null}
      {item.ballotId ? (
        <span className="text-slate-600" data-testid={`item-ballot-${item.id}`}>
          {t("ballotLink", { id: item.ballotId })}
        </span>
      ) : null}
      {round ? (
        <Link
          className="break-words text-brand-700 hover:underline"
          href={`/opinions/${round.roundId}`}
          data-testid={`item-round-${item.id}`}
        >
          {t("roundLink", { question: round.question })}
        </Link>
      ) : null}
    </p>
  );
}

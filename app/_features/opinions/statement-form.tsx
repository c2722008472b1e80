"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import { opinionLimits } from "@/shared/opinion-vocabulary";
import type { StatementView } from "@/server/features/opinions/events";
import { Button } from "../../components/ui/button";
import { Alert, Card } from "../../components/ui/card";
import { Field, SelectInput } from "../../components/ui/field";
import { TextArea } from "../../components/ui/text-area";
import { useServerErrors } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";

/** A new statement, typed or taken from one of the reader's comments; errors shown at the field, the text kept. */
export function StatementForm({
  roundId,
  onAdded,
}: {
  roundId: number;
  onAdded: (s: StatementView & { mine: boolean }) => void;
}) {
  const t = useTranslations("opinions.add");
  const trpc = useTRPC();
  const id = useId();
  const [text, setText] = useState("");
  const [commentId, setCommentId] = useState<number | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const myComments = useQuery(trpc.opinions.myComments.queryOptions({ roundId }));
  const done = (s: StatementView & { mine: boolean }) => {
    setText("");
    setCommentId(null);
    setNotice(s.state === "held" ? t("held") : t("added"));
    onAdded(s);
  };
  const add = useMutation(trpc.opinions.addStatement.mutationOptions({ onSuccess: done }));
  const fromComment = useMutation(trpc.opinions.statementFromComment.mutationOptions({ onSuccess: done }));
  const failed = commentId ? fromComment.error : add.error;
  const errors = useServerErrors(failed, ["text"]);
  const busy = add.isPending || fromComment.isPending;

  return (
    <Card>
      <form
        className="space-y-3"
        aria-labelledby={`${id}-heading`}
        onSubmit={(event) => {
          event.preventDefault();
          setNotice(null);
          if (commentId) fromComment.mutate({ roundId, commentId, text });
          else add.mutate({ roundId, text });
        }}
      >
        <h2 id={`${id}-heading`} className="text-lg font-semibold">
          {t("heading")}
        </h2>
        <Field
          label={t("label")}
          htmlFor={`${id}-text`}
          error={errors.at("text")}
          hint={t("hint", { max: opinionLimits.statementMax })}
        >
          <TextArea
            id={`${id}-text`}
            name="statement"
            rows={3}
            value={text}
            maxLength={opinionLimits.statementMax + 20}
            invalid={Boolean(errors.at("text"))}
            onChange={(event) => setText(event.target.value)}
          />
        </Field>
        <p
          className={`text-right text-xs ${text.trim().length > opinionLimits.statementMax ? "text-red-700" : "text-slate-500"}`}
          aria-live="polite"
        >
          {t("counter", { count: text.trim().length, max: opinionLimits.statementMax })}
        </p>
        {myComments.data && myComments.data.length > 0 ? (
          <Field label={t("fromComment")} htmlFor={`${id}-comment`}>
            <SelectInput
              id={`${id}-comment`}
              value={commentId ?? ""}
              onChange={(event) => {
                const chosen = myComments.data.find((c) => c.id === Number(event.target.value));
                setCommentId(chosen?.id ?? null);
                if (chosen) setText(chosen.text);
              }}
            >
              <option value="">—</option>
              {myComments.data.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.text.slice(0, 80)}
                </option>
              ))}
            </SelectInput>
          </Field>
        ) : null}
        {errors.banner && !errors.at("text") ? <Alert>{errors.banner}</Alert> : null}
        {notice ? <Alert tone="success">{notice}</Alert> : null}
        <Button type="submit" busy={busy}>
          {t("submit")}
        </Button>
      </form>
    </Card>
  );
}

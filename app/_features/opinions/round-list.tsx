"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import { Button } from "../../components/ui/button";
import { Alert, Badge, Card, Skeleton } from "../../components/ui/card";
import { Field, TextInput } from "../../components/ui/field";
import { TextArea } from "../../components/ui/text-area";
import { useServerErrors } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";

/** The opinion rounds of a topic (or forum), and for members and moderators the form that opens one. */
export function RoundList({ topicId, forumId, canOpen }: { topicId?: number; forumId?: number; canOpen: boolean }) {
  const t = useTranslations("opinions");
  const trpc = useTRPC();
  const id = useId();
  const router = useRouter();
  const queryClient = useQueryClient();
  const rounds = useQuery(trpc.opinions.list.queryOptions({ topicId, forumId }));
  const [question, setQuestion] = useState("");
  const [hold, setHold] = useState(false);
  const [minVotes, setMinVotes] = useState(7);
  const [formOpen, setFormOpen] = useState(false);
  const create = useMutation(
    trpc.opinions.create.mutationOptions({
      onSuccess: ({ id: roundId }) => {
        void queryClient.invalidateQueries({ queryKey: trpc.opinions.list.queryKey({ topicId, forumId }) });
        router.push(`/opinions/${roundId}`);
      },
    }),
  );
  const errors = useServerErrors(create.error, ["question", "minVotes"]);
  return (
    <Card>
      <section aria-labelledby={`${id}-heading`} className="space-y-3" data-testid="opinion-rounds">
        <h2 id={`${id}-heading`} className="text-lg font-semibold">
          {t("rounds.heading")}
        </h2>
        <p className="text-sm text-slate-600">{t("rounds.intro")}</p>
        {rounds.isPending ? <Skeleton lines={2} /> : null}
        {rounds.isError ? <Alert>{t("rounds.loadFailed")}</Alert> : null}
        {rounds.data && rounds.data.length === 0 ? (
          <p className="text-sm text-slate-600">{t(topicId ? "rounds.empty" : "rounds.emptyForum")}</p>
        ) : null}
        <ul className="space-y-2">
          {(rounds.data ?? []).map((r) => (
            <li key={r.id} className="flex flex-wrap items-center gap-2 text-sm">
              <Badge tone={r.state === "open" ? "green" : "slate"}>{t(`rounds.${r.state}`)}</Badge>
              <Link href={`/opinions/${r.id}`} className="font-medium text-brand-700 hover:underline">
                {r.question}
              </Link>
              <span className="text-slate-600">
                {t("rounds.counts", { voters: r.voters, statements: r.statements })}
              </span>
              {/* In a forum's list, the topic a round belongs to (a forum-wide round has none). */}
              {!topicId && r.topicId !== null && r.topicTitle ? (
                <span className="min-w-0 basis-full text-slate-600 [overflow-wrap:anywhere]">
                  {t.rich("rounds.onTopic", {
                    topic: () => (
                      <Link href={`/topics/${r.topicId}`} className="text-brand-700 hover:underline">
                        {r.topicTitle}
                      </Link>
                    ),
                  })}
                </span>
              ) : null}
            </li>
          ))}
        </ul>
        {canOpen && !formOpen ? (
          <Button variant="secondary" size="sm" onClick={() => setFormOpen(true)}>
            {t("create.heading")}
          </Button>
        ) : null}
        {canOpen && formOpen ? (
          <form
            className="space-y-3 border-t border-slate-100 pt-3"
            onSubmit={(event) => {
              event.preventDefault();
              create.mutate({
                topicId,
                forumId: topicId ? undefined : forumId,
                question,
                holdNewStatements: hold,
                minVotes,
              });
            }}
          >
            <Field
              label={t("create.question")}
              htmlFor={`${id}-question`}
              error={errors.at("question")}
              hint={t("create.questionHint")}
            >
              <TextArea
                id={`${id}-question`}
                rows={2}
                value={question}
                invalid={Boolean(errors.at("question"))}
                onChange={(e) => setQuestion(e.target.value)}
              />
            </Field>
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" checked={hold} onChange={(e) => setHold(e.target.checked)} />
              {t("create.hold")}
            </label>
            <Field label={t("create.minVotes")} htmlFor={`${id}-min`} error={errors.at("minVotes")}>
              <TextInput
                id={`${id}-min`}
                type="number"
                min={1}
                max={50}
                value={minVotes}
                invalid={Boolean(errors.at("minVotes"))}
                onChange={(e) => setMinVotes(Number(e.target.value))}
              />
            </Field>
            {errors.banner && !errors.at("question") && !errors.at("minVotes") ? (
              <p className="text-sm text-red-700">{errors.banner}</p>
            ) : null}
            <Button type="submit" busy={create.isPending}>
              {t("create.submit")}
            </Button>
          </form>
        ) : null}
      </section>
    </Card>
  );
}

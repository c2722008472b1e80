"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useCallback, useState } from "react";
import { Button } from "@/app/components/ui/button";
import { Alert, Card, Skeleton } from "@/app/components/ui/card";
import { Field, SelectInput, TextInput } from "@/app/components/ui/field";
import { pick } from "@/app/lib/localized";
import type { RouterOutputs } from "@/app/lib/router-types";
import { useTRPC } from "@/app/lib/trpc";
import { describeModerationError } from "../moderation/errors";

type Settings = RouterOutputs["admin"]["holdSettings"][number];
const dayChoices = [1, 3, 7, 14, 30] as const;

/** Per-forum hold-for-review settings and the blocked-word list they use. */
export function HoldPanel() {
  const t = useTranslations("adminConsole.hold");
  const tm = useTranslations("moderation");
  const tErrors = useTranslations("errors");
  const locale = useLocale();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const forums = useQuery(trpc.forums.list.queryOptions());
  const settings = useQuery(trpc.admin.holdSettings.queryOptions());
  const words = useQuery(trpc.admin.blockedWords.queryOptions());
  const refreshWords = useCallback(
    () => void queryClient.invalidateQueries({ queryKey: trpc.admin.blockedWords.queryKey() }),
    [queryClient, trpc],
  );
  const [word, setWord] = useState("");
  const add = useMutation(
    trpc.admin.addBlockedWord.mutationOptions({ onSuccess: () => (setWord(""), refreshWords()) }),
  );
  const remove = useMutation(trpc.admin.removeBlockedWord.mutationOptions({ onSuccess: refreshWords }));

  return (
    <div className="grid gap-6 lg:grid-cols-[1fr_22rem]">
      <Card>
        <h3 className="font-semibold">{t("title")}</h3>
        <p className="mb-3 text-sm text-slate-600">{t("hint")}</p>
        {forums.isPending || settings.isPending ? (
          <Skeleton lines={5} />
        ) : forums.error || settings.error ? (
          <Alert>{describeModerationError(forums.error ?? settings.error, tm, tErrors)}</Alert>
        ) : (
          <ul className="divide-y divide-slate-100" data-testid="hold-settings">
            {forums.data.map((forum) => (
              <li key={forum.id} className="py-3">
                <HoldRow
                  forumTitle={pick(locale, forum, "title")}
                  initial={
                    settings.data.find((s) => s.forumId === forum.id) ?? {
                      forumId: forum.id,
                      newAccountDays: null,
                      holdBlockedWords: false,
                      holdLinks: false,
                    }
                  }
                />
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card>
        <h3 className="font-semibold">{t("wordsTitle")}</h3>
        <p className="mb-3 text-sm text-slate-600">{t("wordsHint")}</p>
        {add.error || remove.error ? (
          <Alert>{describeModerationError(add.error ?? remove.error, tm, tErrors)}</Alert>
        ) : null}
        <form
          className="flex items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            if (word.trim()) add.mutate({ word });
          }}
        >
          <div className="flex-1">
            <Field label={t("word")} htmlFor="blocked-word">
              <TextInput id="blocked-word" value={word} maxLength={80} onChange={(e) => setWord(e.target.value)} />
            </Field>
          </div>
          <Button type="submit" size="sm" busy={add.isPending}>
            {t("addWord")}
          </Button>
        </form>
        {words.isPending ? (
          <Skeleton lines={3} />
        ) : words.data?.length === 0 ? (
          <p className="mt-3 text-sm text-slate-500">{t("noWords")}</p>
        ) : (
          <ul className="mt-3 flex flex-wrap gap-2">
            {(words.data ?? []).map((w) => (
              <li key={w.id} className="flex items-center gap-1 rounded-full bg-slate-100 py-0.5 pl-3 pr-1 text-sm">
                {w.word}
                <button
                  type="button"
                  className="rounded-full px-1.5 text-slate-500 hover:bg-slate-200"
                  aria-label={`${t("remove")} ${w.word}`}
                  onClick={() => remove.mutate({ id: w.id })}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}

function HoldRow({ forumTitle, initial }: { forumTitle: string; initial: Settings }) {
  const t = useTranslations("adminConsole.hold");
  const tm = useTranslations("moderation");
  const tErrors = useTranslations("errors");
  const trpc = useTRPC();
  const [value, setValue] = useState(initial);
  const save = useMutation(trpc.admin.setHoldSettings.mutationOptions());
  const id = `hold-${initial.forumId}`;
  return (
    <form
      className="flex flex-wrap items-end gap-3 text-sm"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate(value);
      }}
    >
      <p className="w-full font-medium">{forumTitle}</p>
      <div className="w-44">
        <Field label={t("newAccountDays")} htmlFor={`${id}-days`}>
          <SelectInput
            id={`${id}-days`}
            value={value.newAccountDays ?? ""}
            onChange={(e) => setValue({ ...value, newAccountDays: e.target.value ? Number(e.target.value) : null })}
          >
            <option value="">{t("off")}</option>
            {dayChoices.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </SelectInput>
        </Field>
      </div>
      <label className="flex items-center gap-2 pb-2">
        <input
          type="checkbox"
          checked={value.holdBlockedWords}
          onChange={(e) => setValue({ ...value, holdBlockedWords: e.target.checked })}
        />
        {t("blockedWords")}
      </label>
      <label className="flex items-center gap-2 pb-2">
        <input
          type="checkbox"
          checked={value.holdLinks}
          onChange={(e) => setValue({ ...value, holdLinks: e.target.checked })}
        />
        {t("links")}
      </label>
      <Button type="submit" size="sm" variant="secondary" busy={save.isPending}>
        {t("save")}
      </Button>
      {save.isSuccess ? (
        <span role="status" className="pb-2 text-emerald-700">
          {t("saved")}
        </span>
      ) : null}
      {save.error ? (
        <span className="w-full">
          <Alert>{describeModerationError(save.error, tm, tErrors)}</Alert>
        </span>
      ) : null}
    </form>
  );
}

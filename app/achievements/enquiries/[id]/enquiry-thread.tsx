"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { achievementLimits } from "@/shared/achievement-vocabulary";
import { TransferForm } from "@/app/_features/achievements/transfer-form";
import { Button } from "../../../components/ui/button";
import { Alert, Card } from "../../../components/ui/card";
import { Field } from "../../../components/ui/field";
import { TextArea } from "../../../components/ui/text-area";
import type { RouterOutputs } from "../../../lib/router-types";
import { useServerErrors } from "../../../lib/server-errors";
import { useTRPC } from "../../../lib/trpc";

type Enquiry = RouterOutputs["achievements"]["enquiry"];

/** A private conversation between an asker and an achievement's owners; an owner can record the deal from here. */
export function EnquiryThread({ initial, isAdmin }: { initial: Enquiry; isAdmin: boolean }) {
  const t = useTranslations("achievements");
  const tCommon = useTranslations("common");
  const locale = useLocale();
  const format = useFormatter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const key = { enquiryId: initial.id };
  const enquiry = useQuery({ ...trpc.achievements.enquiry.queryOptions(key), initialData: initial });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.achievements.enquiry.queryKey(key) });
  const [body, setBody] = useState("");
  const [blank, setBlank] = useState(false);
  const post = useMutation(
    trpc.achievements.postMessage.mutationOptions({
      onSuccess: () => {
        setBody("");
        refresh();
      },
    }),
  );
  const hide = useMutation(trpc.achievements.hideMessage.mutationOptions({ onSuccess: refresh }));
  const server = useServerErrors(post.error, ["body"]);
  const e = enquiry.data;
  const title = locale === "en" ? e.achievement.titleEn : e.achievement.titleZh;
  function submit(event: FormEvent) {
    event.preventDefault();
    setBlank(!body.trim());
    if (body.trim()) post.mutate({ enquiryId: e.id, body });
  }
  const error = blank ? tCommon("required") : server.at("body");
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold text-slate-900">{t("enquiries.thread", { title })}</h1>
      <p className="text-sm text-slate-600">
        <Link href={`/achievements/${e.achievement.id}`} className="text-brand-700 hover:underline">
          {title}
        </Link>{" "}
        · {t("enquiries.private", { asker: `${e.asker.displayName}（${e.asker.organisation}）` })}
      </p>
      <ol className="space-y-3" aria-label={t("enquiries.thread", { title })}>
        {e.messages.map((m) => (
          <li
            key={m.id}
            className={`rounded-lg border p-3 ${m.author.id === e.asker.id ? "border-slate-200 bg-white" : "border-brand-100 bg-brand-50"}`}
          >
            <p className="text-xs text-slate-500">
              {m.author.displayName} ·{" "}
              {format.dateTime(new Date(m.createdAt), { dateStyle: "medium", timeStyle: "short" })}
            </p>
            {m.body === null ? (
              <p className="text-sm italic text-slate-500">{t("enquiries.hidden")}</p>
            ) : (
              <p className="whitespace-pre-line text-slate-800">{m.body}</p>
            )}
            {isAdmin && m.body !== null ? (
              <Button size="sm" variant="ghost" busy={hide.isPending} onClick={() => hide.mutate({ messageId: m.id })}>
                {t("enquiries.hide")}
              </Button>
            ) : null}
          </li>
        ))}
      </ol>
      {e.isAsker || e.isOwner ? (
        <Card>
          <form onSubmit={submit} noValidate className="space-y-2">
            {server.banner && !server.at("body") ? <Alert>{server.banner}</Alert> : null}
            <Field label={t("enquiries.reply")} htmlFor="reply-body" error={error}>
              <TextArea
                id="reply-body"
                rows={3}
                value={body}
                onChange={(ev) => setBody(ev.target.value)}
                invalid={!!error}
                maxLength={achievementLimits.messageMax}
              />
            </Field>
            <Button type="submit" busy={post.isPending}>
              {t("detail.send")}
            </Button>
          </form>
        </Card>
      ) : null}
      {e.isOwner ? (
        <Card>
          <TransferForm
            achievementId={e.achievement.id}
            enquiry={{ id: e.id, organisation: e.asker.organisation, regionId: e.asker.regionId }}
          />
        </Card>
      ) : null}
    </div>
  );
}

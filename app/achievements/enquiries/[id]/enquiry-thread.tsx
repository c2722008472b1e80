"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import dynamic from "next/dynamic";
import { useMemo, useState, type FormEvent } from "react";
import { streamKey } from "@/server/domain/stream-access";
import { achievementLimits } from "@/shared/achievement-vocabulary";
import { ReportButton } from "@/app/_features/moderation/report-button";
import { Button } from "../../../components/ui/button";
import { Alert, Card, Skeleton } from "../../../components/ui/card";
import { Field } from "../../../components/ui/field";
import { TextArea } from "../../../components/ui/text-area";
import type { RouterOutputs } from "../../../lib/router-types";
import { applyNegotiationEvent } from "../../../lib/live/enquiry-thread";
import { useServerErrors } from "../../../lib/server-errors";
import { useTRPC } from "../../../lib/trpc";
import { useLiveQuery } from "../../../lib/use-live-query";
import { TextInput } from "../../../components/ui/field";
import { untilHydrated } from "../../../components/ui/until-hydrated";

/**
 * The terms panel and the owner's transfer form (~6 kB) sit below the thread, so they load after the page;
 * they are server-rendered, and their controls stay disabled until their chunk has hydrated, so nothing
 * typed before then is reset.
 */
// The loading states are also their Suspense boundaries, so the thread never waits for these chunks.
const loading = () => <Skeleton />;
const NegotiationTerms = dynamic(
  () => import("@/app/_features/achievements/negotiation-terms").then((m) => untilHydrated(m.NegotiationTerms)),
  { loading },
);
const TransferForm = dynamic(
  () => import("@/app/_features/achievements/transfer-form").then((m) => untilHydrated(m.TransferForm)),
  { loading },
);

type Enquiry = RouterOutputs["achievements"]["enquiry"];

/** An admin withholds a message with a reason the parties will read; a missing reason or a refusal shows at the field. */
function HideMessage({ messageId }: { messageId: number }) {
  const t = useTranslations("achievements.enquiries");
  const tCommon = useTranslations("common");
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [blank, setBlank] = useState(false);
  const hide = useMutation(trpc.achievements.hideMessage.mutationOptions());
  const server = useServerErrors(hide.error, ["reason"]);
  if (!open)
    return (
      <Button size="sm" variant="ghost" onClick={() => setOpen(true)}>
        {t("hide")}
      </Button>
    );
  const error = blank ? tCommon("required") : (server.at("reason") ?? server.banner);
  return (
    <form
      className="mt-2 flex flex-wrap items-end gap-2"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        setBlank(!reason.trim());
        if (reason.trim()) hide.mutate({ messageId, reason });
      }}
    >
      <Field label={t("hideReason")} htmlFor={`hide-${messageId}`} error={error}>
        <TextInput
          id={`hide-${messageId}`}
          value={reason}
          invalid={error !== null}
          onChange={(e) => setReason(e.target.value)}
          maxLength={achievementLimits.reasonMax}
        />
      </Field>
      <Button type="submit" size="sm" variant="danger" busy={hide.isPending}>
        {t("hide")}
      </Button>
    </form>
  );
}

/**
 * A private negotiation between an asker and an achievement's owners, live on its own stream: messages,
 * deal terms and hidden marks arrive as they commit. An owner records the deal from accepted terms here.
 */
export function EnquiryThread({
  initial,
  isAdmin,
  viewerId,
}: {
  initial: Enquiry;
  isAdmin: boolean;
  viewerId: number | null;
}) {
  const t = useTranslations("achievements");
  const tCommon = useTranslations("common");
  const locale = useLocale();
  const format = useFormatter();
  const trpc = useTRPC();
  const key = { enquiryId: initial.id };
  const enquiry = useQuery({ ...trpc.achievements.enquiry.queryOptions(key), initialData: initial });
  const queryKey = useMemo(() => trpc.achievements.enquiry.queryKey({ enquiryId: initial.id }), [trpc, initial.id]);
  useLiveQuery(queryKey, streamKey({ kind: "enquiry", id: initial.id }), enquiry.data, applyNegotiationEvent);
  const [body, setBody] = useState("");
  const [blank, setBlank] = useState(false);
  const post = useMutation(
    // The message comes back on the thread's stream, like everyone else's.
    trpc.achievements.postMessage.mutationOptions({ onSuccess: () => setBody("") }),
  );
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
      <p className="text-xs text-slate-500">{t("enquiries.live")}</p>
      <ol className="space-y-3" aria-label={t("enquiries.thread", { title })} aria-live="polite">
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
              <p className="text-sm italic text-slate-500">
                {m.hiddenReason ? t("enquiries.hiddenWithReason", { reason: m.hiddenReason }) : t("enquiries.hidden")}
              </p>
            ) : (
              <p className="whitespace-pre-line text-slate-800">{m.body}</p>
            )}
            {isAdmin && m.body !== null ? <HideMessage messageId={m.id} /> : null}
            {/* A party reports the other side's message; the moderators see that message alone. */}
            {(e.isAsker || e.isOwner) && m.body !== null && m.author.id !== viewerId ? (
              <ReportButton targetKind="enquiry_message" targetId={m.id} />
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
      <NegotiationTerms enquiry={e} />
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

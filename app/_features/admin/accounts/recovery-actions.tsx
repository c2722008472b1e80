"use client";
import { useMutation } from "@tanstack/react-query";
import type { ListedInvitation } from "@/server/features/admin/events";
import { useFormatter, useTranslations } from "next-intl";
import { Button } from "@/app/components/ui/button";
import { useServerErrors } from "@/app/lib/server-errors";
import { useTRPC } from "@/app/lib/trpc";

/** The outcome of sending a link: where it went, or (mail off) the link itself to pass on by hand. */
function LinkOutcome({
  result,
  email,
  sentKey,
  linkKey,
}: {
  result: { path: string; expiresAt: Date; mailed: boolean };
  email: string;
  sentKey: "resetSent" | "renewed";
  linkKey: "resetLink" | "renewedLink";
}) {
  const t = useTranslations("recovery.admin");
  const format = useFormatter();
  const time = format.dateTime(result.expiresAt, { dateStyle: "medium", timeStyle: "short" });
  if (result.mailed) return <p className="text-emerald-800">{t(sentKey, { email, time })}</p>;
  const url = typeof window === "undefined" ? result.path : `${window.location.origin}${result.path}`;
  return (
    <p className="text-slate-700">
      {t(linkKey, { email, time })}{" "}
      <code className="break-all select-all" data-testid="recovery-link">
        {url}
      </code>
    </p>
  );
}

/** A button that sends a link, and under it what happened. */
function LinkAction({
  label,
  mutation,
  email,
  sentKey,
  linkKey,
}: {
  label: string;
  mutation: {
    mutate: () => void;
    isPending: boolean;
    data?: { path: string; expiresAt: Date; mailed: boolean };
    error: unknown;
  };
  email: string;
  sentKey: "resetSent" | "renewed";
  linkKey: "resetLink" | "renewedLink";
}) {
  const server = useServerErrors(mutation.error, []);
  return (
    <span className="inline-flex flex-col items-end gap-1 text-left">
      <Button size="sm" variant="secondary" busy={mutation.isPending} onClick={() => mutation.mutate()}>
        {label}
      </Button>
      {mutation.data ? <LinkOutcome result={mutation.data} email={email} sentKey={sentKey} linkKey={linkKey} /> : null}
      {server.banner ? <p className="text-red-700">{server.banner}</p> : null}
    </span>
  );
}

export function SendResetLink({ accountId, email }: { accountId: number; email: string }) {
  const t = useTranslations("recovery.admin");
  const trpc = useTRPC();
  const send = useMutation(trpc.recovery.sendReset.mutationOptions());
  return (
    <LinkAction
      label={t("sendReset")}
      mutation={{ ...send, mutate: () => send.mutate({ accountId }) }}
      email={email}
      sentKey="resetSent"
      linkKey="resetLink"
    />
  );
}

export function RenewInvitation({
  invitationId,
  email,
  onRenewed,
}: {
  invitationId: number;
  email: string;
  /** Given the answer: the invitation's row read after the renewal, with the admin stream's head. */
  onRenewed: (answer: { invitation: ListedInvitation | null; headSeq: number }) => void;
}) {
  const t = useTranslations("recovery.admin");
  const trpc = useTRPC();
  const renew = useMutation(trpc.recovery.renewInvitation.mutationOptions({ onSuccess: onRenewed }));
  return (
    <LinkAction
      label={t("renew")}
      mutation={{ ...renew, mutate: () => renew.mutate({ invitationId }) }}
      email={email}
      sentKey="renewed"
      linkKey="renewedLink"
    />
  );
}

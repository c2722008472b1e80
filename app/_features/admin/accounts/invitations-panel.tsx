"use client";
import { RegionOptions } from "@/app/components/region-options";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import { useCallback, useMemo, useState, type FormEvent } from "react";
import { roles, type Role } from "@/shared/vocabulary";
import { Button } from "@/app/components/ui/button";
import { Alert, Badge, Card, EmptyState, Skeleton } from "@/app/components/ui/card";
import { Field, SelectInput, TextInput } from "@/app/components/ui/field";
import { OneTimeSecret } from "@/app/components/ui/one-time-secret";
import { describeError } from "@/app/lib/errors";
import { pick } from "@/app/lib/localized";
import {
  applyInvitationListEvent,
  invitationsAt,
  nextInvitationChange,
  withInvitation,
} from "@/app/lib/live/invitation-list";
import { settleOwnRow } from "@/app/lib/live/keyed-list";
import { useLiveQuery } from "@/app/lib/use-live-query";
import { useClockStates } from "@/app/lib/use-clock-states";
import { useTRPC } from "@/app/lib/trpc";
import { RenewInvitation } from "./recovery-actions";
import { streamKey } from "@/server/domain/stream-access";
import type { ListedInvitation } from "@/server/features/admin/events";

const statusTone = { pending: "amber", redeemed: "green", revoked: "slate", expired: "red" } as const;

export function InvitationsPanel() {
  const t = useTranslations();
  const tErrors = useTranslations("errors");
  const locale = useLocale();
  const format = useFormatter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const regions = useQuery(trpc.reference.regions.queryOptions());
  const invitations = useQuery(trpc.invitations.list.queryOptions());
  const queryKey = useMemo(() => trpc.invitations.list.queryKey(), [trpc]);
  useLiveQuery(queryKey, streamKey({ kind: "admin" }), invitations.data, applyInvitationListEvent);
  // Expiry is a time rule with no event: the row turns expired at its instant, as redeeming it then fails.
  useClockStates(queryKey, invitations.data, invitationsAt, nextInvitationChange);
  // An own action's answer is the invitation's row read after its commit, set in place of a read.
  const settle = useCallback(
    (answer: { invitation: ListedInvitation | null; headSeq: number }) =>
      queryClient.setQueryData(queryKey, (view) =>
        settleOwnRow(view, answer, (held) => (answer.invitation ? withInvitation(held, answer.invitation) : held)),
      ),
    [queryClient, queryKey],
  );

  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("member");
  const [regionId, setRegionId] = useState<number | "">("");
  const [organisation, setOrganisation] = useState("");
  const [missing, setMissing] = useState(false);
  const issue = useMutation(trpc.invitations.issue.mutationOptions({ onSuccess: settle }));
  const revoke = useMutation(trpc.invitations.revoke.mutationOptions({ onSuccess: settle }));

  function submit(event: FormEvent) {
    event.preventDefault();
    const incomplete = !email.trim() || regionId === "";
    setMissing(incomplete);
    if (!incomplete) issue.mutate({ email, role, regionId: Number(regionId), organisation });
  }

  const link = issue.data ? `${typeof window === "undefined" ? "" : window.location.origin}${issue.data.path}` : null;
  const regionName = (id: number) => {
    const region = regions.data?.flatMap((c) => c.regions).find((r) => r.id === id);
    return region ? pick(locale, region, "name") : "—";
  };

  return (
    <div className="grid gap-6 lg:grid-cols-[22rem_1fr]">
      <Card>
        <form onSubmit={submit} className="space-y-4" noValidate>
          <h3 className="font-semibold">{t("admin.issueTitle")}</h3>
          {issue.error ? <Alert>{describeError(issue.error, tErrors)}</Alert> : null}
          <Field
            label={t("admin.email")}
            htmlFor="invite-email"
            error={missing && !email.trim() ? t("common.required") : null}
          >
            <TextInput
              id="invite-email"
              type="email"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              invalid={missing && !email.trim()}
            />
          </Field>
          <Field label={t("admin.role")} htmlFor="invite-role">
            <SelectInput id="invite-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {roles.map((r) => (
                <option key={r} value={r}>
                  {t(`roles.${r}`)}
                </option>
              ))}
            </SelectInput>
          </Field>
          <Field
            label={t("admin.region")}
            htmlFor="invite-region"
            error={missing && regionId === "" ? t("common.required") : null}
          >
            <SelectInput
              id="invite-region"
              value={regionId}
              onChange={(e) => setRegionId(e.target.value === "" ? "" : Number(e.target.value))}
            >
              <option value="">—</option>
              <RegionOptions activeOnly />
            </SelectInput>
          </Field>
          <Field label={t("admin.organisation")} htmlFor="invite-organisation">
            <TextInput
              id="invite-organisation"
              value={organisation}
              maxLength={120}
              onChange={(e) => setOrganisation(e.target.value)}
            />
          </Field>
          <Button type="submit" busy={issue.isPending} className="w-full">
            {t("admin.issue")}
          </Button>
          {link && issue.variables ? (
            <OneTimeSecret
              notice={t("admin.issued", { email: issue.variables.email })}
              value={link}
              testId="invite-link"
              copyLabel={t("admin.copy")}
            />
          ) : null}
        </form>
      </Card>

      <Card>
        <h3 className="mb-3 font-semibold">{t("admin.invitations")}</h3>
        {invitations.isPending ? (
          <Skeleton lines={4} />
        ) : invitations.error ? (
          <Alert>
            {describeError(invitations.error, tErrors)}{" "}
            <button type="button" className="underline" onClick={() => void invitations.refetch()}>
              {t("common.retry")}
            </button>
          </Alert>
        ) : invitations.data.invitations.length === 0 ? (
          <EmptyState title={t("admin.empty")}>{t("admin.emptyHint")}</EmptyState>
        ) : (
          <div className="-mx-5 overflow-x-auto">
            <table className="min-w-full text-sm" data-testid="invitation-table">
              <thead className="border-b border-slate-200 text-left text-xs uppercase tracking-wide text-slate-500">
                <tr>
                  <th className="px-5 py-2 font-medium">{t("admin.columns.email")}</th>
                  <th className="px-3 py-2 font-medium">{t("admin.columns.role")}</th>
                  <th className="px-3 py-2 font-medium">{t("admin.columns.region")}</th>
                  <th className="px-3 py-2 font-medium">{t("admin.columns.status")}</th>
                  <th className="px-3 py-2 font-medium">{t("admin.columns.expires")}</th>
                  <th className="px-5 py-2 font-medium">
                    <span className="sr-only">{t("admin.columns.actions")}</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {invitations.data.invitations.map((invitation) => (
                  <tr key={invitation.id} data-testid={`invitation-${invitation.email}`}>
                    <td className="max-w-56 truncate px-5 py-2 font-medium">{invitation.email}</td>
                    <td className="whitespace-nowrap px-3 py-2">{t(`roles.${invitation.role}`)}</td>
                    <td className="whitespace-nowrap px-3 py-2">{regionName(invitation.regionId)}</td>
                    <td className="px-3 py-2">
                      <Badge tone={statusTone[invitation.status]}>{t(`admin.${invitation.status}`)}</Badge>
                    </td>
                    <td className="whitespace-nowrap px-3 py-2 text-slate-600">
                      {format.dateTime(invitation.expiresAt, { dateStyle: "short", timeStyle: "short" })}
                    </td>
                    <td className="px-5 py-2 text-right">
                      {invitation.status === "pending" ? (
                        <Button
                          variant="danger"
                          size="sm"
                          busy={revoke.isPending && revoke.variables?.id === invitation.id}
                          onClick={() => revoke.mutate({ id: invitation.id })}
                        >
                          {t("admin.revoke")}
                        </Button>
                      ) : null}
                      {invitation.status === "pending" || invitation.status === "expired" ? (
                        <RenewInvitation invitationId={invitation.id} email={invitation.email} onRenewed={settle} />
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </div>
  );
}

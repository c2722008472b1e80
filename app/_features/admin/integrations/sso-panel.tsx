"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "@/app/components/ui/button";
import { Alert, Card, EmptyState, Skeleton } from "@/app/components/ui/card";
import { Field, SelectInput, TextInput } from "@/app/components/ui/field";
import { describeError } from "@/app/lib/errors";
import type { RouterOutputs } from "@/app/lib/router-types";
import { useTRPC } from "@/app/lib/trpc";

type Request = RouterOutputs["sso"]["pending"][number];

/** First sign-ins through an identity provider not trusted for the person's region, waiting for an admin. */
export function SsoPanel() {
  const t = useTranslations("sso.admin");
  const tErrors = useTranslations("errors");
  const trpc = useTRPC();
  const pending = useQuery(trpc.sso.pending.queryOptions());
  const [done, setDone] = useState<string | null>(null);
  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-600">{t("description")}</p>
      {done ? <Alert tone="success">{done}</Alert> : null}
      {pending.isPending ? (
        <Skeleton lines={4} />
      ) : pending.error ? (
        <Alert>{describeError(pending.error, tErrors)}</Alert>
      ) : pending.data.length === 0 ? (
        <EmptyState title={t("empty")} />
      ) : (
        <ul className="space-y-3" data-testid="sso-requests">
          {pending.data.map((request) => (
            <li key={request.id}>
              <RequestCard request={request} onDone={setDone} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function RequestCard({ request, onDone }: { request: Request; onDone: (message: string) => void }) {
  const t = useTranslations("sso.admin");
  const tRoles = useTranslations("roles");
  const tErrors = useTranslations("errors");
  const locale = useLocale();
  const format = useFormatter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [role, setRole] = useState<"member" | "researcher">(request.role === "member" ? "member" : "researcher");
  const [reason, setReason] = useState("");
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.sso.pending.queryKey() });
  const approve = useMutation(
    trpc.sso.approve.mutationOptions({
      onSuccess: () => (onDone(t("approved", { name: request.displayName })), refresh()),
    }),
  );
  const refuse = useMutation(
    trpc.sso.refuse.mutationOptions({
      onSuccess: () => (onDone(t("refused", { name: request.displayName })), refresh()),
    }),
  );
  const provider = request.providerLabel
    ? locale === "en"
      ? request.providerLabel.en
      : request.providerLabel["zh-CN"]
    : request.providerId;
  const error = approve.error ?? refuse.error;
  return (
    <Card>
      <dl className="grid gap-3 text-sm sm:grid-cols-2 lg:grid-cols-4">
        <div>
          <dt className="text-slate-500">{t("person")}</dt>
          <dd className="font-medium">{request.displayName}</dd>
          <dd className="break-all text-xs text-slate-600">{request.email}</dd>
          <dd className="text-xs text-slate-600">{request.organisation}</dd>
        </div>
        <div>
          <dt className="text-slate-500">{t("provider")}</dt>
          <dd>{provider}</dd>
        </div>
        <div>
          <dt className="text-slate-500">{t("region")}</dt>
          <dd>{locale === "en" ? request.regionNameEn : request.regionNameZh}</dd>
        </div>
        <div>
          <dt className="text-slate-500">{t("requested")}</dt>
          <dd>{format.dateTime(request.createdAt, { dateStyle: "medium", timeStyle: "short" })}</dd>
        </div>
      </dl>
      {error ? (
        <div className="mt-3">
          <Alert>{describeError(error, tErrors)}</Alert>
        </div>
      ) : null}
      <div className="mt-4 grid gap-3 sm:grid-cols-[12rem_1fr_auto] sm:items-end">
        <Field label={t("role")} htmlFor={`sso-role-${request.id}`}>
          <SelectInput
            id={`sso-role-${request.id}`}
            value={role}
            onChange={(e) => setRole(e.target.value === "member" ? "member" : "researcher")}
          >
            <option value="researcher">{tRoles("researcher")}</option>
            <option value="member">{tRoles("member")}</option>
          </SelectInput>
        </Field>
        <Field label={t("reason")} htmlFor={`sso-reason-${request.id}`}>
          <TextInput
            id={`sso-reason-${request.id}`}
            value={reason}
            maxLength={500}
            onChange={(e) => setReason(e.target.value)}
          />
        </Field>
        <div className="flex gap-2">
          <Button
            busy={approve.isPending}
            disabled={refuse.isPending}
            onClick={() => approve.mutate({ requestId: request.id, role })}
            data-testid={`sso-approve-${request.id}`}
          >
            {t("approve")}
          </Button>
          <Button
            variant="danger"
            busy={refuse.isPending}
            disabled={approve.isPending}
            onClick={() => refuse.mutate({ requestId: request.id, reason })}
          >
            {t("refuse")}
          </Button>
        </div>
      </div>
    </Card>
  );
}
